#!/usr/bin/env bash
# Builds the editor and serves it at http://127.0.0.1:8080/ (PORT=... to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh web journeymap_web jm_site | grep -vE '^\[|^Scanning|Built target|Consolidate' || true
echo "journeymap: open http://127.0.0.1:${PORT:-8080}/"
exec node tools/serve.mjs --root build/web/site --port "${PORT:-8080}"
