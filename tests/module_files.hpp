// Small, untrained but valid module files made on the spot for tests (composer, GUI), written with
// modules::SaveModule, so nothing depends on trained modules.
#pragma once

#include <string>

namespace mosaic::testing {

// Writes a robot module for the shipped robot `robot` into `dir` (created when missing) as
// robot_<robot>_<family>_<dim>.safetensors and returns its path.
std::string WriteRobotModule(const std::string& dir, const std::string& robot,
                             const std::string& family, int dim = 8);
// Same for a task module of the registered task `task` (task_<task>_<family>_<dim>.safetensors).
std::string WriteTaskModule(const std::string& dir, const std::string& task,
                            const std::string& family, int dim = 8);

}  // namespace mosaic::testing
