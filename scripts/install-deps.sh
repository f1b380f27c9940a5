#!/bin/bash
# Installs exactly the Debian packages mosaic needs that are missing; a no-op when all are there.
# Usage: scripts/install-deps.sh            (as root, or with sudo available)
set -euo pipefail
packages=(
  build-essential cmake pkg-config git
  libbullet-dev          # physics
  libtorch-dev           # neural networks (modules/, train/, composer/)
  libopenblas0-pthread   # a fast BLAS for LibTorch (the reference BLAS is 4-5x slower); the
                         # pthread build, as training calls it from two threads at once (the
                         # OpenMP build shares its buffers between callers and corrupts the heap)
  libblas-dev            # links train/'s own calls to sgemm (run time: the BLAS above)
  libimgui-dev           # GUI widgets (gui/)
  libglfw3-dev           # window + GL context (gui/)
  libgl-dev              # OpenGL headers/loader (gui/)
  libstb-dev             # stb_image_write for screenshots (gui/)
  doctest-dev            # tests
  liburdfdom-dev         # URDF parsing
  libtinyxml-dev         # XML with line numbers (urdfdom uses it too)
  libassimp-dev          # meshes (OBJ/STL/DAE)
  libcli11-dev           # CLI
  nlohmann-json3-dev     # JSON
  xvfb xauth libgl1-mesa-dri  # headless GUI tests (Mesa software GL)
  fonts-dejavu-core      # the GUI's font (ImGui's built-in font otherwise)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
