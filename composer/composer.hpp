// Composer: wires a robot module and a task module into a policy, Drake-DiagramBuilder style —
// declare the parts, then Build() checks everything at once and either returns a ComposedPolicy
// or throws one Error that names both modules and lists every mismatch:
//   - kinds (a robot module and a task module),
//   - the robot module was trained for this robot: name, joint names and observation layout,
//     action size,
//   - the task module was trained for this task: name and observation layout,
//   - the same interface dimension and the same family (modules of different training runs
//     speak different interfaces and are never combined).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "modules/module_spec.hpp"
#include "robots/robot_model.hpp"
#include "sim/rollout.hpp"

namespace mosaic::modules {
class TaskModule;
class RobotModule;
}  // namespace mosaic::modules

namespace mosaic::composer {

class ComposedPolicy {
 public:
  // Deterministic action means for `rows` observations (row-major buffers); writes the interface
  // z of each row to `z` when given (rows x interface_dim).
  void Act(int rows, const float* o_robot, const float* o_task, float* actions,
           float* z = nullptr) const;
  // Actions sampled from the Gaussian policy, as in training: the mean plus exp(log_std) times
  // standard normal noise drawn from `rng`.
  void Sample(int rows, const float* o_robot, const float* o_task, float* actions, Rng& rng) const;
  // For one environment: action mean, and the latest z kept for display (see last_z()).
  sim::PolicyFn AsPolicyFn() const;
  const std::vector<float>& last_z() const { return *last_z_; }

  const modules::ModuleSpec& robot_spec() const;
  const modules::ModuleSpec& task_spec() const;
  int interface_dim() const;
  std::string Label() const;  // "robot module 'arm3' + task module 'push' (family ...)"

 private:
  friend class Composer;
  std::shared_ptr<modules::RobotModule> robot_;
  std::shared_ptr<modules::TaskModule> task_;
  std::shared_ptr<std::vector<float>> last_z_ = std::make_shared<std::vector<float>>();
};

class Composer {
 public:
  Composer& RobotModuleFile(const std::string& path);
  Composer& TaskModuleFile(const std::string& path);
  // What the composition must fit: the robot it will drive (known as `name` — a suite may name a
  // robot differently from its URDF; default: the URDF's name) and the task it will do.
  Composer& ForRobot(const robots::RobotModel& model, const std::string& name = "");
  Composer& ForTask(const std::string& task_name);

  // Loads what is not loaded, checks everything, and returns the policy; throws Error listing
  // every mismatch.
  ComposedPolicy Build() const;
  // The mismatches Build() would report (empty when the composition fits); loads the files'
  // metadata only.
  std::vector<std::string> Check() const;

 private:
  std::string robot_path_, task_path_;
  const robots::RobotModel* robot_model_ = nullptr;
  std::string robot_name_;
  std::string task_name_;
};

}  // namespace mosaic::composer
