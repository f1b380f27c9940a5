#!/bin/bash
# The whole test suite, as CI runs it: installs missing Debian packages, builds, runs every ctest
# test; then builds again with AddressSanitizer + UBSan and runs the suite there too.
# Usage: scripts/test.sh            (MOSAIC_SKIP_SANITIZE=1 skips the sanitizer pass)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

./scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")

if [ "${MOSAIC_SKIP_SANITIZE:-0}" != 1 ]; then
  ./scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_SANITIZE=ON -DMOSAIC_BUILD_GUI=OFF
  # detect_leaks=0: LeakSanitizer needs ptrace, which some sandboxes forbid.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j "$jobs" -LE no_sanitize)
fi
echo "test.sh: all tests passed"
