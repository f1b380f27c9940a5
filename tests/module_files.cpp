#include "tests/module_files.hpp"

#include <filesystem>

#include "common/assets.hpp"
#include "modules/policy_modules.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "tasks/registry.hpp"

namespace mosaic::testing {

namespace {
constexpr int kHidden = 16;  // small networks: quick to write and to load

std::string ModulePath(const std::string& dir, const std::string& kind, const std::string& name,
                       const std::string& family, int dim) {
  std::filesystem::create_directories(dir);
  return dir + "/" + kind + "_" + name + "_" + family + "_" + std::to_string(dim) + ".safetensors";
}
}  // namespace

std::string WriteRobotModule(const std::string& dir, const std::string& robot,
                             const std::string& family, int dim) {
  const auto model = robots::LoadRobot(ResolveRobotPath(robot));
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kRobot;
  spec.name = robot;
  spec.family = family;
  spec.interface_dim = dim;
  spec.layout = sim::RobotObservationLayout(model);
  spec.action_size = model.dof();
  spec.hidden = {kHidden};
  spec.provenance = R"({"suite": "test", "worlds": [["arm3", "reach"]], "seed": 7})";
  const std::string path = ModulePath(dir, "robot", robot, family, dim);
  modules::SaveModule(path, modules::RobotModule(spec, -0.5f));
  return path;
}

std::string WriteTaskModule(const std::string& dir, const std::string& task,
                            const std::string& family, int dim) {
  modules::ModuleSpec spec;
  spec.kind = modules::ModuleKind::kTask;
  spec.name = task;
  spec.family = family;
  spec.interface_dim = dim;
  spec.layout = tasks::MakeTask(task)->layout();
  spec.hidden = {kHidden};
  spec.provenance = R"({"suite": "test", "seed": 7})";
  const std::string path = ModulePath(dir, "task", task, family, dim);
  modules::SaveModule(path, modules::TaskModule(spec));
  return path;
}

}  // namespace mosaic::testing
