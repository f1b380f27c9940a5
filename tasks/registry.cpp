#include "tasks/registry.hpp"

#include "common/error.hpp"
#include "tasks/push.hpp"
#include "tasks/reach.hpp"
#include "tasks/reach_color.hpp"

namespace mosaic::tasks {

namespace {
template <typename T>
std::unique_ptr<sim::Task> Make() {
  return std::make_unique<T>();
}
}  // namespace

const std::vector<TaskInfo>& Registry() {
  static const std::vector<TaskInfo> kTasks = {
      {"reach", "bring the end effector to a target point", &Make<ReachTask>},
      {"reach_color", "three coloured targets and a one-hot cue: reach the cued one",
       &Make<ReachColorTask>},
      {"push", "push a block on the table to a goal", &Make<PushTask>},
  };
  return kTasks;
}

std::vector<std::string> TaskNames() {
  std::vector<std::string> names;
  for (const auto& task : Registry()) names.push_back(task.name);
  return names;
}

const TaskInfo& FindTask(const std::string& name) {
  for (const auto& task : Registry()) {
    if (task.name == name) return task;
  }
  std::string known;
  for (const auto& task : Registry()) known += (known.empty() ? "" : ", ") + task.name;
  throw Error("unknown task '" + name + "' (known tasks: " + known + ")");
}

std::unique_ptr<sim::Task> MakeTask(const std::string& name) {
  return FindTask(name).make();
}

sim::TaskFactory TaskFactory(const std::string& name) {
  const TaskInfo& info = FindTask(name);
  return [make = info.make] { return make(); };
}

}  // namespace mosaic::tasks
