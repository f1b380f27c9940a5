#include "sim/rollout.hpp"

#include <memory>

namespace mosaic::sim {

std::vector<EpisodeRecord> RunEpisodes(Env& env, const PolicyFn& policy, int episodes,
                                       uint64_t seed) {
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size()),
      action(env.action_size());
  std::vector<EpisodeRecord> records;
  for (int k = 0; k < episodes; ++k) {
    env.Reset(DeriveSeed(seed, k), o_robot.data(), o_task.data());
    EpisodeRecord record;
    record.env = k;
    for (;;) {
      policy(env, o_robot.data(), o_task.data(), action.data());
      const StepResult result = env.Step(action.data(), o_robot.data(), o_task.data());
      record.Add(result);
      if (result.terminated || result.truncated) break;
    }
    records.push_back(record);
  }
  return records;
}

PolicyFn RandomPolicy(uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng](const Env& env, const float*, const float*, float* action) {
    for (int i = 0; i < env.action_size(); ++i) action[i] = rng->Uniform(-1.f, 1.f);
  };
}

PolicyFn ZeroPolicy() {
  return [](const Env& env, const float*, const float*, float* action) {
    for (int i = 0; i < env.action_size(); ++i) action[i] = 0.f;
  };
}

}  // namespace mosaic::sim
