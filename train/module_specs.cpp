#include "train/module_specs.hpp"

#include "sim/observation.hpp"
#include "tasks/registry.hpp"

namespace mosaic::train {

modules::ModuleSpec TaskModuleSpec(const suite::Suite& suite, const std::string& task,
                                   const std::string& family) {
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kTask;
  spec.name = task;
  spec.family = family;
  spec.interface_dim = suite.interface.dim;
  spec.layout = tasks::MakeTask(task)->layout();
  spec.hidden = suite.architecture.task_hidden;
  spec.gated = suite.architecture.task_gated;
  spec.interface_dropout = suite.interface.dropout;
  return spec;
}

modules::ModuleSpec RobotModuleSpec(const suite::Suite& suite, const std::string& robot,
                                    const robots::RobotModel& model, const std::string& family) {
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kRobot;
  spec.name = robot;
  spec.family = family;
  spec.interface_dim = suite.interface.dim;
  spec.layout = sim::RobotObservationLayout(model);
  spec.action_size = model.dof();
  spec.hidden = suite.architecture.robot_hidden;
  spec.interface_dropout = suite.interface.dropout;
  return spec;
}

}  // namespace mosaic::train
