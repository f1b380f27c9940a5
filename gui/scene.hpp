// Scene: what the viewport shows — a robot (shipped or from a URDF) doing a task, running in a
// SimRunner. Loading is all-or-nothing: Scene::Load either returns a running scene or throws
// mosaic::Error with the loader's or the task's own message (a missing URDF, an unknown task, a
// robot that cannot do the task), which the window shows; the previous scene stays up.
//
// Policies that need the loaded robot (the composed one: the composer checks the robot module
// against the robot's joints) come from a RobotPolicies callback that Scene::Load calls once the
// robot is loaded and before the run starts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gui/policy_choice.hpp"
#include "gui/sim_runner.hpp"
#include "robots/robot_model.hpp"

namespace mosaic::gui {

struct SceneRequest {
  std::string robot = "arm3";              // shipped robot name or URDF path
  std::vector<std::string> package_paths;  // folders for package:// URIs (like --package-path)
  std::string ee_link;                     // end-effector link; empty: the loader's default
  std::string task = "reach";
  RunSettings run;  // seed, preferred policy, speed, playing
  // Policies offered before the built-in ones; the composer's policy plugs in here
  // (see gui/policy_choice.hpp).
  std::vector<PolicyEntry> extra_policies;
};

// More policies for `model` doing `task`, offered before request.extra_policies.
using RobotPolicies = std::function<std::vector<PolicyEntry>(const robots::RobotModel& model,
                                                             const std::string& task)>;

class Scene {
 public:
  // Throws mosaic::Error on bad input (see above). `robot_policies` may be empty.
  static std::unique_ptr<Scene> Load(const SceneRequest& request,
                                     const RobotPolicies& robot_policies = {});

  const SceneRequest& request() const { return request_; }
  const robots::RobotModel& model() const { return *model_; }
  SimRunner& runner() { return *runner_; }
  const SimRunner& runner() const { return *runner_; }

 private:
  Scene() = default;

  SceneRequest request_;
  std::unique_ptr<const robots::RobotModel> model_;
  std::unique_ptr<SimRunner> runner_;  // declared after model_: stopped before the model goes
};

}  // namespace mosaic::gui
