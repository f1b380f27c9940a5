// ModuleLibrary: the module files found in some folders (and the shipped assets/modules/<suite>/),
// indexed by kind, name and family. Reads metadata only (no LibTorch); a file that is not a valid
// module is recorded with its error, never fatal to the scan.
#pragma once

#include <string>
#include <vector>

#include "modules/module_spec.hpp"

namespace mosaic::composer {

struct ModuleEntry {
  std::string path;
  modules::ModuleSpec spec;
  std::string size_text;  // e.g. "41 KB"
};

struct RejectedFile {
  std::string path;
  std::string error;
};

class ModuleLibrary {
 public:
  // Scans each folder (not recursive) for *.safetensors; entries are sorted by family, kind, name.
  static ModuleLibrary Scan(const std::vector<std::string>& dirs);
  // Reads one file's metadata (and checks its tensors' shapes); throws Error on a bad file.
  static ModuleEntry Inspect(const std::string& path);

  const std::vector<ModuleEntry>& entries() const { return entries_; }
  const std::vector<RejectedFile>& rejected() const { return rejected_; }
  std::vector<std::string> Families() const;
  // The module of that kind and name in `family` (any family when empty); nullptr if none.
  const ModuleEntry* Find(modules::ModuleKind kind, const std::string& name,
                          const std::string& family = "") const;

 private:
  std::vector<ModuleEntry> entries_;
  std::vector<RejectedFile> rejected_;
};

// assets/modules/<suite_name>
std::string ShippedModuleDir(const std::string& suite_name);

}  // namespace mosaic::composer
