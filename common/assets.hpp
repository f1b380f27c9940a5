// Where the shipped assets (robots, suites, modules) live: $MOSAIC_ASSETS if set, else the
// source tree's assets/ folder recorded at configure time.
#pragma once

#include <string>
#include <vector>

namespace mosaic {

std::string AssetDir();

// Names of the shipped robots (assets/robots/*.urdf), sorted.
std::vector<std::string> ShippedRobotNames();

// A robot given by name resolves to a shipped robot; anything else is taken as a file path.
// Returns the URDF path (existence is checked by the loader, which names the file).
std::string ResolveRobotPath(const std::string& name_or_path);

}  // namespace mosaic
