// The specs of a suite's task and robot modules, as its training builds them (the trainer, and
// tests that assemble the trainer's pieces themselves). Internal to train/.
#pragma once

#include <string>

#include "modules/module_spec.hpp"
#include "robots/robot_model.hpp"
#include "suite/suite.hpp"

namespace mosaic::train {

modules::ModuleSpec TaskModuleSpec(const suite::Suite& suite, const std::string& task,
                                   const std::string& family);
modules::ModuleSpec RobotModuleSpec(const suite::Suite& suite, const std::string& robot,
                                    const robots::RobotModel& model, const std::string& family);

}  // namespace mosaic::train
