#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "composer/composer.hpp"
#include "composer/module_library.hpp"
#include "composer/zeroshot.hpp"
#include "modules/policy_modules.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "tasks/registry.hpp"
#include "tests/module_files.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

using testing::WriteRobotModule;
using testing::WriteTaskModule;

TEST_CASE(
    "the composer accepts a fitting pair and the policy acts on single observations and batches") {
  testing::TempDir dir;
  const auto model = robots::LoadRobot(ResolveRobotPath("arm4"));
  const auto policy = composer::Composer()
                          .RobotModuleFile(WriteRobotModule(dir.path(), "arm4", "fam-a"))
                          .TaskModuleFile(WriteTaskModule(dir.path(), "push", "fam-a"))
                          .ForRobot(model)
                          .ForTask("push")
                          .Build();
  CHECK(policy.Label() == "robot module 'arm4' + task module 'push' (family fam-a)");
  sim::Env env(model, tasks::MakeTask("push"));
  std::vector<float> o_robot(env.robot_obs_size()), o_task(env.task_obs_size());
  env.Reset(1, o_robot.data(), o_task.data());
  std::vector<float> one(4), batch(8), z(16);
  policy.Act(1, o_robot.data(), o_task.data(), one.data());
  std::vector<float> robots2 = o_robot, tasks2 = o_task;
  robots2.insert(robots2.end(), o_robot.begin(), o_robot.end());
  tasks2.insert(tasks2.end(), o_task.begin(), o_task.end());
  policy.Act(2, robots2.data(), tasks2.data(), batch.data(), z.data());
  for (int i = 0; i < 4; ++i) {
    CHECK(batch[i] == doctest::Approx(one[i]));
    CHECK(batch[4 + i] == doctest::Approx(one[i]));
  }
  auto fn = policy.AsPolicyFn();
  std::vector<float> action(4);
  fn(env, o_robot.data(), o_task.data(), action.data());
  CHECK(action[0] == doctest::Approx(one[0]));
  CHECK(policy.last_z()[0] == doctest::Approx(z[0]));
}

TEST_CASE("the composer rejects each kind of mismatch, naming both modules") {
  testing::TempDir dir;
  const auto arm3 = robots::LoadRobot(ResolveRobotPath("arm3"));
  const std::string robot = WriteRobotModule(dir.path(), "arm3", "fam-a");
  const std::string task = WriteTaskModule(dir.path(), "reach", "fam-a");
  auto error = [](const composer::Composer& c) {
    return testing::ErrorMessage([&] { c.Build(); });
  };
  const std::string family = error(composer::Composer().RobotModuleFile(robot).TaskModuleFile(
      WriteTaskModule(dir.path(), "reach", "fam-b")));
  CHECK(family.find("cannot compose robot module " + robot + " with task module") == 0);
  CHECK(family.find("families differ: robot module from fam-a, task module from fam-b") !=
        std::string::npos);

  const std::string dim = error(composer::Composer().RobotModuleFile(robot).TaskModuleFile(
      WriteTaskModule(dir.path(), "reach", "fam-a", 6)));
  CHECK(dim.find("interface sizes differ: task module writes z of size 6, robot module reads 8") !=
        std::string::npos);

  const std::string kinds = error(composer::Composer().RobotModuleFile(task).TaskModuleFile(robot));
  CHECK(kinds.find("is a task module, expected a robot module") != std::string::npos);
  CHECK(kinds.find("is a robot module, expected a task module") != std::string::npos);

  const auto scara = robots::LoadRobot(ResolveRobotPath("scara3"));
  const std::string robot_mismatch =
      error(composer::Composer().RobotModuleFile(robot).TaskModuleFile(task).ForRobot(scara));
  CHECK(robot_mismatch.find("robot module was trained for robot 'arm3', not 'scara3'") !=
        std::string::npos);
  CHECK(robot_mismatch.find("robot module reads joints [joint1:3 joint2:3 joint3:3], robot "
                            "'scara3' has [joint1:3 joint2:3 slide3:2]") != std::string::npos);

  const std::string task_mismatch =
      error(composer::Composer().RobotModuleFile(robot).TaskModuleFile(task).ForRobot(arm3).ForTask(
          "push"));
  CHECK(task_mismatch.find("task module was trained for task 'reach', not 'push'") !=
        std::string::npos);
  CHECK(task_mismatch.find(
            "task module reads [goal:3 ee:3 goal_minus_ee:3], task 'push' gives [block:3") !=
        std::string::npos);

  // Several problems at once are all listed.
  const std::string many =
      error(composer::Composer()
                .RobotModuleFile(robot)
                .TaskModuleFile(WriteTaskModule(dir.path(), "push", "fam-c", 4))
                .ForTask("reach"));
  CHECK(many.find("families differ") != std::string::npos);
  CHECK(many.find("interface sizes differ") != std::string::npos);
  CHECK(many.find("task module was trained for task 'push', not 'reach'") != std::string::npos);

  CHECK(error(composer::Composer().TaskModuleFile(task)).find("no robot module given") !=
        std::string::npos);
  CHECK(error(composer::Composer()
                  .RobotModuleFile(dir.path() + "/absent.safetensors")
                  .TaskModuleFile(task))
            .find("cannot open file") != std::string::npos);
  CHECK(
      error(composer::Composer().RobotModuleFile(robot).TaskModuleFile(task).ForRobot(arm3).ForTask(
          "reach")) == "(no error)");
}

TEST_CASE("the module library indexes files by family, kind and name, and lists bad files apart") {
  testing::TempDir dir;
  WriteRobotModule(dir.path(), "arm3", "fam-a");
  WriteTaskModule(dir.path(), "reach", "fam-a");
  WriteTaskModule(dir.path(), "reach", "fam-b");
  dir.Write("broken.safetensors", "nope");
  const auto library = composer::ModuleLibrary::Scan({dir.path()});
  CHECK(library.entries().size() == 3);
  CHECK(library.Families() == std::vector<std::string>{"fam-a", "fam-b"});
  REQUIRE(library.Find(modules::ModuleKind::kTask, "reach", "fam-b") != nullptr);
  CHECK(library.Find(modules::ModuleKind::kTask, "reach", "fam-b")->spec.family == "fam-b");
  CHECK(library.Find(modules::ModuleKind::kRobot, "arm4") == nullptr);
  REQUIRE(library.rejected().size() == 1);
  CHECK(library.rejected()[0].error.find("broken.safetensors: not a valid safetensors file") !=
        std::string::npos);
  CHECK_THROWS_WITH_AS(composer::ModuleLibrary::Scan({dir.path() + "/nope"}),
                       doctest::Contains("not a folder"), Error);
}

TEST_CASE("Wilson intervals") {
  double low, high;
  composer::WilsonInterval(0, 200, low, high);
  CHECK(low == 0.0);
  CHECK(high == doctest::Approx(0.0188).epsilon(0.01));
  composer::WilsonInterval(180, 200, low, high);
  CHECK(low == doctest::Approx(0.8517).epsilon(0.01));
  CHECK(high == doctest::Approx(0.9342).epsilon(0.01));
}
