// Multi-world PPO: robot modules and task modules trained jointly across the training worlds of a
// suite. `mosaic train` calls Train(); see train/trainer.cpp for the loop, top to bottom.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "suite/suite.hpp"

namespace mosaic::train {

// One training world's figures for one iteration (episodes that ended during its rollouts).
struct WorldReport {
  std::string robot, task;
  int episodes = 0;
  double mean_return = 0;
  double success_rate = 0;         // stochastic policy, at episode end
  double mean_final_distance = 0;  // [m]
  double eval_success_rate = -1;   // deterministic policy; -1 when not evaluated this iteration
  double policy_loss = 0, value_loss = 0, entropy = 0, approx_kl = 0, clip_fraction = 0,
         grounding_loss = 0;
};

struct IterationReport {
  int iteration = 0;  // 1-based
  int total_iterations = 0;
  int64_t env_steps = 0;        // cumulative, all worlds
  double seconds = 0;           // cumulative wall time of this run (including resumed time)
  double steps_per_second = 0;  // this iteration
  double collect_seconds = 0, update_seconds = 0;  // this iteration
  double learning_rate = 0;
  std::vector<WorldReport> worlds;
};

struct TrainOptions {
  std::string out_dir = "runs/train";  // log.csv, modules/, checkpoint/
  int64_t steps = 0;  // total env steps over all worlds; 0: the suite's ppo.total_steps
  uint64_t seed = 1;
  bool resume = false;  // continue from out_dir/checkpoint
  int threads = -1;     // physics threads; -1: the suite's ppo.threads (0: all cores)
  std::string command;  // recorded in the modules' provenance
  std::function<void(const IterationReport&)> on_iteration;  // progress (the CLI prints it)
  const std::atomic<bool>* stop = nullptr;  // set (e.g. on Ctrl-C): checkpoint and return

  // Extending a trained family (mosaic extend):
  std::string family;  // family id to write; empty: FamilyId(suite, seed)
  // Module files whose weights and normaliser start a module instead of a random initialisation,
  // by "task:NAME" or "robot:NAME" (a robot module may come from another robot with the same joint
  // layout: fine-tuning). Shapes must match.
  std::map<std::string, std::string> initial_modules;
  // Task modules get no gradient, keep their normaliser, and are never rewritten.
  bool freeze_task_modules = false;
};

struct TrainResult {
  int iterations = 0;  // completed, including those before a resume
  int64_t env_steps = 0;
  bool interrupted = false;
  std::string family;  // the family id written into the modules
  std::vector<std::string> module_files;
};

TrainResult Train(const suite::Suite& suite, const TrainOptions& options);

// Family id of a training run: "<suite>-s<seed>-<hash of the suite file>" (deterministic, so the
// same run reproduces the same module bytes).
std::string FamilyId(const suite::Suite& suite, uint64_t seed);

}  // namespace mosaic::train
