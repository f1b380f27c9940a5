// Run bookkeeping, pacing, frame statistics and the policy list, without a window.
#include <doctest/doctest.h>

#include <cmath>

#include "common/assets.hpp"
#include "gui/policy_choice.hpp"
#include "gui/run_stats.hpp"
#include "robots/urdf_loader.hpp"
#include "tasks/registry.hpp"

using namespace mosaic;
using namespace mosaic::gui;

TEST_CASE("run statistics count episodes, successes and returns") {
  RunStats stats;
  CHECK(stats.SuccessRate() == 0.0);  // nothing finished: 0, not NaN
  stats.RecordStep(-1.f, 0.3f);
  stats.RecordStep(-0.5f, 0.2f);
  CHECK(stats.current_return() == doctest::Approx(-1.5f));
  CHECK(stats.step_distances().size() == 2);
  const EpisodeSummary first = stats.FinishEpisode(true, false);
  CHECK(first.number == 1);
  CHECK(first.episode_return == doctest::Approx(-1.5f));
  CHECK(first.final_distance == doctest::Approx(0.2f));
  CHECK(first.steps == 2);
  CHECK(stats.step_rewards().empty());  // the next episode starts empty
  CHECK(stats.current_return() == 0.f);
  stats.RecordStep(-2.f, 0.5f);
  stats.FinishEpisode(false, false);
  stats.RecordStep(-2.f, 0.5f);
  stats.FinishEpisode(false, true);
  CHECK(stats.episodes_finished() == 3);
  CHECK(stats.successes() == 1);
  CHECK(stats.blow_ups() == 1);
  CHECK(stats.SuccessRate() == doctest::Approx(1.0 / 3.0));
  CHECK(stats.history().back().number == 3);
  CHECK(stats.history().back().blew_up);
  stats.Clear();
  CHECK(stats.episodes_finished() == 0);
  CHECK(stats.history().empty());
}

TEST_CASE("the episode history is capped, the counts are not") {
  RunStats stats;
  const int episodes = static_cast<int>(RunStats::kHistory) + 10;
  for (int i = 0; i < episodes; ++i) {
    stats.RecordStep(1.f, 0.f);
    stats.FinishEpisode(i % 2 == 0, false);
  }
  CHECK(stats.history().size() == RunStats::kHistory);
  CHECK(stats.history().front().number == 11);
  CHECK(stats.episodes_finished() == episodes);
  CHECK(stats.SuccessRate() == doctest::Approx(0.5));
}

TEST_CASE("the pacer turns wall time into control steps at each speed") {
  constexpr double dt = 0.05;  // control period [s]
  // Called every 10 ms, as the sim thread does while playing.
  auto steps_over = [](Pacer& pacer, double start, double seconds, double speed) {
    int steps = 0;
    for (int tick = 1; tick <= static_cast<int>(std::lround(seconds / 0.01)); ++tick) {
      steps += pacer.StepsDue(start + 0.01 * tick, speed, dt);
    }
    return steps;
  };
  Pacer pacer;
  pacer.Restart(100.0);
  CHECK(pacer.StepsDue(100.0, 1.0, dt) == 0);
  CHECK(steps_over(pacer, 100.0, 1.0, 1.0) == 20);  // 1 s at 1x: 20 steps of 50 ms
  CHECK(steps_over(pacer, 101.0, 1.0, 0.25) == 5);  // 1 s at 0.25x
  CHECK(steps_over(pacer, 102.0, 0.1, 8.0) == 16);  // 0.1 s at 8x
  // Fractions carry over: 70 ms then 30 ms at 1x make two steps, not one.
  pacer.Restart(0.0);
  CHECK(pacer.StepsDue(0.07, 1.0, dt) == 1);
  CHECK(pacer.SecondsToNextStep(1.0, dt) == doctest::Approx(0.03));
  CHECK(pacer.StepsDue(0.10, 1.0, dt) == 1);
  // A long stall is not made up in a burst.
  CHECK(pacer.StepsDue(10.0, 8.0, dt) == static_cast<int>(Pacer::kMaxBacklog / dt + 1e-9));
  CHECK(kSpeedOptions[kRealTimeSpeed].factor == 1.0);
  CHECK(kSpeedOptions.front().factor == 0.25);
  CHECK(kSpeedOptions.back().factor == 0.0);  // as fast as possible
}

TEST_CASE("frame statistics: rolling mean, and mean and p95 after warm-up") {
  FrameTimer frames;
  CHECK(frames.RecentMean() == 0.0);
  CHECK(frames.Mean(0) == 0.0);
  frames.Add(1.0);  // a slow first frame (shader compilation)
  for (int i = 0; i < 99; ++i) frames.Add(i < 94 ? 0.010 : 0.020);
  CHECK(frames.frames() == 100);
  CHECK(frames.Mean(1) == doctest::Approx((94 * 0.010 + 5 * 0.020) / 99));
  CHECK(frames.Percentile95(1) == doctest::Approx(0.020));
  CHECK(frames.RecentMean() == doctest::Approx((55 * 0.010 + 5 * 0.020) / 60));
  CHECK(frames.Mean(100) == 0.0);
}

TEST_CASE("the policy list offers scripted only where it handles the task") {
  const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath("arm3"));
  for (const std::string& task : tasks::TaskNames()) {
    CAPTURE(task);
    const sim::Env env(model, tasks::MakeTask(task));
    const auto entries = BuiltinPolicies(env);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].name == "scripted");
    CHECK(entries[1].name == "random");
    CHECK(entries[2].name == "zero");
    const bool scripted = task != "push";
    CHECK(entries[0].unavailable.empty() == scripted);
    if (!scripted)
      CHECK(entries[0].unavailable.find("the scripted policy handles reach-type tasks") !=
            std::string::npos);
    CHECK(PickPolicy(entries, "") == (scripted ? 0 : 1));
    CHECK(PickPolicy(entries, "zero") == 2);
    CHECK(PickPolicy(entries, "scripted") ==
          (scripted ? 0 : 1));  // unavailable: the first that works
    const PolicyChoice random = entries[1].make(env, 5);
    CHECK(random.name == "random");
    CHECK(!random.interface);  // built-in policies have no interface vector
  }
  std::vector<PolicyEntry> none{{"composed", "no modules loaded", {}}};
  CHECK(PickPolicy(none, "composed") == -1);
}
