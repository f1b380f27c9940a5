#include "sim/vec_env.hpp"

#include <cstring>

#include "common/error.hpp"

namespace mosaic::sim {

namespace {
// Room reserved for finished-episode records between two TakeFinishedEpisodes calls.
constexpr int kLogEpisodesPerEnv = 16;
}  // namespace

void EpisodeRecord::Add(const StepResult& result) {
  episode_return += result.reward;
  return_task += result.info.reward_task;
  return_robot += result.info.reward_robot;
  final_distance = result.info.distance;
  success = result.info.success;
  blew_up = result.info.blew_up;
  ++steps;
}

VecEnv::VecEnv(const robots::RobotModel& model, const TaskFactory& make_task, int num_envs,
               ThreadPool& pool, const EnvConfig& config)
    : pool_(pool) {
  if (num_envs <= 0)
    throw Error("VecEnv: number of environments must be > 0, got " + std::to_string(num_envs));
  for (int i = 0; i < num_envs; ++i)
    envs_.push_back(std::make_unique<Env>(model, make_task(), config));
  robot_obs_size_ = envs_[0]->robot_obs_size();
  task_obs_size_ = envs_[0]->task_obs_size();
  action_size_ = envs_[0]->action_size();
  obs_robot_.assign(num_envs * robot_obs_size_, 0.f);
  obs_task_.assign(num_envs * task_obs_size_, 0.f);
  final_obs_robot_.assign(num_envs * robot_obs_size_, 0.f);
  final_obs_task_.assign(num_envs * task_obs_size_, 0.f);
  rewards_.assign(num_envs, 0.f);
  distance_.assign(num_envs, 0.f);
  terminated_.assign(num_envs, 0);
  truncated_.assign(num_envs, 0);
  success_.assign(num_envs, 0);
  running_.assign(num_envs, EpisodeRecord{});
  finished_.assign(num_envs, EpisodeRecord{});
  done_.assign(num_envs, 0);
  finished_log_.reserve(kLogEpisodesPerEnv * num_envs);
}

void VecEnv::Reset(uint64_t seed) {
  for (int i = 0; i < num_envs(); ++i) {
    envs_[i]->Reset(DeriveSeed(seed, i), &obs_robot_[i * robot_obs_size_],
                    &obs_task_[i * task_obs_size_]);
    running_[i] = EpisodeRecord{};
    running_[i].env = i;
  }
}

void VecEnv::StepOne(int i, const float* actions) {
  Env& env = *envs_[i];
  float* o_robot = &obs_robot_[i * robot_obs_size_];
  float* o_task = &obs_task_[i * task_obs_size_];
  const StepResult result = env.Step(actions + i * action_size_, o_robot, o_task);
  rewards_[i] = result.reward;
  terminated_[i] = result.terminated;
  truncated_[i] = result.truncated;
  success_[i] = result.info.success;
  distance_[i] = result.info.distance;
  EpisodeRecord& episode = running_[i];
  episode.Add(result);
  done_[i] = result.terminated || result.truncated;
  if (done_[i]) {
    std::memcpy(&final_obs_robot_[i * robot_obs_size_], o_robot, sizeof(float) * robot_obs_size_);
    std::memcpy(&final_obs_task_[i * task_obs_size_], o_task, sizeof(float) * task_obs_size_);
    finished_[i] = episode;
    episode = EpisodeRecord{};
    episode.env = i;
    env.Reset(o_robot, o_task);
  }
}

void VecEnv::StepRange(const float* actions, int begin, int end) {
  for (int i = begin; i < end; ++i) StepOne(i, actions);
}

void VecEnv::FinishStep() {
  for (int i = 0; i < num_envs(); ++i) {
    if (done_[i]) finished_log_.push_back(finished_[i]);
  }
}

void VecEnv::Step(const float* actions) {
  pool_.ParallelFor(num_envs(), [&](int begin, int end) { StepRange(actions, begin, end); });
  FinishStep();
}

std::vector<EpisodeRecord> VecEnv::TakeFinishedEpisodes() {
  std::vector<EpisodeRecord> out;
  out.swap(finished_log_);
  finished_log_.reserve(kLogEpisodesPerEnv * num_envs());
  return out;
}

int64_t VecEnv::physics_steps() const {
  int64_t total = 0;
  for (const auto& env : envs_) total += env->world().physics_steps();
  return total;
}

}  // namespace mosaic::sim
