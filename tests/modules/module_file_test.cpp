#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/files.hpp"
#include "modules/policy_modules.hpp"
#include "tasks/registry.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using doctest::Contains;

namespace {

constexpr int64_t kPushObs = 18;  // push's o_task size (tasks/push.cpp)

modules::ModuleSpec TaskSpec(bool gated = true) {
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kTask;
  spec.name = "push";
  spec.family = "test-s1-00000000";
  spec.interface_dim = 8;
  spec.layout = tasks::MakeTask("push")->layout();
  spec.hidden = {32, 16};
  spec.gated = gated;
  spec.interface_dropout = 0.3f;
  spec.provenance = R"({"suite": "test"})";
  return spec;
}

modules::ModuleSpec RobotSpec() {
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kRobot;
  spec.name = "arm3";
  spec.family = "test-s1-00000000";
  spec.interface_dim = 8;
  spec.layout = {
      {"joint1", 3, "joint", ""}, {"joint2", 3, "joint", ""}, {"joint3", 3, "joint", ""}};
  spec.action_size = 3;
  spec.hidden = {32, 32};
  return spec;
}

bool SameBits(const torch::Tensor& a, const torch::Tensor& b) {
  return a.sizes() == b.sizes() &&
         std::memcmp(a.contiguous().data_ptr<float>(), b.contiguous().data_ptr<float>(),
                     a.numel() * 4) == 0;
}

std::string ErrorOf(const std::string& path) {
  return testing::ErrorMessage([&] { modules::LoadModule(path); });
}

}  // namespace

TEST_CASE("module file round trip: bit-identical tensors and metadata, same outputs") {
  testing::TempDir dir;
  torch::manual_seed(3);
  modules::RobotModule robot(RobotSpec(), -0.7f);
  robot.normalizer.Update(torch::randn({50, 9}) * 2 + 1);
  modules::TaskModule task(TaskSpec());
  task.normalizer.Update(torch::randn({40, kPushObs}));
  modules::SaveModule(dir.path() + "/robot.safetensors", robot);
  modules::SaveModule(dir.path() + "/task.safetensors", task);

  const auto loaded_robot = modules::LoadModule(dir.path() + "/robot.safetensors");
  const auto loaded_task = modules::LoadModule(dir.path() + "/task.safetensors");
  REQUIRE(loaded_robot.robot);
  REQUIRE(loaded_task.task);
  CHECK(loaded_robot.spec.name == "arm3");
  CHECK(loaded_robot.spec.action_size == 3);
  CHECK(loaded_task.spec.gated);
  CHECK(loaded_task.spec.provenance == R"({"suite": "test"})");
  CHECK(loaded_task.task->normalizer.count == task.normalizer.count);
  CHECK(SameBits(loaded_robot.robot->log_std, robot.log_std));
  CHECK(SameBits(loaded_task.task->normalizer.var, task.normalizer.var));
  const auto original = robot.named_parameters(), back = loaded_robot.robot->named_parameters();
  for (const auto& item : original) CHECK(SameBits(item.value(), back[item.key()]));
  // Re-encoding the loaded module gives the same bytes.
  CHECK(modules::EncodeSafetensors(modules::ModuleToFile(*loaded_task.task)) ==
        ReadFile(dir.path() + "/task.safetensors"));
  const torch::Tensor o_task = torch::randn({5, kPushObs});
  CHECK(SameBits(task.forward(o_task), loaded_task.task->forward(o_task)));
}

TEST_CASE("a module file's header reads as plain JSON with the documented metadata") {
  testing::TempDir dir;
  modules::TaskModule task(TaskSpec());
  modules::SaveModule(dir.path() + "/task.safetensors", task);
  const std::string bytes = ReadFile(dir.path() + "/task.safetensors");
  uint64_t length;
  std::memcpy(&length, bytes.data(), 8);
  const auto header = nlohmann::json::parse(bytes.substr(8, length));
  const auto& metadata = header["__metadata__"];
  CHECK(metadata["format"] == "mosaic-module");
  CHECK(metadata["version"] == "1");
  CHECK(metadata["kind"] == "task");
  CHECK(metadata["name"] == "push");
  CHECK(metadata["family"] == "test-s1-00000000");
  CHECK(metadata["interface_dim"] == "8");
  const auto layout = nlohmann::json::parse(metadata["observation_layout"].get<std::string>());
  CHECK(layout[0]["name"] == "block");
  CHECK(nlohmann::json::parse(metadata["architecture"].get<std::string>())["hidden"] ==
        nlohmann::json::array({32, 16}));
  CHECK(header["normalizer.mean"]["shape"] == nlohmann::json::array({kPushObs}));
  CHECK(header["mlp.0.weight"]["dtype"] == "F32");
}

TEST_CASE("corrupt, foreign, wrong-shape and wrong-dtype module files are clear errors") {
  testing::TempDir dir;
  modules::RobotModule robot(RobotSpec(), -0.5f);
  const modules::SafetensorsFile good = modules::ModuleToFile(robot);
  const std::string bytes = modules::EncodeSafetensors(good);

  const std::string truncated =
      dir.Write("truncated.safetensors", bytes.substr(0, bytes.size() - 7));
  CHECK(ErrorOf(truncated).find(truncated + ": not a valid safetensors file") == 0);

  modules::SafetensorsFile foreign = good;
  foreign.metadata = {{"format", "pt"}};
  const std::string foreign_path = dir.path() + "/foreign.safetensors";
  modules::WriteSafetensors(foreign_path, foreign);
  CHECK(ErrorOf(foreign_path) ==
        foreign_path + ": not a mosaic module (metadata format is 'pt', expected 'mosaic-module')");

  modules::SafetensorsFile shape = good;
  shape.tensors["mlp.1.weight"] = {{32, 31}, std::vector<float>(32 * 31, 0.f)};
  const std::string shape_path = dir.path() + "/shape.safetensors";
  modules::WriteSafetensors(shape_path, shape);
  CHECK(ErrorOf(shape_path)
            .find("tensor 'mlp.1.weight' has shape [32, 31], expected [32, 32] for robot module "
                  "'arm3'") != std::string::npos);

  modules::SafetensorsFile missing = good;
  missing.tensors.erase("log_std");
  const std::string missing_path = dir.path() + "/missing.safetensors";
  modules::WriteSafetensors(missing_path, missing);
  CHECK(ErrorOf(missing_path).find("lacks tensor 'log_std'") != std::string::npos);

  modules::SafetensorsFile nan = good;
  nan.tensors["log_std"].values[1] = std::nanf("");
  const std::string nan_path = dir.path() + "/nan.safetensors";
  modules::WriteSafetensors(nan_path, nan);
  CHECK(ErrorOf(nan_path).find("tensor 'log_std' holds a non-finite value") != std::string::npos);

  modules::SafetensorsFile kind = good;
  kind.metadata["kind"] = "critic";
  const std::string kind_path = dir.path() + "/kind.safetensors";
  modules::WriteSafetensors(kind_path, kind);
  CHECK(ErrorOf(kind_path).find("'kind' is 'critic', expected 'robot' or 'task'") !=
        std::string::npos);

  modules::SafetensorsFile version = good;
  version.metadata["version"] = "99";
  const std::string version_path = dir.path() + "/version.safetensors";
  modules::WriteSafetensors(version_path, version);
  CHECK(ErrorOf(version_path).find("module format version 99 is not supported") !=
        std::string::npos);

  // Wrong dtype, written by hand: the header says F64.
  std::string f64 = bytes;
  const size_t at = f64.find("\"F32\"");
  REQUIRE(at != std::string::npos);
  f64.replace(at, 5, "\"F64\"");
  const std::string f64_path = dir.Write("f64.safetensors", f64);
  CHECK(ErrorOf(f64_path).find("has dtype F64; mosaic modules hold F32 tensors only") !=
        std::string::npos);

  CHECK(ErrorOf(dir.path() + "/absent.safetensors").find("absent.safetensors: cannot open file") !=
        std::string::npos);
}
