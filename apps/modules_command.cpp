// mosaic modules list | show, mosaic zeroshot
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "apps/zeroshot_output.hpp"
#include "common/assets.hpp"
#include "common/error.hpp"
#include "composer/module_library.hpp"
#include "composer/zeroshot.hpp"
#include "suite/suite.hpp"

namespace mosaic::apps {

namespace {

using nlohmann::json;

json EntryJson(const composer::ModuleEntry& e) {
  json layout = json::array();
  for (const auto& f : e.spec.layout) layout.push_back({{"name", f.name}, {"size", f.size}});
  json provenance = json::parse(e.spec.provenance, nullptr, false);
  return {{"path", e.path},
          {"kind", modules::KindName(e.spec.kind)},
          {"name", e.spec.name},
          {"family", e.spec.family},
          {"interface_dim", e.spec.interface_dim},
          {"action_size", e.spec.action_size},
          {"hidden", e.spec.hidden},
          {"observation_layout", layout},
          {"provenance", provenance.is_discarded() ? json(e.spec.provenance) : provenance}};
}

void ListModules(const std::string& dir, bool as_json) {
  std::vector<std::string> dirs;
  if (!dir.empty()) {
    dirs.push_back(dir);
  } else {
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator(AssetDir() + "/modules", ec)) {
      if (item.is_directory()) dirs.push_back(item.path().string());
    }
    std::sort(dirs.begin(), dirs.end());
  }
  const auto library = composer::ModuleLibrary::Scan(dirs);
  if (as_json) {
    json entries = json::array(), rejected = json::array();
    for (const auto& e : library.entries()) entries.push_back(EntryJson(e));
    for (const auto& r : library.rejected())
      rejected.push_back({{"path", r.path}, {"error", r.error}});
    std::cout << json{{"modules", entries}, {"rejected", rejected}}.dump(2) << "\n";
    return;
  }
  std::string family;
  for (const auto& e : library.entries()) {
    if (e.spec.family != family) {
      family = e.spec.family;
      std::cout << "family " << family << "\n";
    }
    std::cout << "  " << std::left << std::setw(6) << modules::KindName(e.spec.kind)
              << std::setw(13) << e.spec.name << "z " << std::setw(4) << e.spec.interface_dim
              << std::setw(8) << e.size_text << e.path << "\n";
  }
  if (library.entries().empty())
    std::cout << "no modules found in " << (dir.empty() ? AssetDir() + "/modules/*" : dir) << "\n";
  for (const auto& r : library.rejected()) std::cout << "not a module: " << r.error << "\n";
}

void ShowModule(const std::string& path) {
  const composer::ModuleEntry entry = composer::ModuleLibrary::Inspect(path);
  std::cout << EntryJson(entry).dump(2) << "\n";
}

struct ZeroShotArgs {
  std::string suite_path, modules_dir, family, format = "md", out;
  int episodes = 0;
  int64_t seed = -1;
  int threads = 0;
  double min_success = -1;
  bool sample = false;
};

// Returns the exit status (3 when --min-success is missed).
int RunZeroShot(const ZeroShotArgs& args) {
  CheckTableFormat(args.format);
  const suite::Suite suite = suite::LoadSuite(args.suite_path);
  composer::ZeroShotOptions options;
  if (!args.modules_dir.empty()) options.modules_dirs = {args.modules_dir};
  options.family = args.family;
  options.episodes = args.episodes;
  options.seed = args.seed;
  options.threads = args.threads;
  options.sample = args.sample;
  options.progress = PrintEvaluationProgress;
  return WriteZeroShotReport(composer::RunZeroShot(suite, options), args.format, args.out,
                             args.min_success);
}

}  // namespace

void AddModulesCommands(CLI::App& app, int& exit_status) {
  CLI::App* modules_cmd =
      app.add_subcommand("modules", "List and inspect module files (.safetensors)");
  modules_cmd->require_subcommand(1);
  static std::string list_dir;
  static bool list_json = false;
  CLI::App* list = modules_cmd->add_subcommand(
      "list", "List modules by family (default: the shipped assets/modules/*)");
  list->add_option("dir", list_dir, "Folder of module files");
  list->add_flag("--json", list_json, "Print JSON");
  list->callback([] { ListModules(list_dir, list_json); });
  static std::string show_path;
  CLI::App* show =
      modules_cmd->add_subcommand("show", "Show one module's metadata (after checking the file)");
  show->add_option("file", show_path, "Module file")->required();
  show->callback([] { ShowModule(show_path); });

  static ZeroShotArgs args;
  CLI::App* zeroshot = app.add_subcommand(
      "zeroshot", "Evaluate every (robot, task) cell of a suite with composed modules");
  zeroshot->add_option("suite", args.suite_path, "Suite file (assets/suites/*.json)")->required();
  zeroshot->add_option(
      "--modules", args.modules_dir,
      "Folder of module files (default: the suite's \"modules\", else assets/modules/<suite>)");
  zeroshot->add_option("--family", args.family,
                       "Module family to use when the folder holds several");
  zeroshot
      ->add_option("--episodes", args.episodes,
                   "Episodes per cell (default: the suite's evaluation.episodes)")
      ->check(CLI::PositiveNumber);
  zeroshot->add_option("--seed", args.seed, "Seed (default: the suite's evaluation.seed)")
      ->check(CLI::NonNegativeNumber);
  AddTableFormatOptions(*zeroshot, args.format);
  zeroshot->add_option("--out", args.out, "Write the table to FILE instead of stdout");
  zeroshot
      ->add_option("--min-success", args.min_success,
                   "Exit with status 3 when a held-out cell's success rate is below X")
      ->check(CLI::Range(0.0, 1.0));
  zeroshot->add_option("--threads", args.threads, "Physics threads (0: all cores)");
  zeroshot->add_flag(
      "--sample", args.sample,
      "Sample actions from the Gaussian policies (as in training) instead of their means");
  zeroshot->callback([&exit_status] { exit_status = RunZeroShot(args); });
}

}  // namespace mosaic::apps
