// The sim thread and scene loading, without a window: seeding matches `mosaic rollout`, commands
// take effect, errors stop the run instead of crashing it.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "gui/scene.hpp"
#include "gui/sim_runner.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/rollout.hpp"
#include "tasks/registry.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;
using mosaic::gui_testing::WaitFor;

namespace {
constexpr int kFastest = static_cast<int>(kSpeedOptions.size()) - 1;

const robots::RobotModel& Arm(const std::string& name) {
  static const robots::RobotModel arm3 = robots::LoadRobot(ResolveRobotPath("arm3"));
  static const robots::RobotModel arm4 = robots::LoadRobot(ResolveRobotPath("arm4"));
  return name == "arm3" ? arm3 : arm4;
}

RunSettings Settings(uint64_t seed, const std::string& policy, bool playing, int speed = kFastest) {
  RunSettings settings;
  settings.seed = seed;
  settings.policy = policy;
  settings.playing = playing;
  settings.speed_index = speed;
  return settings;
}
}  // namespace

TEST_CASE("the sim thread runs the same episodes as `mosaic rollout` for a seed") {
  constexpr int kEpisodes = 4;
  sim::Env reference_env(Arm("arm4"), tasks::MakeTask("push"));
  const auto reference =
      sim::RunEpisodes(reference_env, sim::RandomPolicy(DeriveSeed(3, 1u << 20)), kEpisodes, 3);

  SimRunner runner(Arm("arm4"), tasks::MakeTask("push"), {}, Settings(3, "random", true));
  const SimSnapshot snapshot = WaitFor(
      runner, [](const SimSnapshot& s) { return s.stats.episodes_finished() >= kEpisodes; });
  const auto& history = snapshot.stats.history();
  for (int k = 0; k < kEpisodes; ++k) {
    CAPTURE(k);
    CHECK(history[k].number == k + 1);
    CHECK(history[k].episode_return == reference[k].episode_return);  // bit for bit
    CHECK(history[k].final_distance == reference[k].final_distance);
    CHECK(history[k].success == reference[k].success);
    CHECK(history[k].steps == reference[k].steps);
  }
  CHECK(runner.policies()[snapshot.policy_index].name == "random");
}

TEST_CASE("paused, the runner takes exactly the steps asked for") {
  SimRunner runner(Arm("arm3"), tasks::MakeTask("reach"), {}, Settings(0, "", false));
  SimSnapshot snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.version >= 1; });
  CHECK(!snapshot.playing);
  CHECK(snapshot.episode_step == 0);
  CHECK(runner.policies()[snapshot.policy_index].name == "scripted");  // the default on reach
  CHECK(snapshot.body_frames.size() == Arm("arm3").bodies.size());
  CHECK(snapshot.markers.size() >= 1);
  CHECK(snapshot.max_episode_steps > 3);
  for (int i = 0; i < 3; ++i) runner.StepOnce();
  snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.episode_step == 3; });
  CHECK(snapshot.stats.step_rewards().size() == 3);
  CHECK(snapshot.trail.size() == 4);  // the start and one point per step
  // The hand moved, so the trail is not one point repeated.
  CHECK((snapshot.trail.back() - snapshot.trail.front()).length() > 1e-4f);
  // Still paused: one more step makes 4, not more.
  runner.StepOnce();
  snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.episode_step >= 4; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  runner.CopySnapshot(snapshot);
  CHECK(snapshot.episode_step == 4);
}

TEST_CASE("reset starts the run over with the new seed, and play and pause show in the snapshot") {
  SimRunner runner(Arm("arm3"), tasks::MakeTask("reach"), {}, Settings(1, "random", true));
  WaitFor(runner,
          [](const SimSnapshot& s) { return s.stats.episodes_finished() >= 2 && s.playing; });
  runner.SetPlaying(false);
  WaitFor(runner, [](const SimSnapshot& s) { return !s.playing; });
  runner.Reset(7);
  SimSnapshot snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.seed == 7; });
  CHECK(snapshot.stats.episodes_finished() == 0);
  CHECK(snapshot.episode_step == 0);
  CHECK(snapshot.trail.size() == 1);
  runner.SetSpeed(kRealTimeSpeed);
  runner.SetPlaying(true);
  snapshot = WaitFor(
      runner, [](const SimSnapshot& s) { return s.playing && s.speed_index == kRealTimeSpeed; });
  CHECK(snapshot.control_dt == doctest::Approx(0.05));
}

TEST_CASE("switching policy restarts the run with it, and unavailable policies cannot be picked") {
  SimRunner runner(Arm("arm3"), tasks::MakeTask("push"), {}, Settings(2, "", false));
  const auto& policies = runner.policies();
  SimSnapshot snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.version >= 1; });
  CHECK(policies[snapshot.policy_index].name == "random");  // scripted does not handle push
  runner.SelectPolicy(0);                                   // scripted: unavailable, ignored
  runner.SelectPolicy(2);                                   // zero
  snapshot = WaitFor(runner,
                     [&](const SimSnapshot& s) { return policies[s.policy_index].name == "zero"; });
  CHECK(snapshot.seed == 2);
  CHECK(snapshot.error.empty());
}

TEST_CASE("a policy's interface vector reaches the snapshot, and a failing policy stops the run") {
  int calls = 0;
  PolicyEntry talking{"talking", "", [&calls](const sim::Env&, uint64_t) {
                        PolicyChoice choice{"talking", sim::ZeroPolicy(), {}};
                        choice.interface = [&calls] {
                          return std::vector<float>{0.5f, -0.25f, float(++calls)};
                        };
                        return choice;
                      }};
  PolicyEntry failing{"failing", "", [](const sim::Env&, uint64_t) {
                        return PolicyChoice{
                            "failing",
                            [](const sim::Env&, const float*, const float*, float* action) {
                              action[0] = std::nanf("");  // Env::Step rejects it
                            },
                            {}};
                      }};
  SimRunner runner(Arm("arm3"), tasks::MakeTask("reach"), {talking, failing},
                   Settings(0, "", false));
  CHECK(runner.policies().size() == 5);  // the two given first, then the built-in three
  runner.StepOnce();
  SimSnapshot snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.episode_step == 1; });
  CHECK(runner.policies()[snapshot.policy_index].name == "talking");  // given policies come first
  REQUIRE(snapshot.interface.size() == 3);
  CHECK(snapshot.interface[1] == -0.25f);
  CHECK(snapshot.interface[2] == 1.f);

  runner.SelectPolicy(1);
  runner.SetPlaying(true);
  snapshot = WaitFor(runner, [](const SimSnapshot& s) { return !s.error.empty(); });
  CHECK(!snapshot.playing);
  CHECK(snapshot.error.find("finite") != std::string::npos);
  CHECK(snapshot.episode_step == 0);  // the bad action never reached the physics
  // Play does not restart a stopped run; a reset does.
  runner.SetPlaying(true);
  runner.StepOnce();
  snapshot = WaitFor(runner, [&](const SimSnapshot& s) { return s.version > snapshot.version; });
  CHECK(!snapshot.playing);
  CHECK(snapshot.episode_step == 0);
  runner.SelectPolicy(4);  // zero
  snapshot = WaitFor(runner, [](const SimSnapshot& s) { return s.error.empty(); });
  CHECK(runner.policies()[snapshot.policy_index].name == "zero");
}

TEST_CASE("scene loading reports bad input with the loader's own message") {
  const testing::TempDir dir;
  auto load_error = [](const SceneRequest& request) -> std::string {
    try {
      Scene::Load(request);
    } catch (const Error& e) {
      return e.what();
    }
    return "(loaded)";
  };
  SceneRequest request;
  request.run.playing = false;
  request.robot = dir.path() + "/nosuch.urdf";
  CHECK(load_error(request).find("nosuch.urdf: cannot open file") != std::string::npos);
  request.robot = dir.Write("broken.urdf", "<robot name='x'><link name='a'/>");
  CHECK(load_error(request).find("broken.urdf") != std::string::npos);
  request.robot = "arm3";
  request.task = "fly";
  CHECK(load_error(request).find("unknown task 'fly' (known tasks: reach, reach_color, push)") !=
        std::string::npos);
  request.robot = testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf");
  request.task = "push";
  CHECK(load_error(request).find("cannot do 'push'") != std::string::npos);

  request.task = "reach";
  const auto scene = Scene::Load(request);
  CHECK(scene->model().dof() == 7);
  CHECK(scene->request().robot == request.robot);
}
