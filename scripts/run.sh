#!/bin/bash
# The main job: installs missing Debian packages, builds mosaic, then runs the zero-shot experiment
# of the shipped `arms` suite on the shipped, trained modules (assets/modules/arms/) and prints
# the robots x tasks matrix. No training needed: it takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
MOSAIC_BUILD_TARGETS=mosaic ./scripts/build.sh build   # the CLI only; scripts/test.sh builds the tests
echo
./build/apps/mosaic zeroshot assets/suites/arms.json
cat <<'EON'

What next:
  Watch a composition live (a window; headless machines: prefix xvfb-run and add --screenshot shot.png --frames 120):
    build/apps/mosaic gui --suite assets/suites/arms.json --robot arm3 --task push
  Retrain the modules yourself (about 15 minutes on 2 cores; the shipped modules came from this command, see README):
    build/apps/mosaic train assets/suites/arms.json --out runs/arms --seed 1
    build/apps/mosaic zeroshot assets/suites/arms.json --modules runs/arms/modules
  Add your own robot (see README, "Add your robot"):
    build/apps/mosaic extend assets/suites/arms.json --robot docs/examples/myarm.urdf --train-on reach
EON
