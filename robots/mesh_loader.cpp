#include "robots/mesh_loader.hpp"

#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <assimp/Importer.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "common/error.hpp"

namespace mosaic::robots {

namespace fs = std::filesystem;

PackagePath PackagePath::FromOptionsAndEnvironment(const std::vector<std::string>& cli_dirs) {
  PackagePath path{cli_dirs};
  if (const char* env = std::getenv("MOSAIC_PACKAGE_PATH"); env != nullptr) {
    std::stringstream stream(env);
    std::string dir;
    while (std::getline(stream, dir, ':')) {
      if (!dir.empty()) path.dirs.push_back(dir);
    }
  }
  return path;
}

namespace {

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string ResolvePackageUri(const std::string& uri, const PackagePath& packages) {
  const std::string rest = uri.substr(std::string("package://").size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0) {
    throw Error("malformed package URI '" + uri + "': expected package://NAME/path/to/file");
  }
  const std::string package = rest.substr(0, slash);
  const std::string relative = rest.substr(slash + 1);
  std::string searched;
  for (const auto& dir : packages.dirs) {
    std::error_code ec;
    const fs::path base(dir);
    fs::path package_root;
    if (fs::is_directory(base / package, ec)) {
      package_root = base / package;
    } else if (fs::is_directory(base, ec) && fs::absolute(base, ec).filename() == package) {
      package_root = base;
    }
    if (!package_root.empty()) {
      const fs::path file = package_root / relative;
      if (!fs::exists(file, ec)) {
        throw Error("mesh '" + uri + "' not found: package '" + package + "' is " +
                    package_root.string() + ", but " + file.string() + " does not exist");
      }
      return file.string();
    }
    searched += (searched.empty() ? "" : ", ") + dir;
  }
  throw Error("unknown package '" + package + "' in '" + uri +
              "' (searched: " + (searched.empty() ? "no package folders" : searched) +
              "); give its parent folder with --package-path DIR or MOSAIC_PACKAGE_PATH");
}

}  // namespace

std::string ResolveMeshUri(const std::string& uri, const std::string& urdf_dir,
                           const PackagePath& packages) {
  if (StartsWith(uri, "package://")) return ResolvePackageUri(uri, packages);
  std::string path = uri;
  if (StartsWith(uri, "file://")) path = uri.substr(std::string("file://").size());
  if (path.empty()) throw Error("empty mesh filename");
  fs::path file(path);
  if (file.is_relative()) file = fs::path(urdf_dir) / file;
  std::error_code ec;
  if (!fs::exists(file, ec))
    throw Error("mesh '" + uri + "' not found (looked at " + file.string() + ")");
  if (fs::is_directory(file, ec)) throw Error("mesh '" + uri + "' is a folder, not a file");
  return file.string();
}

namespace {

void CollectParts(const aiScene& scene, const aiNode& node, const aiMatrix4x4& parent_transform,
                  const btVector3& scale, TriangleMesh& out) {
  const aiMatrix4x4 transform = parent_transform * node.mTransformation;
  aiMatrix3x3 normal_transform(transform);
  normal_transform.Inverse().Transpose();
  for (unsigned m = 0; m < node.mNumMeshes; ++m) {
    const aiMesh& mesh = *scene.mMeshes[node.mMeshes[m]];
    TriangleMesh::Part part;
    part.vertices.reserve(mesh.mNumVertices);
    for (unsigned v = 0; v < mesh.mNumVertices; ++v) {
      const aiVector3D p = transform * mesh.mVertices[v];
      part.vertices.emplace_back(p.x * scale.x(), p.y * scale.y(), p.z * scale.z());
      if (mesh.HasNormals()) {
        aiVector3D n = normal_transform * mesh.mNormals[v];
        n.Normalize();
        part.normals.emplace_back(n.x, n.y, n.z);
      }
    }
    for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
      const aiFace& face = mesh.mFaces[f];
      if (face.mNumIndices != 3) continue;  // points and lines left by Triangulate
      for (int k = 0; k < 3; ++k) part.indices.push_back(face.mIndices[k]);
    }
    if (!part.indices.empty()) out.parts.push_back(std::move(part));
  }
  for (unsigned c = 0; c < node.mNumChildren; ++c) {
    CollectParts(scene, *node.mChildren[c], transform, scale, out);
  }
}

}  // namespace

std::shared_ptr<const TriangleMesh> LoadMesh(const std::string& path, const btVector3& scale) {
  Assimp::Importer importer;
  const aiScene* scene =
      importer.ReadFile(path, aiProcess_Triangulate | aiProcess_JoinIdenticalVertices |
                                  aiProcess_GenSmoothNormals | aiProcess_SortByPType);
  if (scene == nullptr || scene->mRootNode == nullptr) {
    throw Error("cannot read mesh " + path + ": " + importer.GetErrorString());
  }
  auto mesh = std::make_shared<TriangleMesh>();
  CollectParts(*scene, *scene->mRootNode, aiMatrix4x4(), scale, *mesh);
  if (mesh->parts.empty()) throw Error("mesh " + path + " holds no triangles");
  return mesh;
}

}  // namespace mosaic::robots
