// The task registry: name -> factory. Adding a task is one file plus one line in registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/task.hpp"
#include "sim/vec_env.hpp"

namespace mosaic::tasks {

struct TaskInfo {
  std::string name;
  std::string summary;  // one line for `mosaic tasks list`
  std::unique_ptr<sim::Task> (*make)();
};

// Every registered task, in registration order.
const std::vector<TaskInfo>& Registry();
std::vector<std::string> TaskNames();
// Throws Error naming the unknown task and listing the known ones.
const TaskInfo& FindTask(const std::string& name);
std::unique_ptr<sim::Task> MakeTask(const std::string& name);
sim::TaskFactory TaskFactory(const std::string& name);

}  // namespace mosaic::tasks
