// mosaic extend with the shipped arms modules: a new arm trained on reach only, with a small
// budget (800k steps, ~35 s), does reach_color and push zero-shot far better than a random policy
// (measured: reach 0.83, reach_color 0.66, push 0.53; random 0.00-0.01; the README's 3M-step
// example reaches 0.97 and 0.80).
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include "common/assets.hpp"
#include "extend/extend.hpp"
#include "tests/extend/three_link_arm.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

TEST_CASE(
    "a new arm trained on reach alone transfers to reach_color and push through the frozen task "
    "modules") {
  testing::TempDir dir;
  const auto suite = suite::LoadSuite(AssetDir() + "/suites/arms.json");
  extend::ExtendOptions options;
  options.urdf = dir.Write("tri.urdf", testing::ThreeLinkArm());
  options.out_dir = dir.path() + "/ext";
  options.steps = 800000;
  options.seed = 3;
  options.evaluation.episodes = 100;
  const auto result = extend::Extend(suite, options);
  CHECK(result.family.rfind("arms-", 0) == 0);
  REQUIRE(result.row.cells.size() == 3);
  for (const auto& cell : result.row.cells) {
    MESSAGE(cell.task << " (" << cell.split << "): " << cell.success_rate << ", random "
                      << cell.random_success_rate);
    if (cell.task == "reach") {
      CHECK(cell.split == "train");
      CHECK(cell.success_rate >= 0.75);
    } else {
      CHECK(cell.split == "heldout");
      CHECK(cell.success_rate >= cell.random_success_rate + 0.35);
    }
  }
}
