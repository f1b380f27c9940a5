// The shipped, trained modules (assets/modules/arms) and the composition path, evaluated as
// `mosaic zeroshot assets/suites/arms.json` does (deterministic: the suite's 200 episodes and
// seed), so CI fails if the modules or the composition path break.
//
// The floors are the targets: held-out cells reach 0.90, reach_color 0.85, push 0.60
// (measured 0.92, 0.99 / 0.96, 0.82, README table); training cells reach types 0.90 (measured
// 0.95-1.00), push 0.70 (0.84 / 0.79 / 0.75 with mean actions; 0.88 / 0.81 / 0.81 on OpenBLAS's
// Haswell kernels).
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "common/assets.hpp"
#include "composer/zeroshot.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

TEST_CASE("shipped arms modules: held-out cells transfer zero-shot, far above both baselines") {
  const auto suite = suite::LoadSuite(AssetDir() + "/suites/arms.json");
  const composer::ZeroShotReport report = composer::RunZeroShot(suite, {});
  REQUIRE(report.cells.size() == 12);
  const std::map<std::string, double> held_out_floor = {
      {"reach", 0.90}, {"reach_color", 0.85}, {"push", 0.60}};
  int held_out = 0;
  for (const auto& cell : report.cells) {
    CAPTURE(cell.robot);
    CAPTURE(cell.task);
    CHECK(cell.episodes == 200);
    if (cell.split == "train") {
      CHECK(cell.success_rate >= (cell.task == "push" ? 0.70 : 0.90));
      continue;
    }
    ++held_out;
    MESSAGE(cell.robot << "/" << cell.task << ": " << cell.success_rate << " (random "
                       << cell.random_success_rate << ", mismatched "
                       << cell.mismatched_success_rate << ")");
    CHECK(cell.success_rate >= held_out_floor.at(cell.task));
    CHECK(cell.random_success_rate <= 0.1);
    CHECK(cell.mismatched_success_rate <= 0.25);
    CHECK(cell.success_rate >= cell.random_success_rate + 0.4);
  }
  CHECK(held_out == 4);
}

TEST_CASE("mosaic zeroshot --json prints every cell, and --min-success gates") {
  const auto result =
      testing::RunMosaic("zeroshot " + AssetDir() + "/suites/arms.json --episodes 20 --json");
  REQUIRE(result.exit_code == 0);
  const auto json = nlohmann::json::parse(result.output.substr(result.output.find('{')));
  CHECK(json["suite"] == "arms");
  REQUIRE(json["cells"].size() == 12);
  for (const auto& cell : json["cells"]) {
    for (const char* key :
         {"robot", "task", "split", "success_rate", "success_ci", "mean_return",
          "mean_final_distance", "episodes", "random_success_rate", "mismatched_success_rate"}) {
      CHECK(cell.contains(key));
    }
  }
  const auto gated = testing::RunMosaic("zeroshot " + AssetDir() +
                                        "/suites/arms.json --episodes 20 --min-success 0.99");
  CHECK(gated.exit_code == 3);
  CHECK(gated.output.find("held-out cells below --min-success 0.99") != std::string::npos);
  const auto passing = testing::RunMosaic(
      "zeroshot " + AssetDir() + "/suites/arms.json --episodes 20 --min-success 0.01 --format csv");
  CHECK(passing.exit_code == 0);
  CHECK(passing.output.find("suite,family,robot,task,split") != std::string::npos);
}
