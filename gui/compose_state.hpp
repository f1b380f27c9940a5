// ComposeState: the compose panel's logic, without drawing (unit-tested without a window).
//   - the module library: folders scanned for module files, grouped by family and kind; files
//     that are not valid modules are kept with their error, missing folders are noted;
//   - the picks: one robot module and one task module, from the library, from a file opened by
//     path, or found for a robot and a task (AutoPick);
//   - the verdict: what composer::Composer::Check says about the picks for the scene's robot and
//     task, in the composer's own words;
//   - the composed policy the run panel offers (ComposedEntry).
// Bad input (an unreadable module file, a vanished folder) ends up in a message, never an
// exception.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "composer/module_library.hpp"
#include "gui/policy_choice.hpp"
#include "gui/scene.hpp"
#include "robots/robot_model.hpp"
#include "suite/suite.hpp"

namespace mosaic::gui {

// The modules of one family; pointers into the library they were grouped from.
struct FamilyGroup {
  std::string family;
  std::vector<const composer::ModuleEntry*> robot_modules, task_modules;  // sorted by name
};
std::vector<FamilyGroup> GroupByFamily(const composer::ModuleLibrary& library);

// A robot module for `robot` and a task module for `task` from one family: the first of
// `preferred_families` (empty ones skipped) that has both, else the library's first family that
// has both, else the first that has either. Missing modules are null.
struct ModulePair {
  const composer::ModuleEntry* robot_module = nullptr;
  const composer::ModuleEntry* task_module = nullptr;
};
ModulePair FindModulePair(const composer::ModuleLibrary& library, const std::string& robot,
                          const std::string& task,
                          const std::vector<std::string>& preferred_families);

// Where a suite's modules are: its "modules" folders, else assets/modules/<suite name>.
std::vector<std::string> SuiteModuleFolders(const suite::Suite& suite);

// "[joint1:3 joint2:3]": an observation layout, written as the composer's messages write it.
std::string LayoutText(const std::vector<sim::ObservationField>& layout);

// A module's provenance (JSON text) as "key: value" lines; the raw text when it is not an
// object.
std::vector<std::string> ProvenanceLines(const std::string& provenance_json);

struct Verdict {
  enum class State {
    kIncomplete,  // a module is not picked; `problems` says which
    kFits,        // the composer accepts the pair for the target
    kMismatch,    // the composer's mismatches (or a bad file's error) are in `problems`
  };
  State state = State::kIncomplete;
  std::string target;                 // "arm3 on push"; empty when no scene is loaded
  std::vector<std::string> problems;  // the composer's own messages
};

class ComposeState {
 public:
  ComposeState() = default;
  ComposeState(const ComposeState&) = delete;  // groups() points into library()
  ComposeState& operator=(const ComposeState&) = delete;

  // Folders to scan, in order (duplicates dropped); then Rescan().
  void SetFolders(std::vector<std::string> folders);
  // Adds a folder and rescans; a folder that does not exist is noted and kept (it may appear).
  void AddFolder(const std::string& folder);
  // Scans the folders again. Picks stay (their files are checked again by UpdateVerdict).
  void Rescan();

  const std::vector<std::string>& folders() const { return folders_; }
  // The folders that existed at the last scan.
  const std::vector<std::string>& scanned_folders() const { return scanned_folders_; }
  const composer::ModuleLibrary& library() const { return library_; }
  const std::vector<FamilyGroup>& groups() const { return groups_; }
  // Folders that could not be scanned, e.g. "assets/modules/arms: no such folder".
  const std::vector<std::string>& notes() const { return notes_; }

  void PickRobotModule(const composer::ModuleEntry& entry) { robot_pick_ = entry; }
  void PickTaskModule(const composer::ModuleEntry& entry) { task_pick_ = entry; }
  // Reads any module file and picks it as the module of its kind. A bad file changes nothing;
  // its error is kept in file_error() (cleared by the next good file).
  bool OpenFile(const std::string& path);
  const std::string& file_error() const { return file_error_; }
  // Picks the modules for `robot` and `task` (FindModulePair, preferring `family` and then the
  // family of the current picks); a kind the library lacks is unpicked. Returns whether both
  // were found.
  bool AutoPick(const std::string& robot, const std::string& task, const std::string& family = "");

  const std::optional<composer::ModuleEntry>& robot_pick() const { return robot_pick_; }
  const std::optional<composer::ModuleEntry>& task_pick() const { return task_pick_; }

  // Checks the picks for `model` doing `task` (model null: no scene; the modules are checked
  // against each other only) and keeps the verdict.
  const Verdict& UpdateVerdict(const robots::RobotModel* model, const std::string& task);
  const Verdict& verdict() const { return verdict_; }

  // The run panel's "composed" entry for `model` doing `task`: builds the composed policy from
  // the picks now (loading the weights); when that fails, the entry is unavailable with the
  // composer's message. Its interface() is the z of the latest step.
  PolicyEntry ComposedEntry(const robots::RobotModel& model, const std::string& task) const;
  // The hook for Scene::Load: once the robot is loaded, picks its modules (when `auto_pick`,
  // preferring `family`) and offers ComposedEntry. The state must outlive the call.
  RobotPolicies PolicySource(bool auto_pick, const std::string& family = "");

 private:
  // Why no composition can be built ("" when both modules are picked).
  std::string MissingPicks(const std::string& robot, const std::string& task) const;

  std::vector<std::string> folders_, scanned_folders_;
  composer::ModuleLibrary library_;
  std::vector<FamilyGroup> groups_;
  std::vector<std::string> notes_;
  std::optional<composer::ModuleEntry> robot_pick_, task_pick_;
  std::string file_error_;
  Verdict verdict_;
};

}  // namespace mosaic::gui
