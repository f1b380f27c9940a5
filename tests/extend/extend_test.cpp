// mosaic extend: who may join a suite, and the workflow end to end with a small budget.
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <filesystem>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "common/files.hpp"
#include "extend/extend.hpp"
#include "modules/policy_modules.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/extend/three_link_arm.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

namespace {

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += item + "\n";
  return out;
}

}  // namespace

TEST_CASE("who can join the arms suite, and why not") {
  const auto suite = suite::LoadSuite(AssetDir() + "/suites/arms.json");
  const auto tri = robots::LoadRobotFromString(testing::ThreeLinkArm(), "/tmp/tri.urdf");
  CHECK(extend::JoinProblems(tri, "tri", suite).empty());

  const std::string clash = Joined(extend::JoinProblems(tri, "arm3", suite));
  CHECK(clash.find("the suite already has a robot named 'arm3'") != std::string::npos);

  const auto kuka = robots::LoadRobot(testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf"));
  const std::string spatial = Joined(extend::JoinProblems(kuka, "kuka", suite));
  CHECK(spatial.find("robot 'kuka' is spatial, but the task modules of suite 'arms' were trained "
                     "only with planar robots") != std::string::npos);
  CHECK(spatial.find("A spatial robot needs task modules trained with spatial robots") !=
        std::string::npos);

  const auto high =
      robots::LoadRobotFromString(testing::ThreeLinkArm(0.30, 0.18, 0.12, 0.3), "/tmp/high.urdf");
  const std::string height = Joined(extend::JoinProblems(high, "high", suite));
  CHECK(height.find("moves its end effector at z = 0.245 m, but the task modules were trained with "
                    "end effectors at z = 0.025 m") != std::string::npos);

  const auto stubby =
      robots::LoadRobotFromString(testing::ThreeLinkArm(0.12, 0.08, 0.05), "/tmp/stubby.urdf");
  const std::string short_reach = Joined(extend::JoinProblems(stubby, "stubby", suite));
  CHECK(short_reach.find(
            "reaches 0.25 m: it cannot cover the workspace the task modules were trained on") !=
        std::string::npos);

  const auto lanky =
      robots::LoadRobotFromString(testing::ThreeLinkArm(0.5, 0.4, 0.3), "/tmp/lanky.urdf");
  CHECK(Joined(extend::JoinProblems(lanky, "lanky", suite))
            .find("its goals would lie beyond anything the task modules were trained on") !=
        std::string::npos);
}

TEST_CASE(
    "extend trains only the new robot module: task modules stay bit-identical, the family is "
    "kept") {
  testing::TempDir dir;
  const std::string suite_path = dir.Write("suite.json", R"({"name": "small",
    "robots": {"arm3": ")" + ResolveRobotPath("arm3") + R"(", "arm4": ")" +
                                                             ResolveRobotPath("arm4") + R"("},
    "tasks": ["reach", "push"], "train": [["arm3", "reach"], ["arm4", "push"], ["arm4", "reach"]],
    "interface": {"dim": 8}, "ppo": {"envs_per_world": 4, "rollout_steps": 100}, "evaluation": {"episodes": 6}})");
  const auto suite = suite::LoadSuite(suite_path);
  train::TrainOptions train;
  train.out_dir = dir.path() + "/train";
  train.steps = 2400;
  train.threads = 1;
  const auto trained = train::Train(suite, train);
  const std::string modules = dir.path() + "/train/modules";
  const std::string reach_before = ReadFile(modules + "/task_reach.safetensors");
  const std::string push_before = ReadFile(modules + "/task_push.safetensors");

  const std::string urdf = dir.Write("tri.urdf", testing::ThreeLinkArm());
  extend::ExtendOptions options;
  options.urdf = urdf;
  options.modules_dirs = {modules};
  options.out_dir = dir.path() + "/ext";
  options.steps = 800;
  options.threads = 1;
  const auto result = extend::Extend(suite, options);
  CHECK(result.name == "tri");
  CHECK(result.family == trained.family);
  CHECK(result.init_used.find("scratch") == 0);
  CHECK(ReadFile(modules + "/task_reach.safetensors") == reach_before);
  CHECK(ReadFile(modules + "/task_push.safetensors") == push_before);
  CHECK_FALSE(std::filesystem::exists(dir.path() + "/ext/modules/task_reach.safetensors"));
  const auto module = modules::LoadModule(result.robot_module);
  CHECK(module.spec.family == trained.family);
  CHECK(module.spec.name == "tri");
  REQUIRE(result.row.cells.size() == 2);
  CHECK(result.row.cells[0].task == "reach");
  CHECK(result.row.cells[0].split == "train");
  CHECK(result.row.cells[1].split == "heldout");
  CHECK(result.row.cells[1].random_success_rate >= 0);
  // The written suite has the new robot and finds the modules by itself.
  const auto extended = suite::LoadSuite(result.suite_file);
  CHECK(extended.Robot("tri").urdf == std::filesystem::absolute(urdf).lexically_normal().string());
  CHECK(extended.Robot("arm3").urdf ==
        std::filesystem::absolute(ResolveRobotPath("arm3")).lexically_normal().string());
  CHECK(extended.IsTraining("tri", "reach"));
  CHECK(extended.module_dirs.size() == 2);

  // A robot with arm4's joint layout fine-tunes arm4's module.
  extend::ExtendOptions copy = options;
  copy.urdf = ResolveRobotPath("arm4");
  copy.name = "arm4b";
  copy.out_dir = dir.path() + "/ext2";
  CHECK(extend::Extend(suite, copy).init_used.find("fine-tuned from robot module 'arm4'") == 0);
  copy.init = "arm3";
  CHECK_THROWS_WITH_AS(extend::Extend(suite, copy),
                       doctest::Contains("--init arm3: no robot module of that name"), Error);

  // Robots that cannot join are refused before any training.
  extend::ExtendOptions kuka = options;
  kuka.urdf = testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf");
  CHECK_THROWS_WITH_AS(extend::Extend(suite, kuka), doctest::Contains("cannot join suite 'small'"),
                       Error);
}
