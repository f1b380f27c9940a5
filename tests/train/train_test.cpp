// Training end to end with tiny budgets (CleanRL-style smoke tests): files, determinism, resume.
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/blas_kernels.hpp"
#include "common/error.hpp"
#include "common/files.hpp"
#include "modules/policy_modules.hpp"
#include "tests/train/train_support.hpp"
#include "train/trainer.hpp"

using namespace mosaic;

namespace {

const nlohmann::json kTinyPpo = {{"envs_per_world", 4}, {"rollout_steps", 50},   {"epochs", 2},
                                 {"minibatches", 2},    {"checkpoint_every", 1}, {"eval_every", 1}};

train::TrainResult Run(const suite::Suite& suite, const std::string& out, int iterations,
                       uint64_t seed, bool resume = false, const std::atomic<bool>* stop = nullptr,
                       std::function<void(const train::IterationReport&)> on_iteration = {}) {
  train::TrainOptions options;
  options.out_dir = out;
  options.steps = int64_t{iterations} * 4 * 50;
  options.seed = seed;
  options.resume = resume;
  options.threads = 1;
  options.stop = stop;
  options.on_iteration = std::move(on_iteration);
  return train::Train(suite, options);
}

std::string Bytes(const std::string& dir) {
  return ReadFile(dir + "/modules/task_reach.safetensors") +
         ReadFile(dir + "/modules/robot_arm3.safetensors");
}

}  // namespace

TEST_CASE("a 2-iteration training of a one-world suite writes the log, modules and a checkpoint") {
  testing::TempDir dir;
  const auto suite = testing::TinySuite(dir, "reach", kTinyPpo);
  const auto result = Run(suite, dir.path() + "/run", 2, 1);
  CHECK(result.iterations == 2);
  CHECK(result.env_steps == 400);
  CHECK_FALSE(result.interrupted);
  CHECK(result.family == train::FamilyId(suite, 1));
  const std::string log = ReadFile(dir.path() + "/run/log.csv");
  CHECK(std::count(log.begin(), log.end(), '\n') == 3);  // header + 2 iterations x 1 world
  CHECK(log.find("1,200,") != std::string::npos);
  const auto task = modules::LoadModule(dir.path() + "/run/modules/task_reach.safetensors");
  const auto robot = modules::LoadModule(dir.path() + "/run/modules/robot_arm3.safetensors");
  CHECK(task.spec.family == result.family);
  CHECK(robot.spec.family == result.family);
  CHECK(robot.spec.action_size == 3);
  CHECK(task.spec.provenance.find("\"env_steps\":400") != std::string::npos);
  CHECK(std::filesystem::exists(dir.path() + "/run/checkpoint/state.pt"));
}

TEST_CASE("training is deterministic by seed (single thread)") {
  testing::TempDir dir;
  const auto suite = testing::TinySuite(dir, "push", kTinyPpo);
  Run(suite, dir.path() + "/a", 2, 7);
  Run(suite, dir.path() + "/b", 2, 7);
  Run(suite, dir.path() + "/c", 2, 8);
  auto bytes = [&](const std::string& run) {
    return ReadFile(dir.path() + "/" + run + "/modules/task_push.safetensors") +
           ReadFile(dir.path() + "/" + run + "/modules/robot_arm3.safetensors");
  };
  CHECK(bytes("a") == bytes("b"));
  CHECK(bytes("a") != bytes("c"));
}

TEST_CASE("an interrupted run resumed with --resume ends bit-identical to an uninterrupted one") {
  testing::TempDir dir;
  const auto suite = testing::TinySuite(dir, "reach", kTinyPpo);
  Run(suite, dir.path() + "/straight", 4, 3);

  std::atomic<bool> stop{false};
  const auto first =
      Run(suite, dir.path() + "/resumed", 4, 3, false, &stop, [&](const train::IterationReport& r) {
        if (r.iteration == 2) stop = true;  // what Ctrl-C does
      });
  CHECK(first.interrupted);
  CHECK(first.iterations == 2);
  const auto second = Run(suite, dir.path() + "/resumed", 4, 3, true);
  CHECK_FALSE(second.interrupted);
  CHECK(second.iterations == 4);
  CHECK(Bytes(dir.path() + "/straight") == Bytes(dir.path() + "/resumed"));

  // The log continues: iterations 1-4, once each, with the same figures (wall-clock columns aside).
  auto figures = [](const std::string& log) {
    std::string out;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream cells(line);
      int column = 0;
      for (std::string cell; std::getline(cells, cell, ','); ++column) {
        if (column != 2 && column != 3) out += cell + ",";  // seconds, steps_per_second
      }
      out += "\n";
    }
    return out;
  };
  const std::string log = ReadFile(dir.path() + "/resumed/log.csv");
  CHECK(std::count(log.begin(), log.end(), '\n') == 5);
  CHECK(figures(log) == figures(ReadFile(dir.path() + "/straight/log.csv")));

  // Resuming with another seed (another family) is refused.
  CHECK_THROWS_WITH_AS(
      Run(suite, dir.path() + "/resumed", 6, 4, true),
      doctest::Contains("resume with the same suite file, --set changes and --seed"), Error);
  CHECK_THROWS_WITH_AS(Run(suite, dir.path() + "/nothing", 2, 3, true),
                       doctest::Contains("no checkpoint to resume from"), Error);
}

TEST_CASE("mosaic runs on OpenBLAS's AVX2 kernels where OpenBLAS falls back to generic ones") {
  // OpenBLAS picks "Prescott" kernels on CPUs it does not know; mosaic restarts itself with
  // OPENBLAS_CORETYPE=Haswell when the CPU has AVX2 and FMA, and leaves a user's choice alone.
  const std::string bench = std::string(" '") + MOSAIC_BINARY + "' bench train " + AssetDir() +
                            "/suites/arms.json --set ppo.envs_per_world=2 --set "
                            "ppo.rollout_steps=50 --set ppo.minibatches=2 --seconds 0.5 --json";
  auto kernels = [](const testing::CommandResult& run) {
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    return nlohmann::json::parse(run.output).at("blas_kernels").get<std::string>();
  };
  const std::string chosen = kernels(testing::RunCommand("env -u OPENBLAS_CORETYPE" + bench));
  if (chosen.empty()) return;  // LibTorch is not on OpenBLAS here: nothing to choose
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) CHECK(chosen != "Prescott");
  CHECK(kernels(testing::RunCommand("env OPENBLAS_CORETYPE=Prescott" + bench)) == "Prescott");
}

TEST_CASE("ppo.envs_by_task: worlds of one update with different environment counts") {
  testing::TempDir dir;
  const nlohmann::json text = {
      {"name", "uneven"},
      {"robots", {{"arm3", ResolveRobotPath("arm3")}}},
      {"tasks", {"reach", "reach_color"}},
      {"train", nlohmann::json::array({nlohmann::json::array({"arm3", "reach"}),
                                       nlohmann::json::array({"arm3", "reach_color"})})},
      {"interface", {{"dim", 8}, {"dropout", 0.1}}},
      {"architecture",
       {{"task_hidden", {32, 32}}, {"robot_hidden", {32, 32}}, {"value_hidden", {32, 32}}}},
      {"ppo",
       {{"envs_per_world", 6},
        {"envs_by_task", {{"reach", 2}}},
        {"rollout_steps", 50},
        {"epochs", 2},
        {"minibatches", 4},
        {"eval_every", 1}}}};
  const auto suite = suite::LoadSuite(dir.Write("uneven.json", text.dump(2)));
  auto run = [&](const std::string& out) {
    train::TrainOptions options;
    options.out_dir = dir.path() + "/" + out;
    options.steps = 3 * (2 + 6) * 50;  // 3 iterations
    options.seed = 5;
    options.threads = 1;  // one thread: both worlds in one update group
    std::vector<train::IterationReport> reports;
    options.on_iteration = [&](const train::IterationReport& r) { reports.push_back(r); };
    const auto result = train::Train(suite, options);
    CHECK(result.iterations == 3);
    CHECK(result.env_steps == 3 * 400);
    REQUIRE(reports.size() == 3);
    for (const auto& r : reports) {
      REQUIRE(r.worlds.size() == 2);
      CHECK(r.worlds[0].episodes == 2);  // arm3/reach: 2 environments x one 50-step episode
      CHECK(r.worlds[1].episodes == 6);  // arm3/reach_color: 6
      for (const auto& w : r.worlds) {
        CHECK(std::isfinite(w.policy_loss));
        CHECK(w.value_loss > 0);
        CHECK(w.approx_kl >= 0);
      }
    }
    return ReadFile(options.out_dir + "/modules/task_reach.safetensors") +
           ReadFile(options.out_dir + "/modules/robot_arm3.safetensors");
  };
  CHECK(run("a") == run("b"));
}

TEST_CASE("mosaic train --set: a one-world variant of the shipped suite, run as a user runs it") {
  testing::TempDir dir;
  const std::string out = dir.path() + "/run";
  const std::string suite = AssetDir() + "/suites/arms.json";
  const std::string sets =
      " --set ppo.envs_per_world=2 --set ppo.rollout_steps=50 --set ppo.minibatches=2"
      " --set ppo.epochs=1 --set 'train=[[\"arm3\",\"reach\"]]' --set 'tasks=[\"reach\"]'"
      " --set 'robots={\"arm3\":\"../robots/arm3.urdf\"}' --set heldout=rest --set name=one";
  const auto run =
      testing::RunMosaic("train " + suite + sets + " --steps 200 --threads 1 --out " + out);
  REQUIRE_MESSAGE(run.exit_code == 0, run.output);
  CHECK(run.output.find("training suite 'one' (1 worlds)") != std::string::npos);
  // The kernels a run used are part of what makes it reproducible, so the header names them.
  if (!BlasKernels().empty())
    CHECK(run.output.find("matrix kernels: OpenBLAS " + BlasKernels() + "\n") != std::string::npos);
  CHECK(std::filesystem::exists(out + "/modules/robot_arm3.safetensors"));
  CHECK_FALSE(std::filesystem::exists(out + "/modules/robot_arm4.safetensors"));
  // Resuming needs the same changes: without them the family differs and the checkpoint is refused.
  const auto resume =
      testing::RunMosaic("train " + suite + " --steps 400 --threads 1 --resume --out " + out);
  CHECK(resume.exit_code == 1);
  CHECK(resume.output.find("made by training run") != std::string::npos);
  const auto too_long =
      testing::RunMosaic("train " + suite + sets + " --steps 9000000000000000000 --out " + out);
  CHECK(too_long.exit_code == 1);
  CHECK(too_long.output.find("would take 90000000000000000 iterations of 100 steps") !=
        std::string::npos);
  const auto bad = testing::RunMosaic("train " + suite + " --set ppo.epoch=2 --out " + out);
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("'ppo.epoch' unknown key") != std::string::npos);
  const auto malformed = testing::RunMosaic("bench train " + suite + " --set ppo");
  CHECK(malformed.exit_code == 1);
  CHECK(malformed.output.find("--set ppo: expected KEY=VALUE") != std::string::npos);
}
