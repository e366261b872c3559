#!/usr/bin/env bash
# Installs everything the build and the tests need, once. Idempotent: a second run with
# everything present only checks and returns in about a second.
#   - Debian packages (as root): the toolchain, libraries, fonts, the browsers (Chromium for the
#     full end-to-end suite; Firefox ESR, WebKitGTK's WebKitWebDriver and Xvfb for the smoke suite
#     in tests/browsers/), LibreOffice Calc and Impress without their GUI and poppler-utils (open the .xlsx
#     and .pptx exports and read the PDFs back in tests/clients/).
#   - Dear ImGui 1.90.1, FriBidi, libcsv and zlib from their Debian *source* packages, checksum-verified and
#     unpacked under $JM_CACHE (default ~/.cache/journeymap), never inside the repository.
#   - the test drivers from npm (playwright-core, puppeteer-core, selenium-webdriver, ...), pinned
#     by package-lock.json (npm ci). None of them downloads a browser: they drive Debian's.
# The system's apt configuration is never changed: the deb-src entry lives in a private file.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JM_CACHE=${JM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/journeymap}
DEPS=$JM_CACHE/deps
die() { echo "setup: $*" >&2; exit 1; }

IMGUI_VERSION=1.90.1
FRIBIDI_VERSION=1.0.8
LIBCSV_VERSION=3.0.3
ZLIB_VERSION=1:1.2.13
# Suite each source package is taken from (the release that carries the wanted version).
IMGUI_SUITE=trixie
FRIBIDI_SUITE=bookworm
LIBCSV_SUITE=bookworm
ZLIB_SUITE=bookworm

# ---- 1. Debian packages ---------------------------------------------------------------------
PKGS=(emscripten nlohmann-json3-dev catch2 fonts-noto-core chromium python3-fonttools
      clang libclang-rt-14-dev cmake make g++ xz-utils ca-certificates sqlite3
      firefox-esr webkit2gtk-driver xvfb libreoffice-calc-nogui libreoffice-impress-nogui
      poppler-utils)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing Debian packages: ${missing[*]}. Run this as root, or: sudo apt-get install ${missing[*]}"
  echo "setup: installing ${missing[*]}"
  apt-get update -qq >/dev/null || die "apt-get update failed: is Debian's archive reachable? Check /etc/apt/sources.list.d and the network."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed: is Debian's archive reachable?"
fi

# ---- 2. Source packages: Dear ImGui, FriBidi, libcsv, zlib -------------------------------------------
# The archive's URI is read from this machine's own apt configuration (deb822 or one-line form).
archive_uri() {
  local u
  u=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  [ -n "$u" ] || u=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  echo "$u"
}

# fetch_source PACKAGE VERSION SUITE DEST: apt verifies the files against the signed index;
# we check the orig tarball once more against the .dsc's SHA-256 and unpack it to DEST.
fetch_source() {
  local pkg=$1 ver=$2 suite=$3 dest=$4
  [ -f "$dest/.complete" ] && return 0
  local apt_dir=$JM_CACHE/apt dl=$JM_CACHE/src/$pkg
  mkdir -p "$apt_dir/lists/partial" "$dl"
  local uri; uri=$(archive_uri)
  [ -n "$uri" ] || die "no Debian archive found in /etc/apt/sources.list*; add one, then run again."
  cat > "$apt_dir/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm main
SRC
  local opts=(-o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
              -o Dir::State::Lists="$apt_dir/lists" -o APT::Sandbox::User=root)
  if ! ls "$apt_dir/lists/"*Sources* >/dev/null 2>&1; then
    apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || die "could not read source indexes from $uri: is Debian's archive reachable?"
  fi
  local full
  full=$(apt-cache "${opts[@]}" showsrc "$pkg" 2>/dev/null | awk -v s="$ver" '/^Version:/ {v=$2} /^Version:/ && index(v, s)==1 {print v; exit}')
  [ -n "$full" ] || die "source package $pkg $ver not found in $suite; run again later or check the archive."
  echo "setup: fetching source $pkg $full"
  # apt-get source exits non-zero when some file 404s even though the tarball arrived; the
  # checksum test below is what decides.
  (cd "$dl" && apt-get "${opts[@]}" source --download-only -qq "$pkg=$full" >/dev/null 2>&1) || true
  local dsc tarball sum want
  dsc=$(ls "$dl"/*.dsc 2>/dev/null | head -1)
  tarball=$(ls "$dl"/${pkg}_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1)
  [ -n "$tarball" ] || die "download of $pkg source failed: is Debian's archive reachable?"
  want=$(apt-cache "${opts[@]}" showsrc "$pkg=$full" 2>/dev/null | awk -v f="$(basename "$tarball")" '/^Checksums-Sha256:/ {on=1; next} /^[A-Z]/ {on=0} on && $3==f {print $1; exit}')
  [ -z "$want" ] && [ -n "$dsc" ] && want=$(awk -v f="$(basename "$tarball")" '$3==f && length($1)==64 {print $1; exit}' "$dsc")
  sum=$(sha256sum "$tarball" | awk '{print $1}')
  [ -n "$want" ] && [ "$sum" = "$want" ] || { rm -f "$tarball"; die "checksum mismatch for $(basename "$tarball"); deleted it, run again."; }
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
  rm -rf "$dest" && mv "$dest.tmp" "$dest" && echo "$full $sum" > "$dest/.complete"
}
fetch_source imgui "$IMGUI_VERSION" "$IMGUI_SUITE" "$DEPS/imgui"
fetch_source fribidi "$FRIBIDI_VERSION" "$FRIBIDI_SUITE" "$DEPS/fribidi"
fetch_source libcsv "$LIBCSV_VERSION" "$LIBCSV_SUITE" "$DEPS/libcsv"
fetch_source zlib "$ZLIB_VERSION" "$ZLIB_SUITE" "$DEPS/zlib"

# ---- 3. npm: the test drivers, pinned -----------------------------------------------------------
# PUPPETEER_SKIP_DOWNLOAD: puppeteer-core fetches no browser anyway; this keeps it so if a
# dependency ever asks for one.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.jm-lock; then
  echo "setup: npm ci"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed: is the npm registry reachable?"
  cp package-lock.json node_modules/.jm-lock
fi

# ---- 4. Emscripten needs its JS helpers (acorn) from Debian's node folder ----------------------
echo "JM_DEPS=$DEPS" > "$JM_CACHE/env"
