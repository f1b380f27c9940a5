#!/bin/bash
# The main job: installs missing Debian packages, builds mosaic, then shows the shipped robots and
# checks one in Bullet.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh build
./build/apps/mosaic robots list
echo
./build/apps/mosaic robots check arm3
