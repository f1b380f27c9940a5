#include "gui/compose_state.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "composer/composer.hpp"

namespace mosaic::gui {

namespace fs = std::filesystem;

namespace {

// A compact one-line rendering of a provenance value: strings bare, arrays of pairs as a/b.
std::string Compact(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return value.dump();
  std::string text;
  for (const auto& item : value) {
    const bool pair =
        item.is_array() && item.size() == 2 && item[0].is_string() && item[1].is_string();
    const std::string part =
        pair ? item[0].get<std::string>() + "/" + item[1].get<std::string>() : Compact(item);
    text += (text.empty() ? "" : ", ") + part;
  }
  return text;
}

}  // namespace

std::vector<FamilyGroup> GroupByFamily(const composer::ModuleLibrary& library) {
  std::vector<FamilyGroup> groups;
  for (const auto& entry : library.entries()) {  // sorted by family, kind, name
    if (groups.empty() || groups.back().family != entry.spec.family)
      groups.push_back({entry.spec.family, {}, {}});
    auto& list = entry.spec.kind == modules::ModuleKind::kRobot ? groups.back().robot_modules
                                                                : groups.back().task_modules;
    list.push_back(&entry);
  }
  return groups;
}

ModulePair FindModulePair(const composer::ModuleLibrary& library, const std::string& robot,
                          const std::string& task,
                          const std::vector<std::string>& preferred_families) {
  std::vector<std::string> families;
  for (const auto& family : preferred_families) {
    if (!family.empty()) families.push_back(family);
  }
  const auto all = library.Families();
  families.insert(families.end(), all.begin(), all.end());
  auto pair_of = [&](const std::string& family) {
    return ModulePair{library.Find(modules::ModuleKind::kRobot, robot, family),
                      library.Find(modules::ModuleKind::kTask, task, family)};
  };
  for (const auto& family : families) {
    const ModulePair pair = pair_of(family);
    if (pair.robot_module != nullptr && pair.task_module != nullptr) return pair;
  }
  for (const auto& family : families) {
    const ModulePair pair = pair_of(family);
    if (pair.robot_module != nullptr || pair.task_module != nullptr) return pair;
  }
  return {};
}

std::vector<std::string> SuiteModuleFolders(const suite::Suite& suite) {
  if (!suite.module_dirs.empty()) return suite.module_dirs;
  return {composer::ShippedModuleDir(suite.name)};
}

std::string LayoutText(const std::vector<sim::ObservationField>& layout) {
  std::string text;
  for (const auto& field : layout)
    text += (text.empty() ? "" : " ") + field.name + ":" + std::to_string(field.size);
  return "[" + text + "]";
}

std::vector<std::string> ProvenanceLines(const std::string& provenance_json) {
  const nlohmann::json provenance = nlohmann::json::parse(provenance_json, nullptr, false);
  if (!provenance.is_object()) return {provenance_json};
  std::vector<std::string> lines;
  for (const auto& [key, value] : provenance.items()) lines.push_back(key + ": " + Compact(value));
  return lines;
}

void ComposeState::SetFolders(std::vector<std::string> folders) {
  folders_.clear();
  for (auto& folder : folders) {
    if (std::find(folders_.begin(), folders_.end(), folder) == folders_.end())
      folders_.push_back(std::move(folder));
  }
  Rescan();
}

void ComposeState::AddFolder(const std::string& folder) {
  std::vector<std::string> folders = folders_;
  folders.push_back(folder);
  SetFolders(std::move(folders));
}

void ComposeState::Rescan() {
  notes_.clear();
  scanned_folders_.clear();
  for (const auto& folder : folders_) {
    std::error_code error;
    if (fs::is_directory(folder, error)) {
      scanned_folders_.push_back(folder);
    } else {
      notes_.push_back(folder + ": no such folder");
    }
  }
  try {
    library_ = composer::ModuleLibrary::Scan(scanned_folders_);
  } catch (const std::exception& e) {  // a folder that vanished or cannot be listed
    library_ = composer::ModuleLibrary();
    notes_.push_back(e.what());
  }
  groups_ = GroupByFamily(library_);
}

bool ComposeState::OpenFile(const std::string& path) {
  try {
    composer::ModuleEntry entry = composer::ModuleLibrary::Inspect(path);
    (entry.spec.kind == modules::ModuleKind::kRobot ? robot_pick_ : task_pick_) = std::move(entry);
    file_error_.clear();
    return true;
  } catch (const std::exception& e) {  // Error for bad content; filesystem errors for the rest
    file_error_ = e.what();
    return false;
  }
}

bool ComposeState::AutoPick(const std::string& robot, const std::string& task,
                            const std::string& family) {
  std::vector<std::string> preferred{family};
  if (robot_pick_) preferred.push_back(robot_pick_->spec.family);
  if (task_pick_) preferred.push_back(task_pick_->spec.family);
  const ModulePair pair = FindModulePair(library_, robot, task, preferred);
  robot_pick_.reset();
  task_pick_.reset();
  if (pair.robot_module != nullptr) robot_pick_ = *pair.robot_module;
  if (pair.task_module != nullptr) task_pick_ = *pair.task_module;
  return robot_pick_ && task_pick_;
}

std::string ComposeState::MissingPicks(const std::string& robot, const std::string& task) const {
  std::string missing;
  if (!robot_pick_) {
    missing = robot.empty() ? "no robot module picked"
                            : "no robot module for robot '" + robot + "' in the library";
  }
  if (!task_pick_) {
    missing += missing.empty() ? "" : "; ";
    missing += task.empty() ? "no task module picked"
                            : "no task module for task '" + task + "' in the library";
  }
  return missing;
}

const Verdict& ComposeState::UpdateVerdict(const robots::RobotModel* model,
                                           const std::string& task) {
  verdict_ = Verdict{};
  if (model != nullptr) verdict_.target = model->name + " on " + task;
  const std::string missing = MissingPicks(model != nullptr ? model->name : "", task);
  if (!missing.empty()) {
    verdict_.problems.push_back(missing);
    return verdict_;
  }
  composer::Composer composer;
  composer.RobotModuleFile(robot_pick_->path).TaskModuleFile(task_pick_->path);
  if (model != nullptr) composer.ForRobot(*model).ForTask(task);
  try {
    verdict_.problems = composer.Check();
  } catch (const std::exception& e) {  // a file that changed or vanished since it was picked
    verdict_.problems = {e.what()};
  }
  verdict_.state = verdict_.problems.empty() ? Verdict::State::kFits : Verdict::State::kMismatch;
  return verdict_;
}

PolicyEntry ComposeState::ComposedEntry(const robots::RobotModel& model,
                                        const std::string& task) const {
  PolicyEntry entry{kComposedPolicy, MissingPicks(model.name, task), {}};
  if (entry.unavailable.empty()) {
    try {
      const auto policy =
          std::make_shared<const composer::ComposedPolicy>(composer::Composer()
                                                               .RobotModuleFile(robot_pick_->path)
                                                               .TaskModuleFile(task_pick_->path)
                                                               .ForRobot(model)
                                                               .ForTask(task)
                                                               .Build());
      entry.make = [policy](const sim::Env&, uint64_t) {
        return PolicyChoice{kComposedPolicy, policy->AsPolicyFn(),
                            [policy] { return policy->last_z(); }};
      };
      return entry;
    } catch (const std::exception& e) {  // the composer's Error, or weights that cannot load
      entry.unavailable = e.what();
    }
  }
  entry.make = [reason = entry.unavailable](const sim::Env&, uint64_t) -> PolicyChoice {
    throw Error(reason);
  };
  return entry;
}

RobotPolicies ComposeState::PolicySource(bool auto_pick, const std::string& family) {
  return [this, auto_pick, family](const robots::RobotModel& model, const std::string& task) {
    if (auto_pick) AutoPick(model.name, task, family);
    return std::vector<PolicyEntry>{ComposedEntry(model, task)};
  };
}

}  // namespace mosaic::gui
