// `mosaic bench env`: simulation throughput of a VecEnv against the same robot stepped as a bare
// btMultiBody (no task, no env code), measured in one run so the env's overhead is a ratio.
#pragma once

#include <string>

namespace mosaic::bench {

struct EnvBenchConfig {
  std::string robot = "arm3";
  std::string task = "reach";
  int envs = 64;
  int threads = 1;
  double seconds = 5;  // total measuring time, split over alternating rounds
  int rounds = 5;      // env and raw measured alternately this many times; medians reported
  uint64_t seed = 0;
};

struct EnvBenchResult {
  double env_steps_per_sec = 0;          // control steps of all envs per second (median round)
  double physics_steps_per_sec = 0;      // env_steps_per_sec * substeps
  double raw_physics_steps_per_sec = 0;  // bare multibody steps per second (median round)
  double env_overhead = 0;               // raw / physics - 1: extra cost of task + env per step
  int substeps = 0;
  int envs = 0;
  int threads = 0;
};

EnvBenchResult RunEnvBench(const EnvBenchConfig& config);

}  // namespace mosaic::bench
