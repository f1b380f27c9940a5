// mosaic train, mosaic bench train
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/interrupt.hpp"
#include "common/blas_kernels.hpp"
#include "common/error.hpp"
#include "suite/suite.hpp"
#include "train/trainer.hpp"

namespace mosaic::apps {

namespace {

std::string Count(double n) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1);
  if (n >= 1e6) {
    out << n / 1e6 << "M";
  } else if (n >= 1e3) {
    out << n / 1e3 << "k";
  } else {
    out << std::setprecision(0) << n;
  }
  return out.str();
}

std::string Duration(double seconds) {
  const long s = static_cast<long>(seconds);
  std::ostringstream out;
  if (s >= 3600) out << s / 3600 << "h";
  out << (s % 3600) / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
  return out.str();
}

void PrintProgress(const train::IterationReport& r) {
  if (r.iteration == 1 || r.iteration % 20 == 0) {
    std::cout << "worlds:";
    for (size_t w = 0; w < r.worlds.size(); ++w)
      std::cout << " [" << w << "] " << r.worlds[w].robot << "/" << r.worlds[w].task;
    std::cout << "\n  iter  env steps  steps/s       ETA  success per world (stochastic policy; "
                 "[deterministic eval])\n";
  }
  const double eta = r.steps_per_second > 0 ? (r.total_iterations - r.iteration) *
                                                  (r.env_steps / r.iteration) / r.steps_per_second
                                            : 0;
  std::cout << std::setw(6) << r.iteration << std::setw(11) << Count(r.env_steps) << std::setw(9)
            << Count(r.steps_per_second) << std::setw(10) << Duration(eta) << " ";
  for (const auto& w : r.worlds) {
    std::cout << " " << std::fixed << std::setprecision(2) << w.success_rate;
    if (w.eval_success_rate >= 0)
      std::cout << "[" << std::setprecision(2) << w.eval_success_rate << "]";
  }
  std::cout << std::endl;
}

// --set KEY=VALUE, repeatable: change a suite setting for this run (see suite::ApplyAssignments).
void AddSetOption(CLI::App& command, std::vector<std::string>& set) {
  command
      .add_option("--set", set,
                  "Change a suite setting for this run, KEY=VALUE with a dotted KEY and a JSON "
                  "VALUE, e.g. --set ppo.epochs=2 (repeatable; changes the module family)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
}

struct TrainArgs {
  std::string suite_path;
  std::string out = "runs/train";
  int64_t steps = 0;
  uint64_t seed = 1;
  bool resume = false;
  int threads = -1;
  std::vector<std::string> set;
};

void RunTrain(const TrainArgs& args, const std::string& command) {
  const suite::Suite suite = suite::LoadSuite(args.suite_path, args.set);
  train::TrainOptions options;
  options.out_dir = args.out;
  options.steps = args.steps;
  options.seed = args.seed;
  options.resume = args.resume;
  options.threads = args.threads;
  options.command = command;
  options.on_iteration = PrintProgress;
  std::cout << "training suite '" << suite.name << "' (" << suite.train.size() << " worlds), seed "
            << args.seed << ", family " << train::FamilyId(suite, args.seed)
            << (args.resume ? ", resuming" : "") << "\n";
  // Runs reproduce only on the matrix kernels they ran with (common/blas_kernels.hpp).
  if (const std::string kernels = BlasKernels(); !kernels.empty())
    std::cout << "matrix kernels: OpenBLAS " << kernels << "\n";
  train::TrainResult result;
  {
    const StopOnInterrupt interrupt;
    options.stop = interrupt.flag();
    result = train::Train(suite, options);
  }
  std::cout << (result.interrupted ? "interrupted, checkpoint saved: " : "done: ")
            << result.iterations << " iterations, " << Count(result.env_steps) << " env steps\n"
            << "log: " << args.out << "/log.csv\nmodules:\n";
  for (const auto& file : result.module_files) std::cout << "  " << file << "\n";
  if (result.interrupted) std::cout << "continue with the same command plus --resume\n";
}

struct BenchArgs {
  std::string suite_path;
  double seconds = 30;
  int threads = -1;
  bool json = false;
  std::vector<std::string> set;
};

void RunBenchTrain(const BenchArgs& args) {
  const suite::Suite suite = suite::LoadSuite(args.suite_path, args.set);
  const std::string out = (std::filesystem::temp_directory_path() /
                           ("mosaic-bench-train-" + std::to_string(::getpid())))
                              .string();
  std::atomic<bool> stop{false};
  double collect = 0, update = 0;
  int64_t steps = 0;
  int iterations = 0;
  train::TrainOptions options;
  options.out_dir = out;
  options.steps = suite.StepsPerIteration() * 1000000000;  // a billion iterations: until stopped
  options.threads = args.threads;
  options.stop = &stop;
  options.on_iteration = [&](const train::IterationReport& r) {
    if (r.iteration > 1) {  // the first iteration warms up caches and allocators
      collect += r.collect_seconds;
      update += r.update_seconds;
      steps += r.env_steps / r.iteration;
      ++iterations;
    }
    if (collect + update >= args.seconds) stop = true;
  };
  train::Train(suite, options);
  std::filesystem::remove_all(out);
  const double total = collect + update;
  const std::string kernels = BlasKernels();
  const nlohmann::json figures = {{"suite", suite.name},
                                  {"blas_kernels", kernels},
                                  {"iterations", iterations},
                                  {"env_steps", steps},
                                  {"env_steps_per_sec", steps / total},
                                  {"collect_seconds", collect},
                                  {"update_seconds", update},
                                  {"collect_fraction", collect / total},
                                  {"collect_env_steps_per_sec", steps / collect}};
  if (args.json) {
    std::cout << figures.dump(2) << "\n";
    return;
  }
  std::cout << std::fixed << std::setprecision(0) << "bench train " << suite.name << ": "
            << iterations << " iterations after one warm-up\n  env_steps_per_sec   "
            << steps / total << " (collection + update)\n"
            << std::setprecision(1) << "  collection          " << 100 * collect / total << " % ("
            << std::setprecision(0) << steps / collect << " env steps/s while collecting)\n"
            << std::setprecision(1) << "  update              " << 100 * update / total << " %\n"
            << "  matrix kernels      "
            << (kernels.empty() ? "not OpenBLAS" : "OpenBLAS " + kernels) << "\n";
}

}  // namespace

void AddTrainCommands(CLI::App& app, int argc, char** argv) {
  static TrainArgs args;
  static std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
  CLI::App* train_cmd = app.add_subcommand(
      "train", "Train robot and task modules jointly on a suite's training worlds (PPO)");
  train_cmd->add_option("suite", args.suite_path, "Suite file (assets/suites/*.json)")->required();
  train_cmd->add_option("--out", args.out, "Output folder: log.csv, modules/, checkpoint/");
  train_cmd
      ->add_option("--steps", args.steps,
                   "Total env steps over all worlds (default: the suite's ppo.total_steps)")
      ->check(CLI::NonNegativeNumber);
  train_cmd->add_option("--seed", args.seed, "Seed: weights, episodes, sampling");
  train_cmd->add_flag("--resume", args.resume, "Continue from OUT/checkpoint");
  train_cmd->add_option("--threads", args.threads,
                        "Physics threads (default: the suite's ppo.threads; 0: all cores)");
  AddSetOption(*train_cmd, args.set);
  train_cmd->callback([] { RunTrain(args, command); });

  static BenchArgs bench_args;
  CLI::App* bench = app.get_subcommand("bench");
  CLI::App* bench_train = bench->add_subcommand(
      "train", "Whole-loop training throughput (collection + update) on a suite");
  bench_train->add_option("suite", bench_args.suite_path, "Suite file")->required();
  bench_train->add_option("--seconds", bench_args.seconds, "Measuring time")
      ->check(CLI::PositiveNumber);
  bench_train->add_option("--threads", bench_args.threads, "Physics threads");
  bench_train->add_flag("--json", bench_args.json, "Print one JSON object");
  AddSetOption(*bench_train, bench_args.set);
  bench_train->callback([] { RunBenchTrain(bench_args); });
}

}  // namespace mosaic::apps
