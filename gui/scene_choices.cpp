#include "gui/scene_choices.hpp"

#include <algorithm>

#include "common/assets.hpp"
#include "tasks/registry.hpp"

namespace mosaic::gui {

SceneChoices SceneChoices::Shipped() {
  SceneChoices choices;
  for (const auto& name : ShippedRobotNames())
    choices.robots_.push_back({name, ResolveRobotPath(name), "", {}});
  choices.tasks_ = tasks::TaskNames();
  return choices;
}

SceneChoices SceneChoices::FromSuite(const suite::Suite& suite) {
  SceneChoices choices;
  for (const auto& robot : suite.robots)
    choices.robots_.push_back({robot.name, robot.urdf, robot.ee, robot.package_paths});
  choices.tasks_ = suite.tasks;
  choices.suite_name_ = suite.name;
  return choices;
}

const RobotChoice* SceneChoices::FindRobot(const std::string& name_or_path) const {
  for (const auto& robot : robots_) {
    if (robot.name == name_or_path || robot.urdf == name_or_path) return &robot;
  }
  return nullptr;
}

void SceneChoices::ApplyRobot(const std::string& name_or_path, SceneRequest& request) const {
  if (const RobotChoice* robot = FindRobot(name_or_path)) {
    request.robot = robot->urdf;
    request.ee_link = robot->ee;
    request.package_paths = robot->package_paths;
  } else {
    request.robot = name_or_path;
    request.ee_link.clear();
  }
}

std::string SceneChoices::DefaultRobot(const std::string& preferred) const {
  if (robots_.empty()) return "";
  return FindRobot(preferred) != nullptr ? preferred : robots_.front().name;
}

std::string SceneChoices::DefaultTask(const std::string& preferred) const {
  if (tasks_.empty()) return "";
  const bool offered = std::find(tasks_.begin(), tasks_.end(), preferred) != tasks_.end();
  return offered ? preferred : tasks_.front();
}

SceneLoad CellLoad(const SceneChoices& choices, const SceneRequest& base, const std::string& robot,
                   const std::string& task, const std::string& family) {
  SceneLoad load{base, true, family, kComposedPolicy};
  choices.ApplyRobot(robot, load.request);  // package folders stay: a matrix may name URDF files
  load.request.task = task;
  return load;
}

SceneLoad CompositionLoad(const SceneChoices& choices, const SceneRequest& base,
                          const std::string& loaded_robot, const std::string& module_robot,
                          const std::string& module_task) {
  SceneLoad load{base, false, "", kComposedPolicy};
  if (loaded_robot != module_robot) choices.ApplyRobot(module_robot, load.request);
  load.request.task = module_task;
  return load;
}

}  // namespace mosaic::gui
