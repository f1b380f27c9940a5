// mosaic bench env
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "bench/env_bench.hpp"
#include "common/error.hpp"

namespace mosaic::apps {

void AddBenchCommands(CLI::App& app) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks that print figures");
  bench->require_subcommand(1);
  static bench::EnvBenchConfig env_config;
  static bool env_json = false;
  CLI::App* env =
      bench->add_subcommand("env", "Simulation throughput: VecEnv vs the bare robot in Bullet");
  env->add_option("--robot", env_config.robot, "Shipped robot name or URDF file");
  env->add_option("--task", env_config.task, "Task name");
  env->add_option("--envs", env_config.envs, "Environments in the VecEnv")
      ->check(CLI::PositiveNumber);
  env->add_option("--threads", env_config.threads, "Threads (including the caller)")
      ->check(CLI::PositiveNumber);
  env->add_option("--seconds", env_config.seconds, "Measuring time")->check(CLI::PositiveNumber);
  env->add_flag("--json", env_json, "Print one JSON object");
  env->callback([] {
    const auto r = bench::RunEnvBench(env_config);
    const nlohmann::json out = {{"robot", env_config.robot},
                                {"task", env_config.task},
                                {"envs", r.envs},
                                {"threads", r.threads},
                                {"substeps", r.substeps},
                                {"env_steps_per_sec", r.env_steps_per_sec},
                                {"physics_steps_per_sec", r.physics_steps_per_sec},
                                {"raw_physics_steps_per_sec", r.raw_physics_steps_per_sec},
                                {"env_overhead", r.env_overhead}};
    if (env_json) {
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << std::fixed << std::setprecision(0) << env_config.robot << "/" << env_config.task
              << ", " << r.envs << " envs, " << r.threads
              << " thread(s), medians of alternating rounds:\n"
              << "  env_steps_per_sec          " << r.env_steps_per_sec << "\n"
              << "  physics_steps_per_sec      " << r.physics_steps_per_sec << "  (" << r.substeps
              << " physics steps per env step)\n"
              << "  raw_physics_steps_per_sec  " << r.raw_physics_steps_per_sec
              << "  (bare btMultiBody)\n"
              << "  env overhead               " << std::setprecision(1) << 100.0 * r.env_overhead
              << " %\n";
  });
}

}  // namespace mosaic::apps
