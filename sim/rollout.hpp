// Running whole episodes with a policy callback: what `mosaic rollout` and the tests use.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/env.hpp"
#include "sim/vec_env.hpp"

namespace mosaic::sim {

// Writes env.action_size() values in [-1, 1] for one observation.
using PolicyFn =
    std::function<void(const Env& env, const float* o_robot, const float* o_task, float* action)>;

// Runs `episodes` full episodes; episode k starts from Reset(DeriveSeed(seed, k)), so each episode
// is reproducible on its own.
std::vector<EpisodeRecord> RunEpisodes(Env& env, const PolicyFn& policy, int episodes,
                                       uint64_t seed);

// Uniform random actions in [-1, 1] from its own generator.
PolicyFn RandomPolicy(uint64_t seed);
// All-zero actions (the robot only coasts under damping).
PolicyFn ZeroPolicy();

}  // namespace mosaic::sim
