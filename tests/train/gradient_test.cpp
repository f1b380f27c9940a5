// The PPO update's hand-written backward against LibTorch's autograd, on real rollouts.
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <map>
#include <memory>

#include "common/assets.hpp"
#include "common/thread_pool.hpp"
#include "robots/robot_model.hpp"
#include "robots/urdf_loader.hpp"
#include "suite/suite.hpp"
#include "tests/train/train_support.hpp"
#include "train/flat_adam.hpp"
#include "train/module_specs.hpp"
#include "train/ppo_update.hpp"
#include "train/world_slot.hpp"

using namespace mosaic;

namespace {

// Two robots, three tasks, four worlds: task modules shared across robots and robot modules
// across tasks, gated task modules, dropout on z, grounding, value clipping, an entropy bonus.
suite::Suite MixedSuite(const testing::TempDir& dir) {
  const nlohmann::json text = {
      {"name", "mixed"},
      {"robots", {{"arm3", ResolveRobotPath("arm3")}, {"arm4", ResolveRobotPath("arm4")}}},
      {"tasks", {"reach", "reach_color", "push"}},
      {"train", nlohmann::json::array({nlohmann::json::array({"arm3", "reach"}),
                                       nlohmann::json::array({"arm3", "reach_color"}),
                                       nlohmann::json::array({"arm4", "reach"}),
                                       nlohmann::json::array({"arm4", "push"})})},
      {"interface", {{"dim", 8}, {"dropout", 0.1}, {"grounding", 1.0}}},
      {"architecture",
       {{"task_hidden", {32, 32}},
        {"task_gated", true},
        {"robot_hidden", {32, 32}},
        {"value_hidden", {32, 32}}}},
      {"ppo",
       {{"envs_per_world", 6},
        {"envs_by_task", {{"push", 4}}},
        {"rollout_steps", 50},
        {"minibatches", 2},
        {"entropy_coef", 0.005}}}};
  return suite::LoadSuite(dir.Write("mixed.json", text.dump(2)));
}

struct Rig {
  ThreadPool pool{1};
  std::map<std::string, robots::RobotModel> models;
  std::map<std::string, std::shared_ptr<modules::TaskModule>> tasks;
  std::map<std::string, std::shared_ptr<modules::RobotModule>> robots;
  std::vector<std::unique_ptr<train::WorldSlot>> worlds;
  std::unique_ptr<train::FlatAdam> optimizer;

  std::vector<train::WorldSlot*> Slots() {
    std::vector<train::WorldSlot*> slots;
    for (auto& w : worlds) slots.push_back(w.get());
    return slots;
  }
};

// The trainer's pieces built by hand, one rollout collected and its advantages computed.
void Build(const suite::Suite& suite, Rig& rig) {
  torch::manual_seed(3);
  for (const auto& entry : suite.robots)
    rig.models.emplace(entry.name, robots::LoadRobot(entry.urdf));
  for (const auto& task : suite.tasks)
    rig.tasks[task] = std::make_shared<modules::TaskModule>(train::TaskModuleSpec(suite, task, ""));
  for (const auto& entry : suite.robots) {
    rig.robots[entry.name] = std::make_shared<modules::RobotModule>(
        train::RobotModuleSpec(suite, entry.name, rig.models.at(entry.name), ""),
        suite.ppo.init_log_std);
  }
  std::vector<torch::Tensor> parameters;
  for (auto& [name, m] : rig.tasks)
    for (auto& p : m->parameters()) parameters.push_back(p);
  for (auto& [name, m] : rig.robots)
    for (auto& p : m->parameters()) parameters.push_back(p);
  for (const auto& world : suite.train) {
    rig.worlds.push_back(std::make_unique<train::WorldSlot>(
        world, rig.models.at(world.robot), rig.tasks.at(world.task), rig.robots.at(world.robot),
        suite, rig.pool));
    for (auto& p : rig.worlds.back()->value()->parameters()) parameters.push_back(p);
  }
  rig.optimizer = std::make_unique<train::FlatAdam>(parameters, 3e-4);

  for (size_t w = 0; w < rig.worlds.size(); ++w) {
    rig.worlds[w]->vec().Reset(10 + w);
    rig.worlds[w]->SeedActions(20 + w);
  }
  for (int t = 0; t < suite.ppo.rollout_steps; ++t) {
    for (auto& world : rig.worlds) {
      world->Act(t, suite.interface.dropout, false);
      world->vec().StepRange(world->actions(), 0, world->num_envs());
      world->vec().FinishStep();
      world->Record(t, suite.ppo.gamma, true);
    }
  }
  for (auto& world : rig.worlds) {
    world->ComputeAdvantages(suite.ppo.gamma, suite.ppo.gae_lambda);
    world->task().normalizer.Update(world->buffers().obs_task.flatten(0, 1));
    world->robot().normalizer.Update(world->buffers().obs_robot.flatten(0, 1));
  }
}

double RelativeError(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).norm().item<double>() / b.norm().item<double>();
}

}  // namespace

TEST_CASE("the update's hand-written gradient equals autograd's on real rollouts") {
  testing::TempDir dir;
  const suite::Suite suite = MixedSuite(dir);
  Rig rig;
  Build(suite, rig);
  const auto slots = rig.Slots();
  // A policy that has moved away from the one that collected: ratios off 1, some clipped, and
  // values away from the old ones, so every branch of the loss is taken.
  {
    torch::NoGradGuard no_grad;
    torch::manual_seed(7);
    for (const auto& p : rig.optimizer->parameters()) p.add_(torch::randn_like(p) * 0.05);
  }
  std::vector<torch::Tensor> idx;
  for (auto* world : slots) {
    const int64_t samples = int64_t{suite.ppo.rollout_steps} * world->num_envs();
    idx.push_back(torch::randperm(samples, torch::kLong).narrow(0, 0, samples / 2));
  }
  suite::PpoConfig ppo = suite.ppo;
  suite::InterfaceConfig interface = suite.interface;
  SUBCASE("the suite as it is") {}
  SUBCASE("no value clip, no grounding, no entropy bonus") {
    ppo.value_clip = 0;
    ppo.entropy_coef = 0;
    interface.grounding = 0;
  }
  SUBCASE("a tight ratio clip: most rows clipped") {
    ppo.clip = 0.02f;
  }

  const torch::Tensor manual =
      train::MinibatchGradient(slots, *rig.optimizer, ppo, interface, idx, false);
  const torch::Tensor reference =
      train::MinibatchGradient(slots, *rig.optimizer, ppo, interface, idx, true);
  REQUIRE(manual.sizes() == reference.sizes());
  CHECK(reference.norm().item<double>() > 0);
  CHECK(RelativeError(manual, reference) < 1e-5);
  // Every module's block on its own (a small module cannot hide behind a large one's norm).
  auto block = [&](const torch::Tensor& flat, torch::nn::Module& module) {
    std::vector<torch::Tensor> parts;
    for (const auto& p : module.parameters()) {
      const int64_t offset = rig.optimizer->OffsetOf(p);
      parts.push_back(flat.narrow(0, offset, p.numel()));
    }
    return torch::cat(parts);
  };
  std::vector<torch::nn::Module*> all;
  for (auto& [name, m] : rig.tasks) all.push_back(m.get());
  for (auto& [name, m] : rig.robots) all.push_back(m.get());
  for (auto& w : rig.worlds) all.push_back(w->value().ptr().get());
  for (torch::nn::Module* module : all) {
    const torch::Tensor expected = block(reference, *module);
    CHECK(expected.norm().item<double>() > 0);
    CHECK(RelativeError(block(manual, *module), expected) < 1e-4);
  }
  // Log-stds: each robot module's, separately (the entropy bonus and the likelihood meet there).
  for (auto& [name, robot] : rig.robots) {
    const int64_t offset = rig.optimizer->OffsetOf(robot->log_std);
    const torch::Tensor m = manual.narrow(0, offset, robot->log_std.numel());
    const torch::Tensor r = reference.narrow(0, offset, robot->log_std.numel());
    CHECK(RelativeError(m, r) < 1e-4);
  }
}
