// SimRunner: one robot on one task, simulated on a thread of its own so that neither physics nor
// policy ever runs on the UI thread. The UI sends commands (play, pause, step, reset, speed,
// policy) and copies out a SimSnapshot each frame; the two threads share nothing else.
//
// Seeding matches `mosaic rollout`: after Reset(seed), episode k (from 0) starts from
// env.Reset(DeriveSeed(seed, k)) and the policy is built afresh with make(env, seed), so with
// the random policy the GUI's episodes are the CLI's episodes, step for step.
#pragma once

#include <LinearMath/btTransform.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gui/policy_choice.hpp"
#include "gui/run_stats.hpp"
#include "sim/env.hpp"

namespace mosaic::gui {

// Everything the UI draws about the simulation, copied out at once so it is consistent.
struct SimSnapshot {
  std::vector<btTransform> body_frames;  // world pose of each body's URDF frame, (n_bodies)
  std::vector<sim::Marker> markers;      // the task's objects
  std::vector<btVector3> trail;          // end-effector positions this episode [m], (steps + 1)
  std::vector<float> interface;          // z after the last policy call; empty when none
  RunStats stats;
  int episode_step = 0;       // control steps into the current episode
  int max_episode_steps = 0;  // the episode's time limit [control steps]
  double control_dt = 0;      // [s]
  bool playing = false;
  int speed_index = kRealTimeSpeed;  // into kSpeedOptions
  int policy_index = 0;              // into SimRunner::policies()
  uint64_t seed = 0;
  double steps_per_second = 0;  // measured control steps per wall-clock second
  std::string error;            // what stopped the run (policy or physics error); empty if none
  uint64_t version = 0;         // increases with every publish
};

struct RunSettings {
  uint64_t seed = 0;
  std::string policy;  // preferred policy name; empty or unavailable: the first available
  int speed_index = kRealTimeSpeed;  // into kSpeedOptions
  bool playing = true;
};

class SimRunner {
 public:
  // Builds the environment here, on the caller's thread, so a robot that cannot do the task
  // throws mosaic::Error right away; then starts the sim thread. `policies` come first in the
  // list, then the built-in ones (gui/policy_choice.hpp). `model` must outlive the runner.
  SimRunner(const robots::RobotModel& model, std::unique_ptr<sim::Task> task,
            std::vector<PolicyEntry> policies, const RunSettings& settings);
  ~SimRunner();  // stops and joins the sim thread
  SimRunner(const SimRunner&) = delete;
  SimRunner& operator=(const SimRunner&) = delete;

  // Commands; each returns at once, the sim thread carries it out.
  void SetPlaying(bool playing);
  void StepOnce();                 // one control step (also while playing)
  void Reset(uint64_t seed);       // forgets the run's statistics, starts episode 0 again
  void SetSpeed(int speed_index);  // into kSpeedOptions
  void SelectPolicy(int index);    // ignored when out of range or unavailable; resets the run

  // Copies the latest published state into `out` (reusing its memory).
  void CopySnapshot(SimSnapshot& out) const;

  // Fixed at construction, safe to read from any thread.
  const std::vector<PolicyEntry>& policies() const { return policies_; }
  const robots::RobotModel& model() const { return model_; }
  double control_dt() const { return control_dt_; }

 private:
  // What the UI asked for. Every command bumps `generation`, which wakes the sim thread.
  struct Controls {
    bool playing = false;
    int speed_index = kRealTimeSpeed;
    int policy_index = 0;
    uint64_t seed = 0;      // seed of the current run, or of the next one when `reset` is set
    int pending_steps = 0;  // single steps asked for and not yet taken
    bool reset = false;     // start the run over with `seed` and `policy_index`
    bool quit = false;
    uint64_t generation = 0;
  };

  // Applies `change` to the controls under the lock, bumps the generation, wakes the sim thread.
  template <typename Change>
  void Command(Change change);

  void Loop();
  // Starts the run over: statistics, episode 0 of `seed`, a fresh policy.
  void ResetRun(uint64_t seed, int policy_index);
  void StartEpisode();
  void StepSimulation();
  // Copies the sim thread's state into the shared snapshot.
  void Publish(const Controls& controls);
  void Fail(const std::string& message);

  const robots::RobotModel& model_;
  std::unique_ptr<sim::Env> env_;
  std::vector<PolicyEntry> policies_;
  double control_dt_ = 0;

  // Owned by the sim thread (and by the constructor before the thread starts).
  PolicyChoice policy_;
  uint64_t seed_ = 0;
  int episode_ = 0;  // 0-based index of the current episode since the last reset
  std::vector<float> o_robot_, o_task_, action_;
  SimSnapshot staging_;  // built here, then copied into snapshot_
  int steps_since_rate_ = 0;
  double rate_started_ = 0;  // wall time the steps/s count began [s]

  mutable std::mutex control_mutex_;
  std::condition_variable wake_;
  Controls controls_;  // guarded by control_mutex_

  mutable std::mutex snapshot_mutex_;
  SimSnapshot snapshot_;  // guarded by snapshot_mutex_

  std::thread thread_;  // last member: starts after everything above exists
};

}  // namespace mosaic::gui
