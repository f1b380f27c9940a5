// mosaic tasks list | show, and mosaic rollout
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "common/assets.hpp"
#include "common/error.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/rollout.hpp"
#include "sim/scripted_policy.hpp"
#include "tasks/registry.hpp"

namespace mosaic::apps {

namespace {

using nlohmann::json;

json LayoutJson(const std::vector<sim::ObservationField>& layout) {
  json fields = json::array();
  for (const auto& f : layout)
    fields.push_back({{"name", f.name}, {"size", f.size}, {"frame", f.frame}, {"units", f.units}});
  return fields;
}

void PrintLayout(const std::vector<sim::ObservationField>& layout) {
  size_t name_width = 5;
  for (const auto& f : layout) name_width = std::max(name_width, f.name.size());
  const int width = static_cast<int>(name_width) + 2;
  std::cout << "  " << std::left << std::setw(width) << "field" << std::setw(6) << "size"
            << std::setw(7) << "frame"
            << "units\n";
  for (const auto& f : layout) {
    std::cout << "  " << std::left << std::setw(width) << f.name << std::setw(6) << f.size
              << std::setw(7) << f.frame << f.units << "\n";
  }
}

void ListTasks(bool as_json) {
  json list = json::array();
  for (const auto& info : tasks::Registry()) {
    const auto task = info.make();
    if (as_json) {
      list.push_back({{"name", info.name},
                      {"summary", info.summary},
                      {"o_task_size", sim::LayoutSize(task->layout())},
                      {"episode_steps", task->episode_steps()}});
    } else {
      std::cout << std::left << std::setw(13) << info.name << std::setw(4)
                << sim::LayoutSize(task->layout()) << std::setw(5) << task->episode_steps()
                << info.summary << "\n";
    }
  }
  if (as_json) std::cout << list.dump(2) << "\n";
}

void ShowTask(const std::string& name, bool as_json) {
  const auto& info = tasks::FindTask(name);
  const auto task = info.make();
  if (as_json) {
    std::cout << json{{"name", info.name},
                      {"summary", info.summary},
                      {"episode_steps", task->episode_steps()},
                      {"o_task", LayoutJson(task->layout())}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << info.name << ": " << info.summary << "\nepisode: " << task->episode_steps()
            << " control steps\no_task (" << sim::LayoutSize(task->layout())
            << " floats, robot base frame):\n";
  PrintLayout(task->layout());
  std::cout << "(reward terms, success rule and sampling: see tasks/" << info.name << ".cpp)\n";
}

struct RolloutArgs {
  std::string robot, task, policy = "random";
  int episodes = 10;
  uint64_t seed = 0;
  bool json = false;
};

void Rollout(const RolloutArgs& args) {
  if (args.episodes <= 0)
    throw Error("--episodes must be > 0, got " + std::to_string(args.episodes));
  const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath(args.robot));
  sim::Env env(model, tasks::MakeTask(args.task));
  sim::PolicyFn policy;
  if (args.policy == "random") {
    policy = sim::RandomPolicy(DeriveSeed(args.seed, 1u << 20));
  } else if (args.policy == "zero") {
    policy = sim::ZeroPolicy();
  } else if (args.policy == "scripted") {
    policy = sim::ScriptedReachPolicy(env);
  } else {
    throw Error("--policy '" + args.policy + "' is unknown (expected random, zero or scripted)");
  }
  const auto episodes = sim::RunEpisodes(env, policy, args.episodes, args.seed);
  int successes = 0;
  for (const auto& e : episodes) successes += e.success;
  const double rate = static_cast<double>(successes) / episodes.size();
  if (args.json) {
    json list = json::array();
    for (const auto& e : episodes) {
      list.push_back({{"episode", e.env},
                      {"return", e.episode_return},
                      {"return_task", e.return_task},
                      {"return_robot", e.return_robot},
                      {"success", e.success},
                      {"final_distance", e.final_distance},
                      {"steps", e.steps},
                      {"blew_up", e.blew_up}});
    }
    std::cout << json{{"robot", model.name}, {"task", args.task}, {"policy", args.policy},
                      {"seed", args.seed},   {"episodes", list},  {"success_rate", rate}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "robot " << model.name << ", task " << args.task << ", policy " << args.policy
            << ", seed " << args.seed << "\n"
            << std::right << std::setw(8) << "episode" << std::setw(10) << "return" << std::setw(9)
            << "success" << std::setw(16) << "final distance"
            << "\n";
  for (const auto& e : episodes) {
    std::cout << std::setw(8) << e.env << std::setw(10) << std::fixed << std::setprecision(2)
              << e.episode_return << std::setw(9) << (e.success ? "yes" : "no") << std::setw(14)
              << std::setprecision(3) << e.final_distance << " m"
              << (e.blew_up ? "  (physics blew up)" : "") << "\n";
  }
  std::cout << "success rate " << std::setprecision(3) << rate << " (" << successes << "/"
            << episodes.size() << ")\n";
}

}  // namespace

void AddTasksCommands(CLI::App& app) {
  CLI::App* tasks_cmd =
      app.add_subcommand("tasks", "List and show tasks (observation layout, episode length)");
  tasks_cmd->require_subcommand(1);
  static bool list_json = false;
  CLI::App* list = tasks_cmd->add_subcommand("list", "List the registered tasks");
  list->add_flag("--json", list_json, "Print a JSON array");
  list->callback([] { ListTasks(list_json); });
  static std::string show_name;
  static bool show_json = false;
  CLI::App* show = tasks_cmd->add_subcommand("show", "Show a task's observation fields");
  show->add_option("name", show_name, "Task name")->required();
  show->add_flag("--json", show_json, "Print one JSON object");
  show->callback([] { ShowTask(show_name, show_json); });

  static RolloutArgs rollout_args;
  CLI::App* rollout =
      app.add_subcommand("rollout", "Run episodes of a robot on a task with a fixed policy");
  rollout->add_option("--robot", rollout_args.robot, "Shipped robot name or URDF file")->required();
  rollout->add_option("--task", rollout_args.task, "Task name")->required();
  rollout->add_option("--policy", rollout_args.policy,
                      "random | zero | scripted (Jacobian transpose; reach tasks)");
  rollout->add_option("--episodes", rollout_args.episodes, "Number of episodes");
  rollout->add_option("--seed", rollout_args.seed,
                      "Seed; episode k uses a seed derived from it and k");
  rollout->add_flag("--json", rollout_args.json, "Print one JSON object");
  rollout->callback([] { Rollout(rollout_args); });
}

}  // namespace mosaic::apps
