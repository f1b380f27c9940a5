#include "bench/env_bench.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <vector>

#include "common/assets.hpp"
#include "common/rng.hpp"
#include "common/thread_pool.hpp"
#include "robots/bullet_robot.hpp"
#include "robots/physics_world.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/vec_env.hpp"
#include "tasks/registry.hpp"

namespace mosaic::bench {

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// Runs `step` repeatedly for about `seconds`; returns (calls per second).
template <typename Step>
double Rate(double seconds, Step&& step) {
  const auto start = Clock::now();
  int64_t calls = 0;
  double elapsed = 0;
  do {
    for (int i = 0; i < 8; ++i) step();
    calls += 8;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < seconds);
  return static_cast<double>(calls) / elapsed;
}

// The robot alone: a PhysicsWorld + BulletRobot per env, given the same physical workload as the
// env's (uniform random torques redrawn every control step, joints reset to random positions at
// every episode length, damping refreshed once per control step as the World does), but no task,
// no observation, no reward, no env bookkeeping.
struct RawWorld {
  robots::PhysicsWorld physics;
  std::unique_ptr<robots::BulletRobot> robot;
  std::vector<float> torque, q, qd;
  Rng rng;
  int step = 0;
};

}  // namespace

EnvBenchResult RunEnvBench(const EnvBenchConfig& config) {
  const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath(config.robot));
  const sim::EnvConfig env_config;
  const int substeps = env_config.physics.substeps;
  ThreadPool pool(config.threads);
  sim::VecEnv vec(model, tasks::TaskFactory(config.task), config.envs, pool, env_config);
  vec.Reset(config.seed);
  Rng rng(config.seed);
  std::vector<float> actions(config.envs * vec.action_size());

  const int episode_steps = vec.env(0).max_episode_steps();
  std::vector<RawWorld> raw(config.envs);
  for (int e = 0; e < config.envs; ++e) {
    RawWorld& world = raw[e];
    world.robot = std::make_unique<robots::BulletRobot>(model, world.physics.world(),
                                                        btTransform::getIdentity(),
                                                        env_config.physics.physics_dt, 1, 0);
    world.torque.assign(model.dof(), 0.f);
    world.q.assign(model.dof(), 0.f);
    world.qd.assign(model.dof(), 0.f);
    world.rng.Seed(DeriveSeed(config.seed, e));
  }
  const float dt = env_config.physics.physics_dt;
  auto raw_control_step = [&] {
    pool.ParallelFor(config.envs, [&](int begin, int end) {
      for (int e = begin; e < end; ++e) {
        RawWorld& world = raw[e];
        if (world.step++ % episode_steps == 0) {
          sim::SampleInitialJoints(model, world.rng, world.q.data());
          world.robot->SetState(world.q.data(), world.qd.data());
        }
        for (int i = 0; i < model.dof(); ++i)
          world.torque[i] = world.rng.Uniform(-1.f, 1.f) * model.joints[i].effort;
        world.robot->UpdateDamping();
        for (int s = 0; s < substeps; ++s) {
          world.robot->ApplyTorques(world.torque.data());
          world.physics.Step(dt);
        }
      }
    });
  };
  auto env_step = [&] {
    for (float& a : actions) a = rng.Uniform(-1.f, 1.f);  // as the raw loop draws its torques
    vec.Step(actions.data());
    vec.TakeFinishedEpisodes();
  };

  // Warm up both (caches, Bullet's pools), then alternate rounds.
  Rate(0.2, env_step);
  Rate(0.2, raw_control_step);
  const double round_seconds = config.seconds / (2.0 * config.rounds);
  std::vector<double> env_rates, raw_rates;
  for (int round = 0; round < config.rounds; ++round) {
    env_rates.push_back(Rate(round_seconds, env_step) * config.envs);
    raw_rates.push_back(Rate(round_seconds, raw_control_step) * config.envs * substeps);
  }
  EnvBenchResult result;
  result.env_steps_per_sec = Median(env_rates);
  result.physics_steps_per_sec = result.env_steps_per_sec * substeps;
  result.raw_physics_steps_per_sec = Median(raw_rates);
  result.env_overhead = result.raw_physics_steps_per_sec / result.physics_steps_per_sec - 1.0;
  result.substeps = substeps;
  result.envs = config.envs;
  result.threads = pool.size();
  return result;
}

}  // namespace mosaic::bench
