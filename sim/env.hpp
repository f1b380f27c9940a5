// Env: one World + one robot + one Task, with Gymnasium semantics.
//
//   Reset(seed)  -> observation          Step(action) -> observation, reward, terminated,
//                                                         truncated, info
// Observation: o_robot (sim/observation.hpp) and o_task (the task's layout), kept apart because
// modules see only their half. Action: one value per actuated joint in [-1, 1], times the joint's
// effort limit; values outside [-1, 1] are clipped (a Gaussian policy's samples overshoot), and a
// non-finite action is rejected with mosaic::Error, never passed to the physics.
// Reward: r = r_task (the task's term) + r_robot, r_robot = -control_cost * mean(action²) with the
// clipped action. Timing: control dt = physics_dt * substeps (default 1/120 s * 6 = 0.05 s); an
// episode is truncated after the task's episode_steps (the time limit lives here, not in tasks).
// A physics blow-up (non-finite state, joint speed at Bullet's clamp) terminates the episode with
// info.blew_up set and an all-zero observation; observations are never NaN.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/rng.hpp"
#include "robots/robot_model.hpp"
#include "sim/task.hpp"
#include "sim/world.hpp"

namespace mosaic::sim {

struct EnvConfig {
  PhysicsSettings physics;
  float control_cost = 0.05f;  // weight of mean(action²) in r_robot
  int max_episode_steps = 0;   // time limit in control steps; 0: the task's episode_steps()
};

struct StepInfo {
  float reward_task = 0;   // the task's term
  float reward_robot = 0;  // control cost (<= 0)
  float distance = 0;      // the task's headline distance [m]
  bool success = false;    // the task's success rule on the new state
  bool blew_up = false;    // the physics blew up; the episode was terminated
};

struct StepResult {
  float reward = 0;
  bool terminated = false;
  bool truncated = false;
  StepInfo info;
};

class Env {
 public:
  Env(const robots::RobotModel& model, std::unique_ptr<Task> task, const EnvConfig& config = {});

  int robot_obs_size() const { return robot_obs_size_; }
  int task_obs_size() const { return task_obs_size_; }
  int action_size() const { return model_.dof(); }
  const std::vector<ObservationField>& robot_layout() const { return robot_layout_; }
  const std::vector<ObservationField>& task_layout() const { return task_->layout(); }
  int max_episode_steps() const { return max_episode_steps_; }
  int episode_step() const { return episode_step_; }
  const robots::RobotModel& model() const { return model_; }
  World& world() { return world_; }
  const World& world() const { return world_; }
  Task& task() { return *task_; }
  const Task& task() const { return *task_; }

  // Re-seeds the environment's generator and starts an episode.
  void Reset(uint64_t seed, float* o_robot, float* o_task);
  // Starts the next episode from the same generator (what auto-reset does).
  void Reset(float* o_robot, float* o_task);
  // One control step. `action` has action_size() values.
  StepResult Step(const float* action, float* o_robot, float* o_task);
  // Writes the current observation.
  void Observe(float* o_robot, float* o_task) const;

 private:
  const robots::RobotModel& model_;
  EnvConfig config_;
  World world_;
  std::unique_ptr<Task> task_;
  std::vector<ObservationField> robot_layout_;
  int robot_obs_size_ = 0;
  int task_obs_size_ = 0;
  int max_episode_steps_ = 0;
  int episode_step_ = 0;
  Rng rng_;
  mutable std::vector<float> q_, qd_;  // scratch joint state, (dof); Observe reads into it
  std::vector<float> torque_;          // scratch, (dof)
};

}  // namespace mosaic::sim
