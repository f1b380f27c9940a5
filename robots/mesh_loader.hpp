// Mesh files (OBJ, STL, DAE, ... through assimp) and URDF mesh URIs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "robots/robot_model.hpp"

namespace mosaic::robots {

// Where `package://NAME/...` URIs are looked up: each folder is either a folder holding packages
// (DIR/NAME/...) or the package itself (a folder named NAME).
struct PackagePath {
  std::vector<std::string> dirs;  // searched in order
  // --package-path folders first, then the colon-separated MOSAIC_PACKAGE_PATH.
  static PackagePath FromOptionsAndEnvironment(const std::vector<std::string>& cli_dirs);
};

// Resolves a URDF mesh URI: relative to `urdf_dir`, absolute, `file://...` or `package://NAME/...`.
// Throws Error (without location; the caller adds file:line) when a package is unknown or the
// file does not exist.
std::string ResolveMeshUri(const std::string& uri, const std::string& urdf_dir,
                           const PackagePath& packages);

// Loads a mesh file and applies `scale`. Every mesh of the file is kept as its own part, with the
// file's node transforms applied. Throws Error when the file cannot be read or holds no triangles.
std::shared_ptr<const TriangleMesh> LoadMesh(const std::string& path, const btVector3& scale);

}  // namespace mosaic::robots
