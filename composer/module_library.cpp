#include "composer/module_library.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "modules/safetensors.hpp"

namespace mosaic::composer {

namespace fs = std::filesystem;

std::string ShippedModuleDir(const std::string& suite_name) {
  return (fs::path(AssetDir()) / "modules" / suite_name).string();
}

ModuleEntry ModuleLibrary::Inspect(const std::string& path) {
  const modules::SafetensorsFile file = modules::ReadSafetensors(path);
  ModuleEntry entry;
  entry.path = path;
  entry.spec = modules::DecodeMetadata(file.metadata, path, nullptr);
  for (const auto& [name, shape] : modules::ExpectedTensors(entry.spec)) {
    const auto it = file.tensors.find(name);
    if (it == file.tensors.end() || it->second.shape != shape) {
      throw Error(path + ": tensor '" + name + "' is missing or has the wrong shape for " +
                  entry.spec.Label());
    }
  }
  const auto bytes = fs::file_size(path);
  entry.size_text = std::to_string((bytes + 1023) / 1024) + " KB";
  return entry;
}

ModuleLibrary ModuleLibrary::Scan(const std::vector<std::string>& dirs) {
  ModuleLibrary library;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw Error(dir + ": not a folder (expected a folder of .safetensors module files)");
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(dir, ec)) {
      if (item.path().extension() == ".safetensors") files.push_back(item.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      try {
        library.entries_.push_back(Inspect(file.string()));
      } catch (const Error& e) {
        library.rejected_.push_back({file.string(), e.what()});
      }
    }
  }
  std::sort(library.entries_.begin(), library.entries_.end(),
            [](const ModuleEntry& a, const ModuleEntry& b) {
              return std::tie(a.spec.family, a.spec.kind, a.spec.name, a.path) <
                     std::tie(b.spec.family, b.spec.kind, b.spec.name, b.path);
            });
  return library;
}

std::vector<std::string> ModuleLibrary::Families() const {
  std::set<std::string> families;
  for (const auto& e : entries_) families.insert(e.spec.family);
  return {families.begin(), families.end()};
}

const ModuleEntry* ModuleLibrary::Find(modules::ModuleKind kind, const std::string& name,
                                       const std::string& family) const {
  for (const auto& e : entries_) {
    if (e.spec.kind == kind && e.spec.name == name && (family.empty() || e.spec.family == family))
      return &e;
  }
  return nullptr;
}

}  // namespace mosaic::composer
