#!/bin/bash
# Installs missing Debian packages, then configures and builds mosaic.
# Usage: scripts/build.sh [BUILD_DIR [extra cmake arguments...]]     (default BUILD_DIR: build)
# MOSAIC_BUILD_TARGETS="mosaic ..." builds only those targets (default: everything, tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
./scripts/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
targets=()
for target in ${MOSAIC_BUILD_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
