// The zero-shot runner behind `mosaic zeroshot`: every (robot, task) cell of a suite — training
// cells and held-out cells — with the composed policy (deterministic action means), and on the
// held-out cells two baselines in the same run: a uniform random policy, and a mismatched
// composition (the right robot module with another task's module; the other task module is fed the
// fields of this task's observation that share its field names, zeros elsewhere). Every cell's
// episodes are seeded from (seed, robot/task), so a cell's figures do not depend on the others.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "suite/suite.hpp"

namespace mosaic::composer {

struct ZeroShotOptions {
  std::vector<std::string>
      modules_dirs;     // empty: the suite's "modules", else assets/modules/<suite>
  std::string family;   // empty: the one family the folder holds for this suite
  int episodes = 0;     // per cell; 0: the suite's evaluation.episodes
  int64_t seed = -1;    // -1: the suite's evaluation.seed
  int threads = 0;      // physics threads; 0: all cores
  bool sample = false;  // sample actions from the Gaussian policies instead of using their means
  // Called after each evaluation: (done, total, what was evaluated).
  std::function<void(int, int, const std::string&)> progress;
};

struct ZeroShotCell {
  std::string robot, task;
  std::string split;  // "train" | "heldout"
  int episodes = 0;
  double success_rate = 0;
  double success_ci_low = 0, success_ci_high = 0;  // 95% Wilson score interval
  double mean_return = 0;
  double mean_final_distance = 0;  // [m]
  // Held-out cells only (negative when not evaluated):
  double random_success_rate = -1, random_mean_final_distance = -1;
  double mismatched_success_rate = -1, mismatched_mean_final_distance = -1;
  std::string mismatched_task;  // whose task module the mismatched composition used
};

struct ZeroShotReport {
  std::string suite, family;
  std::vector<std::string> modules_dirs;
  int episodes = 0;
  uint64_t seed = 0;
  bool sample = false;              // actions sampled (true) or the policies' means (false)
  std::vector<ZeroShotCell> cells;  // robots x tasks in suite order
};

ZeroShotReport RunZeroShot(const suite::Suite& suite, const ZeroShotOptions& options);

// 95% Wilson score interval for `successes` out of `n`.
void WilsonInterval(int successes, int n, double& low, double& high);

std::string FormatMarkdown(const ZeroShotReport& report);
std::string FormatCsv(const ZeroShotReport& report);
std::string FormatJson(const ZeroShotReport& report);

}  // namespace mosaic::composer
