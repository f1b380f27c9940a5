#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/env.hpp"
#include "sim/observation.hpp"
#include "sim/rollout.hpp"
#include "tasks/registry.hpp"

using namespace mosaic;

namespace {

struct Loaded {
  std::map<std::string, robots::RobotModel> models;
  Loaded() {
    for (const auto& name : ShippedRobotNames())
      models.emplace(name, robots::LoadRobot(ResolveRobotPath(name)));
  }
};
const Loaded& Robots() {
  static const Loaded loaded;
  return loaded;
}

std::vector<float> ResetObs(sim::Env& env, uint64_t seed) {
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(seed, o_robot.data(), o_task.data());
  o_robot.insert(o_robot.end(), o_task.begin(), o_task.end());
  return o_robot;
}

}  // namespace

TEST_CASE("observation sizes and names for every robot x task") {
  const std::map<std::string, std::vector<std::string>> task_fields = {
      {"reach", {"goal", "ee", "goal_minus_ee"}},
      {"reach_color", {"targets", "cue", "ee", "targets_minus_ee"}},
      {"push",
       {"block", "goal", "ee", "block_minus_ee", "goal_minus_block", "push_point_minus_ee"}}};
  const std::map<std::string, int> task_sizes = {{"reach", 9}, {"reach_color", 24}, {"push", 18}};
  for (const auto& [robot_name, model] : Robots().models) {
    for (const auto& task_name : tasks::TaskNames()) {
      CAPTURE(robot_name);
      CAPTURE(task_name);
      sim::Env env(model, tasks::MakeTask(task_name));
      CHECK(env.action_size() == model.dof());
      // o_robot: one field per joint, named by the joint: sin, cos, velocity (revolute) or
      // scaled position, velocity (prismatic).
      REQUIRE(env.robot_layout().size() == static_cast<size_t>(model.dof()));
      int expected_robot = 0;
      for (int i = 0; i < model.dof(); ++i) {
        CHECK(env.robot_layout()[i].name == model.joints[i].name);
        CHECK(env.robot_layout()[i].size == (model.joints[i].IsRevolute() ? 3 : 2));
        expected_robot += model.joints[i].IsRevolute() ? 3 : 2;
      }
      CHECK(env.robot_obs_size() == expected_robot);
      std::vector<std::string> names;
      for (const auto& field : env.task_layout()) names.push_back(field.name);
      CHECK(names == task_fields.at(task_name));
      CHECK(env.task_obs_size() == task_sizes.at(task_name));
      // The o_task "ee" field is the end effector in the base frame.
      const auto obs = ResetObs(env, 1);
      const int ee = env.robot_obs_size() + sim::FieldOffset(env.task_layout(), "ee");
      const btVector3 actual = env.world().robot().EndEffectorWorld();
      CHECK(obs[ee] == doctest::Approx(actual.x()));
      CHECK(obs[ee + 1] == doctest::Approx(actual.y()));
      CHECK(obs[ee + 2] == doctest::Approx(0.025));
    }
  }
}

TEST_CASE("reset is deterministic by seed") {
  for (const auto& task_name : tasks::TaskNames()) {
    CAPTURE(task_name);
    sim::Env a(Robots().models.at("arm4"), tasks::MakeTask(task_name));
    sim::Env b(Robots().models.at("arm4"), tasks::MakeTask(task_name));
    CHECK(ResetObs(a, 42) == ResetObs(b, 42));
    const auto first = ResetObs(a, 1);
    const auto second = ResetObs(a, 2);
    CHECK(first != second);
    // Different seeds give different goals, not just different joints.
    const int goal = a.robot_obs_size();
    CHECK((first[goal] != second[goal] || first[goal + 1] != second[goal + 1]));
  }
}

TEST_CASE("goals lie inside the robot's workspace annulus, in its plane") {
  for (const auto& [robot_name, model] : Robots().models) {
    CAPTURE(robot_name);
    sim::Env env(model, tasks::MakeTask("reach"));
    const auto& workspace = env.world().workspace();
    CHECK(workspace.r_min == doctest::Approx(0.35f * model.reach));
    CHECK(workspace.r_max == doctest::Approx(0.85f * model.reach));
    for (uint64_t seed = 0; seed < 50; ++seed) {
      const auto obs = ResetObs(env, seed);
      const btVector3 goal(obs[env.robot_obs_size()], obs[env.robot_obs_size() + 1],
                           obs[env.robot_obs_size() + 2]);
      CHECK(workspace.Contains(goal));
      CHECK(goal.z() == doctest::Approx(0.025));
    }
  }
}

TEST_CASE("a non-finite action is rejected with an error and never reaches the physics") {
  sim::Env env(Robots().models.at("arm3"), tasks::MakeTask("reach"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(0, o_robot.data(), o_task.data());
  const std::vector<float> bad = {0.f, std::nanf(""), 0.f};
  CHECK_THROWS_WITH_AS(
      env.Step(bad.data(), o_robot.data(), o_task.data()),
      doctest::Contains("action[1] (joint 'joint2') is nan; expected finite values in [-1, 1]"),
      Error);
  const std::vector<float> inf = {INFINITY, 0.f, 0.f};
  CHECK_THROWS_AS(env.Step(inf.data(), o_robot.data(), o_task.data()), Error);
  CHECK(env.episode_step() == 0);
  const std::vector<float> fine = {0.5f, 0.f, 0.f};
  const auto result = env.Step(fine.data(), o_robot.data(), o_task.data());
  CHECK_FALSE(result.info.blew_up);
  for (float v : o_robot) CHECK(std::isfinite(v));
}

TEST_CASE(
    "actions beyond [-1, 1] are clipped, and the control cost is computed on the clipped action") {
  sim::Env env(Robots().models.at("arm3"), tasks::MakeTask("reach"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(0, o_robot.data(), o_task.data());
  const std::vector<float> big = {5.f, -5.f, 5.f};
  const auto result = env.Step(big.data(), o_robot.data(), o_task.data());
  CHECK(result.info.reward_robot == doctest::Approx(-0.05f));  // -control_cost * mean(1, 1, 1)
  CHECK(result.reward == doctest::Approx(result.info.reward_task + result.info.reward_robot));
}

TEST_CASE("a physics blow-up ends the episode with a flag and a finite observation") {
  sim::Env env(Robots().models.at("arm3"), tasks::MakeTask("reach"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(0, o_robot.data(), o_task.data());
  const std::vector<float> q = {0.f, std::nanf(""), 0.f}, qd(3, 0.f);
  env.world().robot().SetState(q.data(), qd.data());
  const std::vector<float> zero(3, 0.f);
  const auto result = env.Step(zero.data(), o_robot.data(), o_task.data());
  CHECK(result.terminated);
  CHECK(result.info.blew_up);
  for (float v : o_robot) CHECK(v == 0.f);
  for (float v : o_task) CHECK(v == 0.f);
  env.Reset(1, o_robot.data(), o_task.data());  // and the env recovers on reset
  for (float v : o_robot) CHECK(std::isfinite(v));
}

TEST_CASE("episodes are truncated at the task's episode length") {
  sim::Env reach(Robots().models.at("arm3"), tasks::MakeTask("reach"));
  sim::Env push(Robots().models.at("arm3"), tasks::MakeTask("push"));
  const auto reach_episodes = sim::RunEpisodes(reach, sim::ZeroPolicy(), 2, 0);
  CHECK(reach_episodes[0].steps == 50);
  CHECK(sim::RunEpisodes(push, sim::ZeroPolicy(), 1, 0)[0].steps == 100);
}
