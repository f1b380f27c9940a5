#include "sim/env.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/error.hpp"
#include "sim/observation.hpp"

namespace mosaic::sim {

Env::Env(const robots::RobotModel& model, std::unique_ptr<Task> task, const EnvConfig& config)
    : model_(model),
      config_(config),
      world_(model, config.physics),
      task_(std::move(task)),
      robot_layout_(RobotObservationLayout(model)),
      q_(model.dof(), 0.f),
      qd_(model.dof(), 0.f),
      torque_(model.dof(), 0.f) {
  robot_obs_size_ = LayoutSize(robot_layout_);
  task_obs_size_ = LayoutSize(task_->layout());
  max_episode_steps_ =
      config.max_episode_steps > 0 ? config.max_episode_steps : task_->episode_steps();
  task_->Setup(world_);
}

void Env::Reset(uint64_t seed, float* o_robot, float* o_task) {
  rng_.Seed(seed);
  Reset(o_robot, o_task);
}

void Env::Reset(float* o_robot, float* o_task) {
  episode_step_ = 0;
  SampleInitialJoints(model_, rng_, q_.data());
  std::fill(qd_.begin(), qd_.end(), 0.f);
  world_.robot().SetState(q_.data(), qd_.data());
  task_->Reset(world_, rng_);
  Observe(o_robot, o_task);
}

void Env::Observe(float* o_robot, float* o_task) const {
  world_.robot().GetState(q_.data(), qd_.data());
  ObserveRobot(model_, q_.data(), qd_.data(), o_robot);
  task_->Observe(world_, o_task);
}

StepResult Env::Step(const float* action, float* o_robot, float* o_task) {
  float control = 0.f;
  for (int i = 0; i < model_.dof(); ++i) {
    if (!std::isfinite(action[i])) {
      throw Error("Env::Step: action[" + std::to_string(i) + "] (joint '" + model_.joints[i].name +
                  "') is " + std::to_string(action[i]) + "; expected finite values in [-1, 1]");
    }
    const float a = std::clamp(action[i], -1.f, 1.f);
    torque_[i] = a * model_.joints[i].effort;
    control += a * a;
  }
  world_.Step(torque_.data());
  ++episode_step_;

  StepResult result;
  result.info.reward_robot = -config_.control_cost * control / static_cast<float>(model_.dof());
  const auto& robot = world_.robot();
  bool sane = robot.StateIsSane() && task_->StateIsSane(world_);
  if (sane) {
    world_.robot().GetState(q_.data(), qd_.data());
    const float clamp = 0.999f * robot.SpeedClamp();
    for (float v : qd_) sane &= std::fabs(v) < clamp;
  }
  if (!sane) {
    result.terminated = true;
    result.info.blew_up = true;
    result.info.reward_robot = 0.f;
    std::memset(o_robot, 0, sizeof(float) * robot_obs_size_);
    std::memset(o_task, 0, sizeof(float) * task_obs_size_);
    return result;
  }
  result.info.reward_task = task_->Reward(world_);
  result.info.distance = task_->Distance(world_);
  result.info.success = task_->Success(world_);
  result.reward = result.info.reward_task + result.info.reward_robot;
  result.truncated = episode_step_ >= max_episode_steps_;
  ObserveRobot(model_, q_.data(), qd_.data(), o_robot);
  task_->Observe(world_, o_task);
  return result;
}

}  // namespace mosaic::sim
