#include <doctest/doctest.h>

#include <BulletDynamics/Dynamics/btRigidBody.h>

#include <map>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "common/files.hpp"
#include "common/rng.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "sim/rollout.hpp"
#include "sim/scripted_policy.hpp"
#include "tasks/push.hpp"
#include "tasks/reach_color.hpp"
#include "tasks/registry.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

namespace {

double SuccessRate(const std::vector<sim::EpisodeRecord>& episodes) {
  double successes = 0;
  for (const auto& e : episodes) successes += e.success;
  return successes / episodes.size();
}

}  // namespace

TEST_CASE("a scripted controller solves reach and reach_color on every shipped robot (>= 95%)") {
  for (const auto& robot : ShippedRobotNames()) {
    const auto model = robots::LoadRobot(ResolveRobotPath(robot));
    for (const char* task : {"reach", "reach_color"}) {
      CAPTURE(robot);
      CAPTURE(task);
      sim::Env env(model, tasks::MakeTask(task));
      const double scripted =
          SuccessRate(sim::RunEpisodes(env, sim::ScriptedReachPolicy(env), 200, 11));
      MESSAGE(robot << " " << task << " scripted success " << scripted);
      CHECK(scripted >= 0.95);
      const double random = SuccessRate(sim::RunEpisodes(env, sim::RandomPolicy(5), 200, 11));
      CHECK(random <= 0.1);
      CHECK(SuccessRate(sim::RunEpisodes(env, sim::ZeroPolicy(), 100, 11)) <= 0.1);
    }
  }
}

TEST_CASE("reach_color: success needs the cued target, not another one") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm3"));
  sim::Env env(model, tasks::MakeTask("reach_color"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(3, o_robot.data(), o_task.data());
  auto& task = static_cast<tasks::ReachColorTask&>(env.task());
  // Drive the hand to a target that is not cued: the scripted policy reads the cue from o_task, so
  // hand it an observation whose cue points elsewhere.
  const int wrong = (task.cue() + 1) % 3;
  const int cue = sim::FieldOffset(env.task_layout(), "cue");
  auto policy = sim::ScriptedReachPolicy(env);
  bool reached_wrong = false;
  for (int step = 0; step < env.max_episode_steps(); ++step) {
    std::vector<float> misled = o_task;
    for (int i = 0; i < 3; ++i) misled[cue + i] = i == wrong ? 1.f : 0.f;
    std::vector<float> action(env.action_size());
    policy(env, o_robot.data(), misled.data(), action.data());
    const auto result = env.Step(action.data(), o_robot.data(), o_task.data());
    CHECK_FALSE(result.info.success);
    reached_wrong |= (env.world().robot().EndEffectorWorld() - task.target(wrong)).length() < 0.05f;
  }
  CHECK(reached_wrong);
}

TEST_CASE("push: the block stays put unless pushed, and moves when the hand drives through it") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm3"));
  sim::Env env(model, tasks::MakeTask("push"));
  auto& task = static_cast<tasks::PushTask&>(env.task());
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size()),
      action(env.action_size(), 0.f);

  env.Reset(7, o_robot.data(), o_task.data());
  const btVector3 start = task.block_position();
  CHECK(start.z() == doctest::Approx(tasks::PushTask::kBlockSize / 2));
  for (int step = 0; step < 100; ++step) env.Step(action.data(), o_robot.data(), o_task.data());
  CHECK((task.block_position() - start).length() < 1e-3);

  // Aim a scripted reacher at a point 10 cm beyond the block, along the hand-to-block line.
  env.Reset(7, o_robot.data(), o_task.data());
  sim::Env reach_env(model, tasks::MakeTask("reach"));
  auto reacher = sim::ScriptedReachPolicy(reach_env);
  const int goal = sim::FieldOffset(reach_env.task_layout(), "goal");
  const int ee_field = sim::FieldOffset(reach_env.task_layout(), "ee");
  double moved = 0;
  for (int step = 0; step < 100; ++step) {
    // A reach observation (goal, ee, goal - ee) of the push world, aimed through the block.
    std::vector<float> aim(reach_env.task_obs_size());
    const btVector3 ee = env.world().robot().EndEffectorWorld();
    const btVector3 block = task.block_position();
    btVector3 through = block + (block - ee).normalized() * 0.1f;
    through.setZ(ee.z());
    for (int k = 0; k < 3; ++k) {
      aim[goal + k] = through[k];
      aim[ee_field + k] = ee[k];
    }
    reacher(env, o_robot.data(), aim.data(), action.data());
    env.Step(action.data(), o_robot.data(), o_task.data());
    moved = std::max(moved, static_cast<double>((task.block_position() - start).length()));
  }
  CHECK(moved > 0.02);
  CHECK(task.block_position().z() ==
        doctest::Approx(tasks::PushTask::kBlockSize / 2).epsilon(0.05));
}

TEST_CASE(
    "push: push_point_minus_ee points from the hand to 1 cm behind the block, away from the goal") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm4"));
  sim::Env env(model, tasks::MakeTask("push"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size()),
      action(env.action_size());
  const auto& layout = env.task_layout();
  const int block = sim::FieldOffset(layout, "block"), goal = sim::FieldOffset(layout, "goal"),
            ee = sim::FieldOffset(layout, "ee"),
            push_point = sim::FieldOffset(layout, "push_point_minus_ee");
  Rng rng(5);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    env.Reset(seed, o_robot.data(), o_task.data());
    for (int step = 0; step < 40; ++step) {
      const btVector3 b(o_task[block], o_task[block + 1], o_task[block + 2]);
      const btVector3 g(o_task[goal], o_task[goal + 1], o_task[goal + 2]);
      const btVector3 h(o_task[ee], o_task[ee + 1], o_task[ee + 2]);
      const btVector3 p =
          h + btVector3(o_task[push_point], o_task[push_point + 1], o_task[push_point + 2]);
      btVector3 toward_goal = g - b;
      toward_goal.setZ(0);
      CAPTURE(seed);
      CAPTURE(step);
      CHECK((p - b).length() == doctest::Approx(0.01).epsilon(1e-3));
      CHECK(p.z() == doctest::Approx(b.z()));
      // Straight behind the block: the push point, the block and the goal are in line.
      CHECK((b - p).normalized().dot(toward_goal.normalized()) == doctest::Approx(1).epsilon(1e-4));
      for (float& a : action) a = rng.Uniform(-1.f, 1.f);
      env.Step(action.data(), o_robot.data(), o_task.data());
    }
  }
}

TEST_CASE("push explains why a robot cannot take part") {
  const auto kuka = robots::LoadRobot(testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf"));
  CHECK_THROWS_WITH_AS(
      sim::Env(kuka, tasks::MakeTask("push")),
      doctest::Contains(
          "cannot do 'push': the task needs a planar robot moving in the horizontal plane"),
      Error);
  // arm3 mounted 22 cm higher: its finger passes above the block.
  std::string urdf = ReadFile(ResolveRobotPath("arm3"));
  const std::string mount = "<origin xyz=\"0 0 0.08\"/>";
  const size_t at = urdf.find(mount, urdf.find("<joint name=\"joint1\""));
  REQUIRE(at != std::string::npos);
  urdf.replace(at, mount.size(), "<origin xyz=\"0 0 0.3\"/>");
  const auto high = robots::LoadRobotFromString(urdf, "/tmp/arm3_high.urdf");
  CHECK_THROWS_WITH_AS(sim::Env(high, tasks::MakeTask("push")),
                       doctest::Contains("its end effector moves at height 0.245"), Error);
  // reach works for it: its goals follow its plane.
  sim::Env reach(high, tasks::MakeTask("reach"));
  CHECK(reach.world().workspace().center.z() == doctest::Approx(0.245));
}

TEST_CASE("unknown task names list the known ones") {
  CHECK_THROWS_WITH_AS(
      tasks::MakeTask("fly"),
      doctest::Contains("unknown task 'fly' (known tasks: reach, reach_color, push)"), Error);
}
