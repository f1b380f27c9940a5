// ZeroShotJob: computes a suite's zero-shot matrix (composer::RunZeroShot, the runner behind
// `mosaic zeroshot`) on a thread of its own, so the window stays live; the UI polls progress()
// each frame and takes the result once. The result is the very JSON `mosaic zeroshot --json`
// writes, parsed by the same ZeroShotMatrix the matrix panel loads files with. No drawing here.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "gui/zeroshot_matrix.hpp"
#include "suite/suite.hpp"

namespace mosaic::gui {

struct ZeroShotProgress {
  bool running = false;
  int done = 0, total = 0;  // evaluations (cells and baselines)
  std::string current;      // what was evaluated last, e.g. "arm3/push random"
};

struct ZeroShotResult {
  std::optional<ZeroShotMatrix> matrix;  // set on success
  std::string json;                      // the matrix as `mosaic zeroshot --json` writes it
  std::string error;  // why it stopped (bad modules, cancelled); empty on success
};

class ZeroShotJob {
 public:
  ZeroShotJob() = default;
  ~ZeroShotJob();  // cancels and waits for the thread
  ZeroShotJob(const ZeroShotJob&) = delete;
  ZeroShotJob& operator=(const ZeroShotJob&) = delete;

  // Starts evaluating every cell of `suite` with the modules in `module_folders` (empty: the
  // suite's own, as `mosaic zeroshot` takes them), `episodes` per cell, on one physics thread.
  // Returns false (and does nothing) while a job runs.
  bool Start(const suite::Suite& suite, const std::vector<std::string>& module_folders,
             int episodes);
  // Asks the job to stop after the evaluation in progress; its result is then an error.
  void Cancel() { cancel_ = true; }
  ZeroShotProgress progress() const;
  // Running, or finished with a result not taken yet.
  bool busy() const;
  // The result of a finished job, once; nullopt while running or when there is none.
  std::optional<ZeroShotResult> TakeResult();

 private:
  void Join();

  std::thread thread_;
  std::atomic<bool> cancel_{false};
  mutable std::mutex mutex_;
  ZeroShotProgress progress_;             // guarded by mutex_
  std::optional<ZeroShotResult> result_;  // guarded by mutex_
};

}  // namespace mosaic::gui
