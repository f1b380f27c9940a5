// The zero-shot matrix computed in the background: the result is what `mosaic zeroshot --json`
// gives, progress is reported, and a job can be cancelled or fail without taking the window down.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "composer/zeroshot.hpp"
#include "gui/zeroshot_job.hpp"
#include "suite/suite.hpp"
#include "tests/gui/gui_test_support.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;
using namespace mosaic::gui_testing;

namespace {

// Waits for the job's result; the time limit only guards against a hang.
ZeroShotResult WaitForResult(ZeroShotJob& job) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  for (;;) {
    if (auto result = job.TakeResult()) return std::move(*result);
    if (std::chrono::steady_clock::now() > give_up) {
      FAIL("the zero-shot job did not finish within 120 s");
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// A 2 x 2 suite (arm3 trained on reach and push, arm4 on reach; arm4/push held out) and modules
// of one family for it.
struct SmallSuite {
  mosaic::testing::TempDir dir;
  suite::Suite suite;
  std::string modules;
  SmallSuite() {
    suite = suite::LoadSuite(WriteSuite(dir.path(), "small", {"arm3", "arm4"}, {"reach", "push"}));
    modules = dir.path() + "/modules";
    for (const char* robot : {"arm3", "arm4"}) WriteRobotModule(modules, robot, "fam");
    for (const char* task : {"reach", "push"}) WriteTaskModule(modules, task, "fam");
  }
};

}  // namespace

TEST_CASE("the matrix computed in the background is the one `mosaic zeroshot` computes") {
  const SmallSuite small;
  ZeroShotJob job;
  CHECK(!job.TakeResult());
  REQUIRE(job.Start(small.suite, {small.modules}, 2));
  const ZeroShotResult result = WaitForResult(job);
  REQUIRE(result.error.empty());
  REQUIRE(result.matrix);
  const ZeroShotMatrix& matrix = *result.matrix;
  CHECK(matrix.suite() == "small");
  CHECK(matrix.family() == "fam");
  CHECK(matrix.robots() == std::vector<std::string>{"arm3", "arm4"});
  CHECK(matrix.tasks() == std::vector<std::string>{"reach", "push"});
  REQUIRE(matrix.Find(1, 1) != nullptr);
  CHECK(!matrix.Find(1, 1)->training);  // arm4/push held out
  CHECK(matrix.Find(0, 1)->training);
  CHECK(*matrix.Find(0, 0)->episodes == 2);

  composer::ZeroShotOptions options;
  options.modules_dirs = {small.modules};
  options.episodes = 2;
  options.threads = 1;
  CHECK(result.json == composer::FormatJson(composer::RunZeroShot(small.suite, options)));
  // 4 cells and the held-out cell's 2 baselines.
  const ZeroShotProgress progress = job.progress();
  CHECK(!progress.running);
  CHECK(progress.done == 6);
  CHECK(progress.total == 6);
  CHECK(!job.TakeResult());  // taken once
}

TEST_CASE("a zero-shot job can be cancelled, and a failing one reports why") {
  const SmallSuite small;
  ZeroShotJob job;
  REQUIRE(job.Start(small.suite, {small.modules}, 2));
  job.Cancel();
  const ZeroShotResult cancelled = WaitForResult(job);
  CHECK(cancelled.error == "cancelled");
  CHECK(!cancelled.matrix);

  // A folder without modules: the runner's own message.
  const mosaic::testing::TempDir empty;
  REQUIRE(job.Start(small.suite, {empty.path()}, 2));
  const ZeroShotResult failed = WaitForResult(job);
  CHECK(failed.error.find(empty.path() + ": no modules") == 0);
  CHECK(!job.progress().running);
}
