#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "common/files.hpp"
#include "suite/suite.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using doctest::Contains;

namespace {

// [["robot", "task"], ...] (a braced list of pairs would read as a JSON object).
nlohmann::json Worlds(const std::vector<std::pair<std::string, std::string>>& pairs) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [robot, task] : pairs) list.push_back(nlohmann::json::array({robot, task}));
  return list;
}

// A valid two-robot suite whose robot paths point at the shipped URDFs; `edit` changes it.
std::string SuiteText(const std::function<void(nlohmann::json&)>& edit = {}) {
  nlohmann::json suite = {
      {"name", "mini"},
      {"robots", {{"arm3", ResolveRobotPath("arm3")}, {"arm4", ResolveRobotPath("arm4")}}},
      {"tasks", {"reach", "push"}},
      {"train", Worlds({{"arm3", "reach"}, {"arm4", "push"}, {"arm4", "reach"}})},
      {"heldout", "rest"}};
  if (edit) edit(suite);
  return suite.dump(2);
}

std::string ErrorOf(const std::string& text) {
  return testing::ErrorMessage([&] { suite::ParseSuite(text, "/tmp/mini.json"); });
}

}  // namespace

TEST_CASE("the shipped arms suite: 8 training worlds, 4 held out, every robot and task in both") {
  const auto s = suite::LoadSuite(AssetDir() + "/suites/arms.json");
  CHECK(s.name == "arms");
  CHECK(s.robots.size() == 4);
  CHECK(s.tasks == std::vector<std::string>{"reach", "reach_color", "push"});
  CHECK(s.train.size() == 8);
  CHECK(s.heldout.size() == 4);
  for (const auto& robot : s.robots) {
    int trained = 0, held = 0;
    for (const auto& w : s.train) trained += w.robot == robot.name;
    for (const auto& w : s.heldout) held += w.robot == robot.name;
    CHECK(trained >= 2);
    CHECK(held >= 1);
  }
  for (const auto& task : s.tasks) {
    int trained = 0, held = 0;
    for (const auto& w : s.train) trained += w.task == task;
    for (const auto& w : s.heldout) held += w.task == task;
    CHECK(trained >= 2);
    CHECK(held >= 1);
  }
  for (const auto& w : s.heldout) CHECK_FALSE(s.IsTraining(w.robot, w.task));
}

TEST_CASE("heldout \"rest\" is every pair not trained") {
  const auto s = suite::ParseSuite(SuiteText(), "/tmp/mini.json");
  REQUIRE(s.heldout.size() == 1);
  CHECK(s.heldout[0].Label() == "arm3/push");
  CHECK(s.ppo.epochs == 4);  // defaults where the file is silent
}

TEST_CASE("suite errors name the key") {
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"learing_rate", 0.1}};
        })) == "/tmp/mini.json: 'ppo.learing_rate' unknown key");
  CHECK(ErrorOf(SuiteText([](auto& s) { s["colour"] = 1; })).find("'colour' unknown key") !=
        std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"epochs", "four"}};
        })) == "/tmp/mini.json: 'ppo.epochs' must be an integer, got string");
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"epochs", 5000000001}};
        })) == "/tmp/mini.json: 'ppo.epochs' must be <= 2147483647, got 5000000001");
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"gamma", 1.5}};
        })).find("'ppo.gamma' must be in [0, 1], got 1.5") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["train"].push_back(nlohmann::json::array({"arm9", "reach"}));
        })).find("'train[3]' names robot 'arm9', which is not in 'robots'") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["tasks"].push_back("juggle");
        })).find("'tasks' names unknown task 'juggle' (known tasks: reach, reach_color, push)") !=
        std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["train"] = Worlds({{"arm3", "reach"}, {"arm4", "reach"}});
        })).find("'train' never uses task 'push'") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["train"] = Worlds({{"arm3", "reach"}, {"arm3", "push"}});
        })).find("'train' never uses robot 'arm4'") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["heldout"] = Worlds({{"arm3", "reach"}});
        })).find("'heldout' lists arm3/reach, which is also a training world") !=
        std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["train"].push_back(nlohmann::json::array({"arm3", "reach"}));
        })).find("repeats world arm3/reach") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["robots"]["arm3"] = "/nonexistent/arm3.urdf";
        })).find("'robots.arm3' points to /nonexistent/arm3.urdf, which is not a file") !=
        std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) { s.erase("name"); })).find("'name' is required") !=
        std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["interface"] = {{"dim", 2}, {"grounding", 1.0}};
        })).find("needs interface.dim >= 3") != std::string::npos);
}

TEST_CASE("ppo.envs_by_task gives the worlds of a task their own environment count") {
  const suite::Suite suite =
      suite::ParseSuite(SuiteText([](auto& s) {
                          s["ppo"] = {{"envs_per_world", 32}, {"envs_by_task", {{"reach", 8}}}};
                        }),
                        "/tmp/mini.json");
  CHECK(suite.ppo.EnvsFor("reach") == 8);
  CHECK(suite.ppo.EnvsFor("push") == 32);
  CHECK(suite::ParseSuite(SuiteText(), "/tmp/mini.json").ppo.EnvsFor("reach") == 32);

  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"envs_by_task", {{"juggle", 8}}}};
        })) == "/tmp/mini.json: 'ppo.envs_by_task.juggle' names a task that is not in 'tasks'");
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"envs_by_task", {{"reach", 0}}}};
        })) ==
        "/tmp/mini.json: 'ppo.envs_by_task.reach' must be a positive integer "
        "(environments per world), got 0");
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"envs_by_task", {{"reach", "few"}}}};
        })).find("'ppo.envs_by_task.reach' must be a positive integer") != std::string::npos);
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"envs_by_task", {8}}};
        })) ==
        "/tmp/mini.json: 'ppo.envs_by_task' must be an object of task name -> "
        "environments per world");
  // Every world needs at least one sample per minibatch.
  CHECK(ErrorOf(SuiteText([](auto& s) {
          s["ppo"] = {{"envs_by_task", {{"reach", 1}}}, {"rollout_steps", 50}, {"minibatches", 64}};
        })) ==
        "/tmp/mini.json: 'ppo.minibatches' is 64, but world arm3/reach collects only 50 "
        "samples per iteration (environments x rollout_steps)");
}

TEST_CASE("malformed JSON names the line") {
  const std::string text = "{\n  \"name\": \"x\",\n  \"robots\": {,\n}\n";
  CHECK_THROWS_WITH_AS(suite::ParseSuite(text, "/tmp/bad.json"),
                       Contains("/tmp/bad.json:3: not valid JSON"), Error);
  CHECK_THROWS_WITH_AS(suite::LoadSuite("/nonexistent/suite.json"),
                       Contains("/nonexistent/suite.json: cannot open file"), Error);
}

TEST_CASE("robot entries may carry an end effector and package paths, relative to the suite file") {
  testing::TempDir dir;
  const std::string urdf = ReadFile(testing::DataPath("urdf-zoo/xarm/xarm6_robot.urdf"));
  dir.Write("robots/xarm.urdf", urdf);
  const std::string text = SuiteText([](auto& s) {
    s["robots"]["xarm"] = {
        {"urdf", "robots/xarm.urdf"}, {"ee", "link6"}, {"package_paths", {"pkgs"}}};
    s["train"].push_back(nlohmann::json::array({"xarm", "reach"}));
  });
  const auto s = suite::ParseSuite(text, dir.path() + "/suite.json");
  const auto& xarm = s.Robot("xarm");
  CHECK(xarm.urdf == dir.path() + "/robots/xarm.urdf");
  CHECK(xarm.ee == "link6");
  CHECK(xarm.package_paths == std::vector<std::string>{dir.path() + "/pkgs"});
}

TEST_CASE("--set assignments change a suite: dotted keys, JSON values, bare words as strings") {
  const std::string text = SuiteText();
  const std::string changed = suite::ApplyAssignments(
      text, "/tmp/mini.json",
      {"ppo.epochs=2", "ppo.learning_rate=1e-3", "name=sweep1", "interface.dropout=0",
       R"(train=[["arm3","reach"],["arm4","push"],["arm3","push"]])", "ppo.epochs=3"});
  const suite::Suite suite = suite::ParseSuite(changed, "/tmp/mini.json");
  CHECK(suite.ppo.epochs == 3);  // the last assignment of a key wins
  CHECK(suite.ppo.learning_rate == doctest::Approx(1e-3));
  CHECK(suite.name == "sweep1");
  CHECK(suite.interface.dropout == 0.f);
  REQUIRE(suite.train.size() == 3);
  CHECK(suite.train[2].robot == "arm3");
  CHECK(suite.train[2].task == "push");
  CHECK(suite.IsHeldOut("arm4", "reach"));  // "rest" recomputed from the new training list
  // Untouched settings keep the file's values; the changed text hashes differently (new family).
  const suite::Suite original = suite::ParseSuite(text, "/tmp/mini.json");
  CHECK(suite.ppo.gamma == original.ppo.gamma);
  CHECK(suite::StableHash(suite.source_text) != suite::StableHash(original.source_text));
  CHECK(suite::ApplyAssignments(text, "/tmp/mini.json", {}) == text);
}

TEST_CASE("bad --set assignments name the assignment; a changed suite is checked like a file") {
  const std::string text = SuiteText();
  auto error = [&](const std::string& assignment) {
    return testing::ErrorMessage([&] {
      suite::ParseSuite(suite::ApplyAssignments(text, "/tmp/mini.json", {assignment}),
                        "/tmp/mini.json");
    });
  };
  CHECK(error("ppo") == "/tmp/mini.json: --set ppo: expected KEY=VALUE, e.g. ppo.epochs=2");
  CHECK(error("ppo..epochs=2") == "/tmp/mini.json: --set ppo..epochs=2: the key has an empty part");
  CHECK(error("=2") == "/tmp/mini.json: --set =2: the key has an empty part");
  CHECK(error("name.x=1") == "/tmp/mini.json: --set name.x=1: name is not an object");
  CHECK(error("ppo.epoch=2") == "/tmp/mini.json: 'ppo.epoch' unknown key");
  CHECK(error("ppo.epochs=0") == "/tmp/mini.json: 'ppo.epochs' must be >= 1, got 0");
  CHECK(error("ppo.epochs=two") == "/tmp/mini.json: 'ppo.epochs' must be an integer, got string");
  CHECK(error("ppo={}") == "(no error)");  // an empty section is allowed: the defaults
}
