// A suite's robots and tasks as the scene pickers' choices, and what a click loads: a matrix
// cell (that robot and task, the composed policy of the matrix's family) or the compose panel's
// Run (the picked modules kept) — through Scene::Load, without a window.
#include <doctest/doctest.h>

#include "common/assets.hpp"
#include "gui/compose_state.hpp"
#include "gui/scene.hpp"
#include "gui/scene_choices.hpp"
#include "gui/zeroshot_matrix.hpp"
#include "suite/suite.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;
using namespace mosaic::gui_testing;

namespace {
constexpr int kFastest = static_cast<int>(kSpeedOptions.size()) - 1;
}  // namespace

TEST_CASE("a suite's robots and tasks are the pickers' choices") {
  const mosaic::testing::TempDir dir;
  const auto suite =
      suite::LoadSuite(WriteSuite(dir.path(), "two", {"scara3", "arm4"}, {"push", "reach"}));
  const SceneChoices choices = SceneChoices::FromSuite(suite);
  CHECK(choices.suite_name() == "two");
  REQUIRE(choices.robots().size() == 2);
  for (size_t i = 0; i < 2; ++i) {  // in the suite's order
    CHECK(choices.robots()[i].name == suite.robots[i].name);
    CHECK(choices.robots()[i].urdf == ResolveRobotPath(suite.robots[i].name));
  }
  CHECK(choices.FindRobot("scara3") != nullptr);
  CHECK(choices.FindRobot(ResolveRobotPath("arm4")) == choices.FindRobot("arm4"));
  CHECK(choices.FindRobot("arm3") == nullptr);
  CHECK(choices.tasks() == std::vector<std::string>{"push", "reach"});
  // Defaults: arm3 and reach when offered, else the first.
  CHECK(choices.DefaultRobot("arm3") == suite.robots[0].name);
  CHECK(choices.DefaultRobot("scara3") == "scara3");
  CHECK(choices.DefaultTask("reach") == "reach");
  CHECK(SceneChoices::Shipped().DefaultRobot("arm3") == "arm3");

  SceneRequest request;
  request.package_paths = {"/meshes"};
  choices.ApplyRobot("arm4", request);  // by the suite's name
  CHECK(request.robot == ResolveRobotPath("arm4"));
  CHECK(request.package_paths.empty());
  choices.ApplyRobot("/elsewhere/bot.urdf", request);  // anything else: as --robot takes it
  CHECK(request.robot == "/elsewhere/bot.urdf");
}

TEST_CASE("clicking a matrix cell loads that robot and task with the matrix family's modules") {
  const mosaic::testing::TempDir a, b;
  WriteRobotModule(a.path(), "arm3", "fam-a");
  WriteTaskModule(a.path(), "push", "fam-a");
  const std::string b_arm3 = WriteRobotModule(b.path(), "arm3", "fam-b", 4);
  const std::string b_push = WriteTaskModule(b.path(), "push", "fam-b", 4);
  ComposeState compose;
  compose.SetFolders({a.path(), b.path()});
  compose.AutoPick("arm3", "push", "fam-a");  // what was picked before the click

  const auto matrix = ZeroShotMatrix::Parse(
      R"({"family": "fam-b", "cells": [{"robot": "arm3", "task": "push", "split": "heldout",
          "success_rate": 0.5}]})",
      "zs.json");
  SceneRequest base;
  base.task = "reach";
  base.run.policy = "random";
  base.run.speed_index = kFastest;
  const SceneLoad load = CellLoad(SceneChoices::Shipped(), base, matrix.cells()[0].robot,
                                  matrix.cells()[0].task, matrix.family());
  CHECK(load.request.robot == ResolveRobotPath("arm3"));
  CHECK(load.request.task == "push");
  CHECK(load.policy == "composed");

  SceneRequest request = load.request;
  request.run.policy = load.policy;
  const auto scene = Scene::Load(request, compose.PolicySource(load.auto_pick, load.family));
  CHECK(compose.robot_pick()->path == b_arm3);
  CHECK(compose.task_pick()->path == b_push);
  const auto& policies = scene->runner().policies();
  REQUIRE(policies[0].name == "composed");
  CHECK(policies[0].unavailable.empty());
  // The composed policy runs, and its z (of fam-b's size) reaches the snapshot for the plots.
  const SimSnapshot snapshot = WaitFor(
      scene->runner(), [](const SimSnapshot& s) { return s.stats.step_rewards().size() >= 3; });
  CHECK(snapshot.policy_index == 0);
  CHECK(snapshot.interface.size() == 4);
  CHECK(snapshot.error.empty());
}

TEST_CASE("Run in the compose panel keeps the picks, even when they do not fit") {
  const mosaic::testing::TempDir a, b;
  const std::string arm3 = WriteRobotModule(a.path(), "arm3", "fam-a");
  const std::string push = WriteTaskModule(b.path(), "push", "fam-b");
  WriteTaskModule(a.path(), "push", "fam-a");
  ComposeState compose;
  compose.SetFolders({a.path(), b.path()});
  compose.PickRobotModule(composer::ModuleLibrary::Inspect(arm3));
  compose.PickTaskModule(composer::ModuleLibrary::Inspect(push));

  SceneRequest base;  // the scene shown: arm4 on reach
  base.robot = "arm4";
  base.run.speed_index = kFastest;
  const SceneLoad load = CompositionLoad(SceneChoices::Shipped(), base, "arm4", "arm3", "push");
  CHECK(load.request.robot == ResolveRobotPath("arm3"));
  CHECK(load.request.task == "push");
  CHECK(!load.auto_pick);
  // When the loaded robot is the modules' robot, its request stays as it was (a URDF path).
  CHECK(CompositionLoad(SceneChoices::Shipped(), base, "arm3", "arm3", "push").request.robot ==
        "arm4");

  SceneRequest request = load.request;
  request.run.policy = load.policy;
  const auto scene = Scene::Load(request, compose.PolicySource(load.auto_pick, load.family));
  CHECK(compose.task_pick()->path == push);  // not replaced by fam-a's push
  const PolicyEntry& composed = scene->runner().policies()[0];
  CHECK(composed.name == "composed");
  CHECK(composed.unavailable.find("families differ: robot module from fam-a, task module from "
                                  "fam-b") != std::string::npos);
  // The run falls back to the first policy that can drive the robot.
  const SimSnapshot snapshot =
      WaitFor(scene->runner(), [](const SimSnapshot& s) { return s.version >= 1; });
  CHECK(scene->runner().policies()[snapshot.policy_index].unavailable.empty());
  CHECK(snapshot.interface.empty());
}
