// One Catch2 main for all core test files; the same sources build natively and as wasm.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
