#include "extend/extend.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.hpp"
#include "common/files.hpp"
#include "composer/module_library.hpp"
#include "robots/robot_check.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "sim/workspace.hpp"

namespace mosaic::extend {

namespace fs = std::filesystem;

namespace {

std::string Meters(double v) {
  std::ostringstream out;
  out.precision(3);
  out << v << " m";
  return out.str();
}

// Loose bounds on how far a new robot's reach may stray from the suite's robots' reaches.
constexpr double kShortestReach = 0.75;    // x the shortest trained reach
constexpr double kLongestReach = 1.25;     // x the longest trained reach
constexpr double kHeightTolerance = 0.01;  // [m] end-effector height difference

std::vector<std::string> Split(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    std::stringstream stream(item);
    for (std::string part; std::getline(stream, part, ',');) {
      if (!part.empty()) out.push_back(part);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> JoinProblems(const robots::RobotModel& robot, const std::string& name,
                                      const suite::Suite& suite) {
  std::vector<std::string> problems;
  for (const auto& entry : suite.robots) {
    if (entry.name == name)
      problems.push_back("the suite already has a robot named '" + name +
                         "' (choose another with --name)");
  }
  // What the task modules were trained on: the suite's robots' workspaces.
  bool all_planar_horizontal = true;
  double height = 0, shortest = 1e9, longest = 0;
  for (const auto& entry : suite.robots) {
    robots::LoadOptions load;
    load.ee_link = entry.ee;
    load.package_paths = entry.package_paths;
    const robots::RobotModel model = robots::LoadRobot(entry.urdf, load);
    const sim::Workspace workspace = sim::MakeWorkspace(model);
    all_planar_horizontal &= workspace.planar && workspace.normal.z() > 0.999f;
    height = workspace.center.z();
    shortest = std::min<double>(shortest, model.reach);
    longest = std::max<double>(longest, model.reach);
  }
  const sim::Workspace workspace = sim::MakeWorkspace(robot);
  if (all_planar_horizontal) {
    if (!workspace.planar) {
      problems.push_back(
          "robot '" + name + "' is spatial, but the task modules of suite '" + suite.name +
          "' were trained only with planar robots whose end effector moves in the horizontal plane "
          "z = " +
          Meters(height) +
          ": the goals and end-effector positions they would see leave that plane. A "
          "spatial robot needs task modules trained with spatial robots (a suite of them).");
    } else if (workspace.normal.z() < 0.999f) {
      problems.push_back("robot '" + name +
                         "' moves in a tilted plane, but the task modules were trained in the "
                         "horizontal plane z = " +
                         Meters(height) + "; mount it with its joint axes vertical");
    } else if (std::fabs(workspace.center.z() - height) > kHeightTolerance) {
      problems.push_back(
          "robot '" + name + "' moves its end effector at z = " + Meters(workspace.center.z()) +
          ", but the task modules were trained with end effectors at z = " + Meters(height) +
          ": their observations would be out of the range they know; mount the robot (or choose "
          "--ee) so "
          "its end effector works at z = " +
          Meters(height));
    }
  }
  if (robot.reach < kShortestReach * shortest) {
    problems.push_back("robot '" + name + "' reaches " + Meters(robot.reach) +
                       ": it cannot cover the workspace the task "
                       "modules were trained on (goals out to " +
                       Meters(sim::Workspace::kOuterFraction * longest) + " from robots reaching " +
                       Meters(shortest) + " to " + Meters(longest) +
                       "); it needs a reach of at least " + Meters(kShortestReach * shortest));
  }
  if (robot.reach > kLongestReach * longest) {
    problems.push_back("robot '" + name + "' reaches " + Meters(robot.reach) +
                       ": its goals would lie beyond anything the task "
                       "modules were trained on (robots reaching at most " +
                       Meters(longest) + "); at most " + Meters(kLongestReach * longest) + " fits");
  }
  return problems;
}

ExtendResult Extend(const suite::Suite& suite, const ExtendOptions& options) {
  ExtendResult result;
  // 1. The robot: load and check it as `mosaic robots check` does.
  robots::LoadOptions load;
  load.ee_link = options.ee;
  load.package_paths = options.package_paths;
  const robots::RobotModel robot = robots::LoadRobot(options.urdf, load);
  result.name = options.name.empty() ? robot.name : options.name;
  for (bool random_torque : {false, true}) {
    const auto check = robots::SimulateRobot(robot, random_torque, 1.f, 1);
    if (!check.ok) throw Error(options.urdf + ": " + check.problem);
  }
  const auto problems = JoinProblems(robot, result.name, suite);
  if (!problems.empty()) {
    std::string message =
        options.urdf + ": robot '" + result.name + "' cannot join suite '" + suite.name + "':";
    for (const auto& p : problems) message += "\n  - " + p;
    throw Error(message);
  }

  // 2. The family's modules.
  const std::vector<std::string> dirs =
      !options.modules_dirs.empty() ? options.modules_dirs
      : !suite.module_dirs.empty()
          ? suite.module_dirs
          : std::vector<std::string>{composer::ShippedModuleDir(suite.name)};
  const auto library = composer::ModuleLibrary::Scan(dirs);
  std::vector<std::string> families = library.Families();
  if (!options.family.empty())
    families.erase(std::remove_if(families.begin(), families.end(),
                                  [&](const std::string& f) { return f != options.family; }),
                   families.end());
  if (families.size() != 1) {
    throw Error(dirs.front() + ": expected the modules of one trained family, found " +
                std::to_string(families.size()) +
                (families.empty() ? " (train the suite first, or pass --modules DIR)"
                                  : " (choose one with --family)"));
  }
  result.family = families.front();
  std::vector<std::string> train_on = Split(options.train_on);
  if (train_on.empty())
    train_on = {std::find(suite.tasks.begin(), suite.tasks.end(), "reach") != suite.tasks.end()
                    ? "reach"
                    : suite.tasks.front()};
  train::TrainOptions train_options;
  for (const auto& task : train_on) {
    if (std::find(suite.tasks.begin(), suite.tasks.end(), task) == suite.tasks.end()) {
      throw Error("--train-on: task '" + task + "' is not a task of suite '" + suite.name + "'");
    }
    const composer::ModuleEntry* module =
        library.Find(modules::ModuleKind::kTask, task, result.family);
    if (module == nullptr)
      throw Error(dirs.front() + ": no task module '" + task + "' of family " + result.family);
    train_options.initial_modules["task:" + task] = module->path;
  }

  // 3. Fine-tune from a robot module with the same joint layout, or start from scratch.
  const auto layout = sim::RobotObservationLayout(robot);
  auto same_layout = [&](const composer::ModuleEntry& e) {
    if (e.spec.kind != modules::ModuleKind::kRobot || e.spec.family != result.family ||
        e.spec.layout.size() != layout.size())
      return false;
    for (size_t i = 0; i < layout.size(); ++i) {
      if (e.spec.layout[i].name != layout[i].name || e.spec.layout[i].size != layout[i].size)
        return false;
    }
    return true;
  };
  result.init_used = "scratch (no robot module of the family has this joint layout)";
  if (options.init == "scratch") {
    result.init_used = "scratch (--init scratch)";
  } else {
    const composer::ModuleEntry* start = nullptr;
    for (const auto& e : library.entries()) {
      if (same_layout(e) && (options.init == "auto" || e.spec.name == options.init)) {
        start = &e;
        break;
      }
    }
    if (start == nullptr && options.init != "auto") {
      throw Error("--init " + options.init + ": no robot module of that name in family " +
                  result.family + " has the joint layout of robot '" + result.name +
                  "' (use --init scratch)");
    }
    if (start != nullptr) {
      train_options.initial_modules["robot:" + result.name] = start->path;
      result.init_used =
          "fine-tuned from robot module '" + start->spec.name + "' (" + start->path + ")";
    }
  }

  // 4. Train only the new robot module, in a suite of its own worlds with the original settings.
  suite::Suite own = suite;
  own.robots = {{result.name, options.urdf, options.ee, options.package_paths}};
  own.tasks = train_on;
  own.train.clear();
  for (const auto& task : train_on) own.train.push_back({result.name, task});
  own.heldout.clear();
  const std::string out = options.out_dir.empty() ? "runs/extend/" + result.name : options.out_dir;
  train_options.out_dir = out;
  train_options.steps = options.steps > 0 ? options.steps : kDefaultSteps;
  train_options.seed = options.seed;
  train_options.threads = options.threads;
  train_options.command = options.command;
  train_options.family = result.family;
  train_options.freeze_task_modules = true;
  train_options.on_iteration = options.on_iteration;
  train_options.stop = options.stop;
  result.training = train::Train(own, train_options);
  result.robot_module =
      (fs::path(out) / "modules" / ("robot_" + result.name + ".safetensors")).string();
  if (result.training.interrupted) return result;

  // 5. The suite plus the new robot, for zeroshot, robots list and the GUI.
  nlohmann::json text = nlohmann::json::parse(suite.source_text);
  nlohmann::json robots_json = nlohmann::json::object();
  // Absolute paths: the new file lives elsewhere than the suite it extends.
  auto add_robot = [&](const std::string& name, const std::string& urdf, const std::string& ee,
                       const std::vector<std::string>& package_paths) {
    robots_json[name] = {{"urdf", fs::absolute(urdf).lexically_normal().string()}};
    if (!ee.empty()) robots_json[name]["ee"] = ee;
    if (package_paths.empty()) return;
    std::vector<std::string> absolute;
    for (const auto& dir : package_paths)
      absolute.push_back(fs::absolute(dir).lexically_normal().string());
    robots_json[name]["package_paths"] = absolute;
  };
  for (const auto& entry : suite.robots)
    add_robot(entry.name, entry.urdf, entry.ee, entry.package_paths);
  add_robot(result.name, options.urdf, options.ee, options.package_paths);
  text["name"] = suite.name + "+" + result.name;
  text["robots"] = robots_json;
  for (const auto& task : train_on)
    text["train"].push_back(nlohmann::json::array({result.name, task}));
  if (text.contains("heldout") && text["heldout"].is_array()) {
    for (const auto& task : suite.tasks) {
      if (std::find(train_on.begin(), train_on.end(), task) == train_on.end())
        text["heldout"].push_back(nlohmann::json::array({result.name, task}));
    }
  }
  std::vector<std::string> module_dirs;
  for (const auto& dir : dirs) module_dirs.push_back(fs::absolute(dir).lexically_normal().string());
  module_dirs.push_back("modules");
  text["modules"] = module_dirs;
  result.suite_file = (fs::path(out) / "suite.json").string();
  WriteFileAtomic(result.suite_file, text.dump(2) + "\n");

  // 6. The new robot's row: every task of the suite, zero-shot where it did not train.
  suite::Suite row = suite::LoadSuite(result.suite_file);
  row.robots.erase(
      std::remove_if(row.robots.begin(), row.robots.end(),
                     [&](const suite::RobotEntry& e) { return e.name != result.name; }),
      row.robots.end());
  composer::ZeroShotOptions evaluation = options.evaluation;
  evaluation.family = result.family;
  result.row = composer::RunZeroShot(row, evaluation);
  return result;
}

}  // namespace mosaic::extend
