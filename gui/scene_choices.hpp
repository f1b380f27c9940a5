// SceneChoices: the robots and tasks the scene pickers offer — a suite's (`mosaic gui --suite`),
// or every shipped robot and registered task — and how a robot's name becomes what Scene::Load
// needs (its URDF, end-effector link and package folders). SceneLoad: a scene a panel asks for,
// with how its modules are picked (CellLoad for a matrix cell, CompositionLoad for the compose
// panel's Run). No drawing here.
#pragma once

#include <string>
#include <vector>

#include "gui/scene.hpp"
#include "suite/suite.hpp"

namespace mosaic::gui {

struct RobotChoice {
  std::string name;  // the suite's name for it (= its modules' robot name), or the shipped name
  std::string urdf;  // resolved path
  std::string ee;    // end-effector link; empty: the loader's default
  std::vector<std::string> package_paths;
};

class SceneChoices {
 public:
  // Every shipped robot (assets/robots) and every registered task.
  static SceneChoices Shipped();
  // The suite's robots and tasks, in the suite's order.
  static SceneChoices FromSuite(const suite::Suite& suite);

  const std::vector<RobotChoice>& robots() const { return robots_; }
  const std::vector<std::string>& tasks() const { return tasks_; }
  const std::string& suite_name() const { return suite_name_; }  // empty: the shipped choices

  // The choice called `name_or_path`, or whose URDF it is; nullptr when none.
  const RobotChoice* FindRobot(const std::string& name_or_path) const;
  // Points `request` at the robot `name_or_path`: a choice's URDF, end effector and package
  // folders; anything else is taken as a shipped robot name or URDF path (package folders kept).
  void ApplyRobot(const std::string& name_or_path, SceneRequest& request) const;
  // `preferred` if offered, else the first choice ("" when there are none).
  std::string DefaultRobot(const std::string& preferred) const;
  std::string DefaultTask(const std::string& preferred) const;

 private:
  std::vector<RobotChoice> robots_;
  std::vector<std::string> tasks_;
  std::string suite_name_;
};

// A scene to load and how to compose its policy: with `auto_pick`, Scene::Load's hook picks the
// modules for the loaded robot and task (preferring `family`); otherwise the picks stay.
struct SceneLoad {
  SceneRequest request;
  bool auto_pick = true;
  std::string family;  // module family to prefer; empty: the current picks' family
  std::string policy;  // policy to select once loaded; empty: the run's current one
};

// Clicking the matrix cell (robot, task): that robot (by its choice name, or as --robot takes
// it) and task, the modules of the matrix's `family`, running the composed policy. Everything
// else comes from `base`.
SceneLoad CellLoad(const SceneChoices& choices, const SceneRequest& base, const std::string& robot,
                   const std::string& task, const std::string& family);

// Running the picked modules: the robot and task they were trained for (`module_robot`,
// `module_task`), the picks kept, the composed policy selected. The loaded robot (`base`) stays
// when it is that robot (`loaded_robot`: the loaded model's name), so a URDF file keeps its path.
SceneLoad CompositionLoad(const SceneChoices& choices, const SceneRequest& base,
                          const std::string& loaded_robot, const std::string& module_robot,
                          const std::string& module_task);

}  // namespace mosaic::gui
