#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "common/assets.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/vec_env.hpp"
#include "tasks/registry.hpp"

// Counts heap allocations made while g_counting is set (the whole test binary shares this
// replacement of the global operator new; counting is off except inside the checked loop).
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed))
    g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace mosaic;

namespace {

std::vector<float> Actions(Rng& rng, int n) {
  std::vector<float> actions(n);
  for (float& a : actions) a = rng.Uniform(-1.f, 1.f);
  return actions;
}

}  // namespace

TEST_CASE("VecEnv equals N single Envs, across auto-resets") {
  const auto model = robots::LoadRobot(ResolveRobotPath("scara3"));
  for (const char* task : {"reach", "push"}) {
    CAPTURE(task);
    constexpr int kEnvs = 4;
    ThreadPool pool(2);
    sim::VecEnv vec(model, tasks::TaskFactory(task), kEnvs, pool);
    std::vector<std::unique_ptr<sim::Env>> singles;
    std::vector<std::vector<float>> robot_obs(kEnvs), task_obs(kEnvs);
    vec.Reset(99);
    for (int i = 0; i < kEnvs; ++i) {
      singles.push_back(std::make_unique<sim::Env>(model, tasks::MakeTask(task)));
      robot_obs[i].resize(vec.robot_obs_size());
      task_obs[i].resize(vec.task_obs_size());
      singles[i]->Reset(DeriveSeed(99, i), robot_obs[i].data(), task_obs[i].data());
    }
    Rng rng(5);
    const int steps = 2 * singles[0]->max_episode_steps() + 7;  // crosses two auto-resets
    int mismatches = 0, episodes_ended = 0;
    for (int t = 0; t < steps; ++t) {
      const auto actions = Actions(rng, kEnvs * vec.action_size());
      vec.Step(actions.data());
      for (int i = 0; i < kEnvs; ++i) {
        const auto result = singles[i]->Step(&actions[i * vec.action_size()], robot_obs[i].data(),
                                             task_obs[i].data());
        mismatches += result.reward != vec.rewards()[i];
        if (result.terminated || result.truncated) {
          ++episodes_ended;
          mismatches +=
              std::memcmp(robot_obs[i].data(), vec.final_obs_robot() + i * vec.robot_obs_size(),
                          sizeof(float) * vec.robot_obs_size()) != 0;
          singles[i]->Reset(robot_obs[i].data(), task_obs[i].data());
        }
        mismatches += std::memcmp(robot_obs[i].data(), vec.obs_robot() + i * vec.robot_obs_size(),
                                  sizeof(float) * vec.robot_obs_size()) != 0;
        mismatches += std::memcmp(task_obs[i].data(), vec.obs_task() + i * vec.task_obs_size(),
                                  sizeof(float) * vec.task_obs_size()) != 0;
      }
    }
    CHECK(mismatches == 0);
    CHECK(episodes_ended == 2 * kEnvs);
    CHECK(vec.TakeFinishedEpisodes().size() == static_cast<size_t>(2 * kEnvs));
  }
}

TEST_CASE("VecEnv results are bit-identical whatever the thread count") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm4"));
  auto run = [&](int threads) {
    ThreadPool pool(threads);
    sim::VecEnv vec(model, tasks::TaskFactory("push"), 7, pool);
    vec.Reset(3);
    Rng rng(8);
    std::vector<float> trace;
    for (int t = 0; t < 120; ++t) {
      const auto actions = Actions(rng, 7 * vec.action_size());
      vec.Step(actions.data());
      trace.insert(trace.end(), vec.obs_task(), vec.obs_task() + 7 * vec.task_obs_size());
      trace.insert(trace.end(), vec.rewards(), vec.rewards() + 7);
    }
    return trace;
  };
  const auto one = run(1);
  CHECK(std::memcmp(one.data(), run(2).data(), one.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(one.data(), run(3).data(), one.size() * sizeof(float)) == 0);
}

TEST_CASE("VecEnv::Step does not allocate once warmed up") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm5"));
  for (const char* task : {"reach", "reach_color", "push"}) {
    CAPTURE(task);
    ThreadPool pool(2);
    sim::VecEnv vec(model, tasks::TaskFactory(task), 8, pool);
    vec.Reset(1);
    Rng rng(2);
    const auto actions = Actions(rng, 8 * vec.action_size());
    for (int t = 0; t < 250; ++t) vec.Step(actions.data());  // warm up Bullet's pools and caches
    vec.TakeFinishedEpisodes();
    g_allocations = 0;
    g_counting = true;
    for (int t = 0; t < 250; ++t) vec.Step(actions.data());  // 2+ episodes each, with auto-resets
    g_counting = false;
    CHECK(g_allocations.load() == 0);
    CHECK(vec.TakeFinishedEpisodes().size() >= 16);
  }
}
