#!/bin/bash
# Installs missing Debian packages, then configures and builds mosaic.
# Usage: scripts/build.sh [BUILD_DIR [extra cmake arguments...]]     (default BUILD_DIR: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
./scripts/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
