#include "composer/composer.hpp"

#include <torch/torch.h>

#include <cmath>
#include <cstring>

#include "common/error.hpp"
#include "composer/module_library.hpp"
#include "modules/policy_modules.hpp"
#include "sim/observation.hpp"
#include "tasks/registry.hpp"

namespace mosaic::composer {

namespace {

std::string LayoutText(const std::vector<sim::ObservationField>& layout) {
  std::string out;
  for (const auto& f : layout)
    out += (out.empty() ? "" : " ") + f.name + ":" + std::to_string(f.size);
  return "[" + out + "]";
}

bool SameLayout(const std::vector<sim::ObservationField>& a,
                const std::vector<sim::ObservationField>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].size != b[i].size) return false;
  }
  return true;
}

}  // namespace

Composer& Composer::RobotModuleFile(const std::string& path) {
  robot_path_ = path;
  return *this;
}
Composer& Composer::TaskModuleFile(const std::string& path) {
  task_path_ = path;
  return *this;
}
Composer& Composer::ForRobot(const robots::RobotModel& model, const std::string& name) {
  robot_model_ = &model;
  robot_name_ = name.empty() ? model.name : name;
  return *this;
}
Composer& Composer::ForTask(const std::string& task_name) {
  task_name_ = task_name;
  return *this;
}

std::vector<std::string> Composer::Check() const {
  std::vector<std::string> problems;
  if (robot_path_.empty()) problems.push_back("no robot module given");
  if (task_path_.empty()) problems.push_back("no task module given");
  if (!problems.empty()) return problems;
  const modules::ModuleSpec robot = ModuleLibrary::Inspect(robot_path_).spec;
  const modules::ModuleSpec task = ModuleLibrary::Inspect(task_path_).spec;
  if (robot.kind != modules::ModuleKind::kRobot) {
    problems.push_back(robot_path_ + " is a " + KindName(robot.kind) +
                       " module, expected a robot module");
  }
  if (task.kind != modules::ModuleKind::kTask) {
    problems.push_back(task_path_ + " is a " + KindName(task.kind) +
                       " module, expected a task module");
  }
  if (robot.family != task.family) {
    problems.push_back("families differ: robot module from " + robot.family +
                       ", task module from " + task.family +
                       " (modules of different training runs speak different interfaces)");
  }
  if (robot.interface_dim != task.interface_dim) {
    problems.push_back("interface sizes differ: task module writes z of size " +
                       std::to_string(task.interface_dim) + ", robot module reads " +
                       std::to_string(robot.interface_dim));
  }
  if (robot_model_ != nullptr && robot.kind == modules::ModuleKind::kRobot) {
    if (robot.name != robot_name_) {
      problems.push_back("robot module was trained for robot '" + robot.name + "', not '" +
                         robot_name_ + "'");
    }
    const auto layout = sim::RobotObservationLayout(*robot_model_);
    if (!SameLayout(robot.layout, layout)) {
      problems.push_back("robot module reads joints " + LayoutText(robot.layout) + ", robot '" +
                         robot_name_ + "' has " + LayoutText(layout));
    }
    if (robot.action_size != robot_model_->dof()) {
      problems.push_back("robot module drives " + std::to_string(robot.action_size) +
                         " joints, robot '" + robot_name_ + "' has " +
                         std::to_string(robot_model_->dof()));
    }
  }
  if (!task_name_.empty() && task.kind == modules::ModuleKind::kTask) {
    if (task.name != task_name_)
      problems.push_back("task module was trained for task '" + task.name + "', not '" +
                         task_name_ + "'");
    const auto layout = tasks::MakeTask(task_name_)->layout();
    if (!SameLayout(task.layout, layout)) {
      problems.push_back("task module reads " + LayoutText(task.layout) + ", task '" + task_name_ +
                         "' gives " + LayoutText(layout));
    }
  }
  return problems;
}

ComposedPolicy Composer::Build() const {
  const std::vector<std::string> problems = Check();
  if (!problems.empty()) {
    std::string message = "cannot compose robot module " +
                          (robot_path_.empty() ? "(none)" : robot_path_) + " with task module " +
                          (task_path_.empty() ? "(none)" : task_path_) + ":";
    for (const auto& p : problems) message += "\n  - " + p;
    throw Error(message);
  }
  modules::UseSingleThreadedMath();
  ComposedPolicy policy;
  policy.robot_ = modules::LoadModule(robot_path_).robot;
  policy.task_ = modules::LoadModule(task_path_).task;
  policy.robot_->eval();
  policy.task_->eval();
  policy.last_z_->assign(policy.task_->spec().interface_dim, 0.f);
  return policy;
}

const modules::ModuleSpec& ComposedPolicy::robot_spec() const {
  return robot_->spec();
}
const modules::ModuleSpec& ComposedPolicy::task_spec() const {
  return task_->spec();
}
int ComposedPolicy::interface_dim() const {
  return task_->spec().interface_dim;
}

std::string ComposedPolicy::Label() const {
  return "robot module '" + robot_->spec().name + "' + task module '" + task_->spec().name +
         "' (family " + robot_->spec().family + ")";
}

void ComposedPolicy::Act(int rows, const float* o_robot, const float* o_task, float* actions,
                         float* z) const {
  c10::InferenceMode inference;
  const int robot_obs = robot_->spec().ObservationSize(),
            task_obs = task_->spec().ObservationSize();
  const torch::Tensor robot_in =
      torch::from_blob(const_cast<float*>(o_robot), {rows, robot_obs}, torch::kFloat32);
  const torch::Tensor task_in =
      torch::from_blob(const_cast<float*>(o_task), {rows, task_obs}, torch::kFloat32);
  const torch::Tensor interface = task_->forward(task_in);
  const torch::Tensor mean = robot_->forward(interface, robot_in).contiguous();
  std::memcpy(actions, mean.data_ptr<float>(), sizeof(float) * rows * robot_->spec().action_size);
  if (z != nullptr) {
    const torch::Tensor zc = interface.contiguous();
    std::memcpy(z, zc.data_ptr<float>(), sizeof(float) * rows * interface_dim());
  }
}

void ComposedPolicy::Sample(int rows, const float* o_robot, const float* o_task, float* actions,
                            Rng& rng) const {
  Act(rows, o_robot, o_task, actions);
  const int dof = robot_->spec().action_size;
  const torch::Tensor log_std = robot_->log_std.detach().contiguous();
  const float* log_std_data = log_std.data_ptr<float>();
  for (int r = 0; r < rows; ++r) {
    for (int i = 0; i < dof; ++i) actions[r * dof + i] += std::exp(log_std_data[i]) * rng.Normal();
  }
}

sim::PolicyFn ComposedPolicy::AsPolicyFn() const {
  const ComposedPolicy self = *this;
  return [self](const sim::Env&, const float* o_robot, const float* o_task, float* action) {
    self.Act(1, o_robot, o_task, action, self.last_z_->data());
  };
}

}  // namespace mosaic::composer
