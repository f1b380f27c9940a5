// Bookkeeping of a run, with no drawing and no threads (unit-tested without a window):
// RunStats (per-step rewards and distances of the current episode, finished episodes, success
// rate), Pacer (wall-clock time -> control steps due at a speed factor), the speed choices, and
// FrameTimer (frame-time statistics for the overlay and the --frames report).
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <vector>

namespace mosaic::gui {

// One finished episode.
struct EpisodeSummary {
  int number = 0;            // 1-based, counted since the last reset of the run
  float episode_return = 0;  // sum of rewards
  float final_distance = 0;  // the task's headline distance at the end [m]
  int steps = 0;             // control steps
  bool success = false;      // the task's success rule on the final state
  bool blew_up = false;      // the physics blew up and ended the episode
};

class RunStats {
 public:
  static constexpr size_t kHistory = 2000;  // finished episodes kept for plots and badges

  // Forgets everything (a reset of the run).
  void Clear();
  // One control step of the current episode: its reward and the task's distance [m].
  void RecordStep(float reward, float distance);
  // Closes the current episode and starts the next; returns its summary.
  const EpisodeSummary& FinishEpisode(bool success, bool blew_up);

  int episodes_finished() const { return episodes_finished_; }
  int successes() const { return successes_; }
  int blow_ups() const { return blow_ups_; }
  // successes / episodes finished, over the whole run (not only the kept history); 0 when no
  // episode has finished.
  double SuccessRate() const;
  // Current episode, one entry per control step so far.
  const std::vector<float>& step_rewards() const { return step_rewards_; }
  const std::vector<float>& step_distances() const { return step_distances_; }  // [m]
  float current_return() const { return current_return_; }
  // The last kHistory finished episodes, oldest first.
  const std::deque<EpisodeSummary>& history() const { return history_; }

 private:
  std::vector<float> step_rewards_, step_distances_;
  float current_return_ = 0;
  std::deque<EpisodeSummary> history_;
  int episodes_finished_ = 0, successes_ = 0, blow_ups_ = 0;
};

// Playback speeds offered in the run panel. A factor of 0 means as fast as possible.
struct SpeedOption {
  const char* label;
  double factor;  // simulated seconds per wall-clock second; 0: unpaced
};
inline constexpr std::array<SpeedOption, 7> kSpeedOptions = {{{"0.25x", 0.25},
                                                              {"0.5x", 0.5},
                                                              {"1x", 1.0},
                                                              {"2x", 2.0},
                                                              {"4x", 4.0},
                                                              {"8x", 8.0},
                                                              {"as fast as possible", 0.0}}};
inline constexpr int kRealTimeSpeed = 2;  // index of 1x

// Paces control steps to wall-clock time: at speed s, one control step of dt simulated seconds
// is due every dt / s wall seconds. When the simulation falls behind by more than
// kMaxBacklog simulated seconds (a slow machine, a debugger), the backlog is dropped rather than
// run in a burst, so the picture never sprints to catch up.
class Pacer {
 public:
  static constexpr double kMaxBacklog = 0.25;  // [simulated s]

  // Starts counting from `now` [s] with no steps owed (on play, and after a speed change).
  void Restart(double now);
  // Control steps due by `now` [s] at `speed` (> 0) with control period `control_dt` [s]; they
  // are counted as done.
  int StepsDue(double now, double speed, double control_dt);
  // Wall seconds from the last StepsDue call until the next step is due.
  double SecondsToNextStep(double speed, double control_dt) const;

 private:
  double last_ = 0;  // wall time of the last call [s]
  double owed_ = 0;  // simulated time owed but not yet stepped [s]
};

// Frame-time statistics: a short rolling mean for the overlay, and the totals of a run.
class FrameTimer {
 public:
  static constexpr int kWindow = 60;  // frames in the rolling mean

  // One frame that took `seconds` of work.
  void Add(double seconds);
  // Mean over the last kWindow frames [s]; 0 before the first frame.
  double RecentMean() const;
  // Mean and 95th percentile over every frame after the first `skip` (shader compilation and
  // font upload make the first frames slow) [s]; 0 when there are none.
  double Mean(int skip) const;
  double Percentile95(int skip) const;
  int frames() const { return static_cast<int>(all_.size()); }

 private:
  std::vector<double> all_;  // every frame [s]
};

}  // namespace mosaic::gui
