#include "common/assets.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace mosaic {

namespace fs = std::filesystem;

std::string AssetDir() {
  if (const char* env = std::getenv("MOSAIC_ASSETS"); env != nullptr && *env != '\0') return env;
  return MOSAIC_ASSET_DIR;
}

std::vector<std::string> ShippedRobotNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(AssetDir()) / "robots", ec)) {
    if (entry.path().extension() == ".urdf") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ResolveRobotPath(const std::string& name_or_path) {
  const auto names = ShippedRobotNames();
  if (std::find(names.begin(), names.end(), name_or_path) != names.end()) {
    return (fs::path(AssetDir()) / "robots" / (name_or_path + ".urdf")).string();
  }
  return name_or_path;
}

}  // namespace mosaic
