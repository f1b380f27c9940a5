// `mosaic tasks ...`, `mosaic rollout`, `mosaic bench env`, run as a user runs them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.hpp"

using namespace mosaic::testing;

TEST_CASE("tasks list and show") {
  const auto list = RunMosaic("tasks list --json");
  REQUIRE(list.exit_code == 0);
  const auto tasks = nlohmann::json::parse(list.output);
  REQUIRE(tasks.size() == 3);
  CHECK(tasks[2]["name"] == "push");
  CHECK(tasks[2]["o_task_size"] == 18);
  const auto show = RunMosaic("tasks show reach_color");
  CHECK(show.exit_code == 0);
  CHECK(show.output.find("targets_minus_ee") != std::string::npos);
  const auto unknown = RunMosaic("tasks show fly");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.output.find("unknown task 'fly' (known tasks: reach, reach_color, push)") !=
        std::string::npos);
}

TEST_CASE("rollout prints every episode and is byte-identical for a seed") {
  const std::string command =
      "rollout --robot arm4 --task push --policy random --episodes 20 --seed 3 --json";
  const auto first = RunMosaic(command);
  REQUIRE(first.exit_code == 0);
  const auto report = nlohmann::json::parse(first.output);
  CHECK(report["episodes"].size() == 20);
  for (const auto& e : report["episodes"]) {
    for (const char* key : {"return", "success", "final_distance"}) CHECK(e.contains(key));
  }
  CHECK(report.contains("success_rate"));
  CHECK(RunMosaic(command).output == first.output);
  CHECK(RunMosaic("rollout --robot arm4 --task push --policy random --episodes 20 --seed 4 --json")
            .output != first.output);
}

TEST_CASE("rollout rejects bad arguments clearly") {
  const auto policy = RunMosaic("rollout --robot arm3 --task reach --policy clever");
  CHECK(policy.exit_code == 1);
  CHECK(policy.output.find("--policy 'clever' is unknown (expected random, zero or scripted)") !=
        std::string::npos);
  const auto episodes = RunMosaic("rollout --robot arm3 --task reach --episodes 0");
  CHECK(episodes.exit_code == 1);
  CHECK(episodes.output.find("--episodes must be > 0") != std::string::npos);
  const auto scripted_push = RunMosaic("rollout --robot arm3 --task push --policy scripted");
  CHECK(scripted_push.exit_code == 1);
  CHECK(scripted_push.output.find("the scripted policy handles reach-type tasks") !=
        std::string::npos);
  const auto robot = RunMosaic("rollout --robot nosuch --task reach");
  CHECK(robot.exit_code == 1);
  CHECK(robot.output.find("nosuch: cannot open file") != std::string::npos);
}

TEST_CASE("bench env prints its three figures (a smoke run; figures are not judged here)") {
  const auto bench = RunMosaic("bench env --robot arm3 --task reach --envs 4 --seconds 0.2 --json");
  REQUIRE(bench.exit_code == 0);
  const auto figures = nlohmann::json::parse(bench.output);
  for (const char* key :
       {"env_steps_per_sec", "physics_steps_per_sec", "raw_physics_steps_per_sec"}) {
    CHECK(figures[key].get<double>() > 0);
  }
}
