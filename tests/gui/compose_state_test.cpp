// The compose panel's logic without a window: the library grouped by family, module picks, the
// composer's verdict for fitting and mismatched pairs, bad files, and the composed policy the
// run panel offers (its z is what the plots panel draws).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/assets.hpp"
#include "composer/composer.hpp"
#include "gui/compose_state.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/env.hpp"
#include "tasks/registry.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;
using namespace mosaic::gui_testing;

namespace {

const robots::RobotModel& Robot(const std::string& name) {
  static const robots::RobotModel arm3 = robots::LoadRobot(ResolveRobotPath("arm3"));
  static const robots::RobotModel scara3 = robots::LoadRobot(ResolveRobotPath("scara3"));
  return name == "arm3" ? arm3 : scara3;
}

// Two families in two folders: fam-a (robots arm3, scara3; tasks reach, push) and fam-b (robot
// arm3; task push, with z of another size), plus a file that is not a module.
struct Library {
  mosaic::testing::TempDir a, b;
  std::string a_arm3, a_scara3, a_reach, a_push, b_arm3, b_push, junk;
  Library() {
    a_arm3 = WriteRobotModule(a.path(), "arm3", "fam-a");
    a_scara3 = WriteRobotModule(a.path(), "scara3", "fam-a");
    a_reach = WriteTaskModule(a.path(), "reach", "fam-a");
    a_push = WriteTaskModule(a.path(), "push", "fam-a");
    b_arm3 = WriteRobotModule(b.path(), "arm3", "fam-b", 6);
    b_push = WriteTaskModule(b.path(), "push", "fam-b", 6);
    junk = b.Write("junk.safetensors", "not a module");
  }
};

std::vector<std::string> Names(const std::vector<const composer::ModuleEntry*>& entries) {
  std::vector<std::string> names;
  for (const auto* entry : entries) names.push_back(entry->spec.name);
  return names;
}

bool Mentions(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("the library groups robot and task modules by family; bad files and folders are noted") {
  const Library files;
  ComposeState compose;
  compose.SetFolders({files.a.path(), files.b.path(), files.a.path(), files.a.path() + "/none"});
  CHECK(compose.folders().size() == 3);  // the duplicate dropped
  CHECK(compose.scanned_folders() == std::vector<std::string>{files.a.path(), files.b.path()});
  const auto& groups = compose.groups();
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].family == "fam-a");
  CHECK(Names(groups[0].robot_modules) == std::vector<std::string>{"arm3", "scara3"});
  CHECK(Names(groups[0].task_modules) == std::vector<std::string>{"push", "reach"});
  CHECK(groups[1].family == "fam-b");
  CHECK(Names(groups[1].robot_modules) == std::vector<std::string>{"arm3"});
  CHECK(groups[1].robot_modules[0]->spec.interface_dim == 6);
  REQUIRE(compose.library().rejected().size() == 1);
  CHECK(compose.library().rejected()[0].error.find(files.junk) == 0);
  CHECK(compose.notes() == std::vector<std::string>{files.a.path() + "/none: no such folder"});

  // A folder that appears later is picked up by a rescan.
  const mosaic::testing::TempDir later;
  compose.AddFolder(later.path() + "/sub");
  CHECK(Mentions(compose.notes(), later.path() + "/sub: no such folder"));
  WriteTaskModule(later.path() + "/sub", "reach_color", "fam-c");
  compose.Rescan();
  CHECK(compose.groups().size() == 3);
  CHECK(compose.notes().size() == 1);  // only .../none
}

TEST_CASE("AutoPick takes both modules from one family, the one asked for first") {
  const Library files;
  ComposeState compose;
  compose.SetFolders({files.a.path(), files.b.path()});
  CHECK(compose.AutoPick("arm3", "push", "fam-b"));
  CHECK(compose.robot_pick()->path == files.b_arm3);
  CHECK(compose.task_pick()->path == files.b_push);
  // Without a family asked for, the picks' family (fam-b) is preferred ...
  CHECK(compose.AutoPick("arm3", "push"));
  CHECK(compose.task_pick()->path == files.b_push);
  // ... unless it lacks a module: scara3 only exists in fam-a.
  CHECK(compose.AutoPick("scara3", "push"));
  CHECK(compose.robot_pick()->path == files.a_scara3);
  CHECK(compose.task_pick()->path == files.a_push);
  // No module for a robot: that pick is cleared, the other made.
  CHECK(!compose.AutoPick("arm5", "reach"));
  CHECK(!compose.robot_pick());
  CHECK(compose.task_pick()->path == files.a_reach);
}

TEST_CASE("the verdict: green for a fitting pair, red with the composer's own message otherwise") {
  const Library files;
  ComposeState compose;
  compose.SetFolders({files.a.path(), files.b.path()});
  compose.AutoPick("arm3", "push", "fam-a");
  const Verdict& fits = compose.UpdateVerdict(&Robot("arm3"), "push");
  CHECK(fits.state == Verdict::State::kFits);
  CHECK(fits.target == "arm3 on push");
  CHECK(fits.problems.empty());

  // The same pair for another robot and task: the composer says what does not fit.
  const Verdict& other = compose.UpdateVerdict(&Robot("scara3"), "reach");
  CHECK(other.state == Verdict::State::kMismatch);
  CHECK(Mentions(other.problems, "robot module was trained for robot 'arm3', not 'scara3'"));
  CHECK(Mentions(other.problems, "task module was trained for task 'push', not 'reach'"));

  // Modules of two families: both differences, in the composer's words.
  for (const auto& entry : compose.library().entries()) {
    if (entry.path == files.b_push) compose.PickTaskModule(entry);
  }
  const Verdict& families = compose.UpdateVerdict(&Robot("arm3"), "push");
  CHECK(families.state == Verdict::State::kMismatch);
  const auto expected = composer::Composer()
                            .RobotModuleFile(files.a_arm3)
                            .TaskModuleFile(files.b_push)
                            .ForRobot(Robot("arm3"))
                            .ForTask("push")
                            .Check();
  CHECK(families.problems == expected);
  CHECK(Mentions(families.problems,
                 "families differ: robot module from fam-a, task module from "
                 "fam-b"));
  CHECK(Mentions(families.problems,
                 "interface sizes differ: task module writes z of size 6, "
                 "robot module reads 8"));

  // A module missing: incomplete, saying which.
  compose.AutoPick("arm3", "reach_color");
  const Verdict& missing = compose.UpdateVerdict(&Robot("arm3"), "reach_color");
  CHECK(missing.state == Verdict::State::kIncomplete);
  CHECK(Mentions(missing.problems, "no task module for task 'reach_color' in the library"));
}

TEST_CASE("opening a bad module file shows its error and changes nothing") {
  const Library files;
  ComposeState compose;
  compose.SetFolders({files.a.path()});
  compose.AutoPick("arm3", "reach");
  CHECK(!compose.OpenFile(files.junk));
  CHECK(compose.file_error().find(files.junk) == 0);
  CHECK(!compose.OpenFile(files.a.path() + "/missing.safetensors"));
  CHECK(compose.file_error().find(files.a.path() + "/missing.safetensors") != std::string::npos);
  const std::string truncated = files.a.Write("cut.safetensors", std::string("\x40\x00\x00", 3));
  CHECK(!compose.OpenFile(truncated));
  CHECK(compose.file_error().find(truncated) == 0);
  CHECK(compose.robot_pick()->path == files.a_arm3);
  CHECK(compose.task_pick()->path == files.a_reach);
  // A good file is picked in its role, and the error goes.
  CHECK(compose.OpenFile(files.b_push));
  CHECK(compose.file_error().empty());
  CHECK(compose.task_pick()->path == files.b_push);
  CHECK(compose.robot_pick()->path == files.a_arm3);
}

TEST_CASE("the composed entry drives the robot and hands out the interface z") {
  const Library files;
  ComposeState compose;
  compose.SetFolders({files.a.path()});
  compose.AutoPick("arm3", "push");
  const PolicyEntry entry = compose.ComposedEntry(Robot("arm3"), "push");
  CHECK(entry.name == "composed");
  REQUIRE(entry.unavailable.empty());

  sim::Env env(Robot("arm3"), tasks::MakeTask("push"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(5, o_robot.data(), o_task.data());
  const PolicyChoice choice = entry.make(env, 0);
  REQUIRE(choice.interface);
  std::vector<float> action(env.action_size());
  choice.act(env, o_robot.data(), o_task.data(), action.data());
  // The same as the composer's policy on the same observation, z included.
  const auto reference = composer::Composer()
                             .RobotModuleFile(files.a_arm3)
                             .TaskModuleFile(files.a_push)
                             .ForRobot(Robot("arm3"))
                             .ForTask("push")
                             .Build();
  std::vector<float> expected_action(env.action_size()), expected_z(8);
  reference.Act(1, o_robot.data(), o_task.data(), expected_action.data(), expected_z.data());
  CHECK(action == expected_action);
  CHECK(choice.interface() == expected_z);

  // A pair that does not fit: listed, unavailable, with the composer's message.
  compose.AutoPick("arm3", "push");
  const PolicyEntry wrong = compose.ComposedEntry(Robot("scara3"), "push");
  CHECK(wrong.unavailable.find("cannot compose robot module " + files.a_arm3) == 0);
  CHECK(wrong.unavailable.find("robot module was trained for robot 'arm3', not 'scara3'") !=
        std::string::npos);
  CHECK_THROWS_WITH(wrong.make(env, 0), doctest::Contains("cannot compose"));
  // Nothing picked: the reason names what is missing.
  compose.AutoPick("arm5", "reach_color");
  CHECK(compose.ComposedEntry(Robot("arm3"), "reach_color").unavailable ==
        "no robot module for robot 'arm3' in the library; no task module for task 'reach_color' "
        "in the library");
}

TEST_CASE("provenance reads as key: value lines") {
  CHECK(ProvenanceLines(R"({"seed": 7, "suite": "arms", "worlds": [["arm3", "reach"], )"
                        R"(["arm4", "push"]]})") ==
        std::vector<std::string>{"seed: 7", "suite: arms", "worlds: arm3/reach, arm4/push"});
  CHECK(ProvenanceLines("not json") == std::vector<std::string>{"not json"});
  CHECK(LayoutText(tasks::MakeTask("reach")->layout()) == "[goal:3 ee:3 goal_minus_ee:3]");
}
