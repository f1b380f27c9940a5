// VecEnv: N environments of one world (same robot, same task), stepped together on a thread pool.
// Observations, rewards and flags live in contiguous float buffers, row i for environment i.
// Auto-reset: when an episode ends, the row holds the *next* episode's first observation and the
// final observation of the ended one is kept in final_obs_robot/final_obs_task (needed to
// bootstrap values at a time limit). Environment i draws from its own generator seeded with
// DeriveSeed(seed, i), so results are bit-identical for a seed whatever the thread count.
// Step() does not allocate, as long as TakeFinishedEpisodes() is called at least once every 16
// episodes per environment (the record log has that much room reserved).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/thread_pool.hpp"
#include "sim/env.hpp"

namespace mosaic::sim {

// Builds a task by name for each environment (tasks/ provides it: tasks::MakeTask).
using TaskFactory = std::function<std::unique_ptr<Task>()>;

// Per-episode summary, recorded when an episode ends.
struct EpisodeRecord {
  int env = 0;
  float episode_return = 0;
  float return_task = 0;
  float return_robot = 0;
  float final_distance = 0;
  bool success = false;
  bool blew_up = false;
  int steps = 0;
  // Adds one step's outcome (return, terms, the latest distance, success and blow-up flags).
  void Add(const StepResult& result);
};

class VecEnv {
 public:
  // `pool` may be shared by several VecEnvs (never stepped at the same time); it must outlive this.
  VecEnv(const robots::RobotModel& model, const TaskFactory& make_task, int num_envs,
         ThreadPool& pool, const EnvConfig& config = {});

  int num_envs() const { return static_cast<int>(envs_.size()); }
  int robot_obs_size() const { return robot_obs_size_; }
  int task_obs_size() const { return task_obs_size_; }
  int action_size() const { return action_size_; }
  Env& env(int i) { return *envs_[i]; }
  const Env& env(int i) const { return *envs_[i]; }

  // Resets every environment; environment i uses DeriveSeed(seed, i).
  void Reset(uint64_t seed);
  // Steps every environment with actions (num_envs x action_size, row-major).
  void Step(const float* actions);
  // Same, but only on environments [begin, end) and without the pool (for callers that
  // parallelise across several VecEnvs themselves). FinishStep must follow once all ranges ran.
  void StepRange(const float* actions, int begin, int end);
  void FinishStep();

  // Buffers, row i for environment i.
  const float* obs_robot() const { return obs_robot_.data(); }      // (num_envs x robot_obs_size)
  const float* obs_task() const { return obs_task_.data(); }        // (num_envs x task_obs_size)
  const float* rewards() const { return rewards_.data(); }          // (num_envs)
  const uint8_t* terminated() const { return terminated_.data(); }  // (num_envs) 0/1
  const uint8_t* truncated() const { return truncated_.data(); }    // (num_envs) 0/1
  const uint8_t* success() const { return success_.data(); }        // (num_envs) on the new state
  const float* distance() const { return distance_.data(); }        // (num_envs) [m]
  const float* final_obs_robot() const { return final_obs_robot_.data(); }  // valid where done
  const float* final_obs_task() const { return final_obs_task_.data(); }

  // Episodes finished since the last call, in environment order within each step.
  std::vector<EpisodeRecord> TakeFinishedEpisodes();
  int64_t physics_steps() const;

 private:
  void StepOne(int i, const float* actions);

  std::vector<std::unique_ptr<Env>> envs_;
  ThreadPool& pool_;
  int robot_obs_size_ = 0, task_obs_size_ = 0, action_size_ = 0;
  std::vector<float> obs_robot_, obs_task_, rewards_, distance_, final_obs_robot_, final_obs_task_;
  std::vector<uint8_t> terminated_, truncated_, success_;
  std::vector<EpisodeRecord> running_;   // (num_envs) episode in progress
  std::vector<EpisodeRecord> finished_;  // per env, valid where done_ is set this step
  std::vector<uint8_t> done_;
  std::vector<EpisodeRecord>
      finished_log_;  // appended in FinishStep, emptied by TakeFinishedEpisodes
};

}  // namespace mosaic::sim
