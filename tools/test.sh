#!/usr/bin/env bash
# The whole test suite: configure + build the release preset, then run every test
# (unit, validation, integration, CLI and AAR-tool tests) through CTest.
# Usage: tools/test.sh [extra ctest args], e.g. tools/test.sh -L validation
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release "$@"
