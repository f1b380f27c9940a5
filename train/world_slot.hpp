// One training world inside the trainer: its VecEnv, its value function, its rollout buffers,
// and the (shared) task and robot modules it runs. Internal to train/.
#pragma once

#include <ATen/core/Generator.h>
#include <torch/nn/module.h>

#include <memory>
#include <vector>

#include "common/thread_pool.hpp"
#include "modules/policy_modules.hpp"
#include "robots/robot_model.hpp"
#include "sim/vec_env.hpp"
#include "suite/suite.hpp"

namespace mosaic::train {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;  // log(sqrt(2 pi)), in Gaussian densities

// Running variance of each environment's discounted return; rewards are divided by its std so
// value targets stay O(1) whatever the task's reward scale (gym's NormalizeReward).
struct ReturnScaler {
  double mean = 0, var = 1, count = 1e-4;
  std::vector<double> returns;  // (num_envs) running discounted return
  void Update(const std::vector<double>& batch);
  float Scale() const { return static_cast<float>(1.0 / std::sqrt(var + 1e-8)); }
};

// Rollout storage, (steps x envs x ...), allocated once.
struct RolloutBuffers {
  torch::Tensor obs_robot, obs_task;  // raw observations
  torch::Tensor masks;                // dropout masks on z, already divided by (1 - p)
  torch::Tensor actions;              // sampled (unclipped) actions
  torch::Tensor logprobs, values;     // of the sampled actions; V(s), filled by ComputeAdvantages
  torch::Tensor rewards, dones;       // scaled rewards (+ gamma V(final) at truncation), 0/1
  torch::Tensor ee, next_ee;          // end effector before and after each step (grounding)
  torch::Tensor advantages, returns;  // filled by ComputeAdvantages
};

class WorldSlot {
 public:
  WorldSlot(const suite::WorldSpec& spec, const robots::RobotModel& model,
            std::shared_ptr<modules::TaskModule> task, std::shared_ptr<modules::RobotModule> robot,
            const suite::Suite& suite, ThreadPool& pool);

  const suite::WorldSpec& spec() const { return spec_; }
  sim::VecEnv& vec() { return *vec_; }
  modules::TaskModule& task() { return *task_; }
  modules::RobotModule& robot() { return *robot_; }
  modules::Mlp& value() { return value_; }
  RolloutBuffers& buffers() { return buffers_; }
  ReturnScaler& scaler() { return scaler_; }
  int num_envs() const { return vec_->num_envs(); }
  const float* actions() const { return actions_.data(); }

  // V(s) for raw observation tensors (rows x ...).
  torch::Tensor Value(const torch::Tensor& o_robot, const torch::Tensor& o_task);
  // V(s) for [normalised o_robot | normalised o_task] rows.
  torch::Tensor ValueNormalized(const torch::Tensor& robot_then_task);
  // Seeds the world's own random stream (dropout masks and action noise), so worlds can act on
  // different threads and still give the same samples whatever the thread count.
  void SeedActions(uint64_t seed);
  // Samples actions for the current observations and stores step t's inputs (inference mode).
  // Touches only this world's data: worlds may act concurrently.
  void Act(int t, float dropout, bool deterministic);
  // After the physics step: stores step t's rewards and dones, bootstrapping truncated episodes.
  // Touches only this world's data.
  void Record(int t, float gamma, bool normalize_rewards);
  // GAE over the buffers, bootstrapping from the current observations.
  void ComputeAdvantages(float gamma, float lambda);

 private:
  suite::WorldSpec spec_;
  std::shared_ptr<modules::TaskModule> task_;
  std::shared_ptr<modules::RobotModule> robot_;
  std::unique_ptr<sim::VecEnv> vec_;
  modules::Mlp value_{nullptr};
  RolloutBuffers buffers_;
  ReturnScaler scaler_;
  at::Generator generator_;
  std::vector<float> actions_;        // (num_envs x dof) handed to the VecEnv
  std::vector<double> reward_batch_;  // scratch
  int ee_offset_ = -1;                // "ee" field in o_task
};

}  // namespace mosaic::train
