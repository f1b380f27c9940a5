// `mosaic gui` run as a user runs it: bad input exits with a clear message, and under Xvfb the
// screenshot shows the robot.
#include <doctest/doctest.h>
#include <stb/stb_image.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "tests/gui/gui_test_support.hpp"
#include "tests/test_support.hpp"

using namespace mosaic::testing;
using mosaic::gui_testing::WriteRobotModule;
using mosaic::gui_testing::WriteSuite;
using mosaic::gui_testing::WriteTaskModule;

namespace {

bool HaveXvfbRun() {
  return std::system("command -v xvfb-run >/dev/null 2>&1") == 0;
}

// Runs `mosaic <arguments>` under a fresh Xvfb screen; like RunMosaic, with the xvfb-run prefix.
// xvfb-run -a takes the first free display from -n on; starting the search at a number of this
// process's own keeps two tests that ctest runs in parallel from racing for the same display.
CommandResult RunUnderXvfb(const std::string& arguments) {
  const std::string first_display = std::to_string(100 + ::getpid() % 5000);
  return RunCommand("xvfb-run -a -n " + first_display + " -s '-screen 0 1280x720x24' '" +
                    std::string(MOSAIC_BINARY) + "' " + arguments);
}

struct Image {
  int width = 0, height = 0;
  std::unique_ptr<unsigned char, void (*)(void*)> pixels{nullptr, stbi_image_free};  // RGB rows
  const unsigned char* At(int x, int y) const {
    return pixels.get() + 3 * (static_cast<size_t>(y) * width + x);
  }
};

Image LoadPng(const std::string& path) {
  Image image;
  int channels = 0;
  image.pixels.reset(stbi_load(path.c_str(), &image.width, &image.height, &channels, 3));
  return image;
}

// Variance of the grey level over the whole image: a blank (one-colour) frame has 0.
double GreyVariance(const Image& image) {
  double sum = 0, sum2 = 0;
  const double n = static_cast<double>(image.width) * image.height;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const unsigned char* p = image.At(x, y);
      const double grey = (p[0] + p[1] + p[2]) / 3.0;
      sum += grey;
      sum2 += grey * grey;
    }
  }
  return sum2 / n - (sum / n) * (sum / n);
}

// Pixels in columns [x0, x1) whose hue matches `rgb` (a URDF colour): lighting scales a colour's
// channels together, so the ratios g/r and b/r survive it.
int CountColor(const Image& image, int x0, int x1, std::array<float, 3> rgb) {
  int count = 0;
  for (int y = 0; y < image.height; ++y) {
    for (int x = x0; x < x1; ++x) {
      const unsigned char* p = image.At(x, y);
      if (p[0] < 60) continue;  // too dark to judge a hue
      const float g = static_cast<float>(p[1]) / p[0], b = static_cast<float>(p[2]) / p[0];
      if (std::fabs(g - rgb[1] / rgb[0]) < 0.08f && std::fabs(b - rgb[2] / rgb[0]) < 0.08f) ++count;
    }
  }
  return count;
}

constexpr const char* kNoXvfb =
    "skipped: xvfb-run is not installed (Debian package xvfb), so no headless display can be "
    "started";

// A suite of arm3 and arm4 on reach and push (arm4 trained on both, arm3 on reach; arm3/push held
// out), named so that no modules are shipped for it; and a folder of modules of one family for
// all of it.
struct SuiteWithModules {
  TempDir dir;
  std::string suite, modules;
  SuiteWithModules() {
    suite = WriteSuite(dir.path(), "gui-cli-test", {"arm4", "arm3"}, {"reach", "push"});
    modules = dir.path() + "/modules";
    for (const char* robot : {"arm4", "arm3"}) WriteRobotModule(modules, robot, "fam-cli");
    for (const char* task : {"reach", "push"}) WriteTaskModule(modules, task, "fam-cli");
  }
};

}  // namespace

TEST_CASE("gui: bad input exits non-zero with a clear message, never a crash") {
  const TempDir dir;
  const std::string shot = " --screenshot '" + dir.path() + "/x.png' --frames 2";
  const auto urdf = RunMosaic("gui --urdf '" + dir.path() + "/missing.urdf'" + shot);
  CHECK(urdf.exit_code == 1);
  CHECK(!urdf.signaled);
  CHECK(urdf.output.find("mosaic: error: " + dir.path() + "/missing.urdf: cannot open file") !=
        std::string::npos);

  const std::string bad_matrix = dir.Write("bad.json", "{\"cells\": [{\"robot\": \"arm3\"}]}");
  const auto matrix = RunMosaic("gui --matrix '" + bad_matrix + "'" + shot);
  CHECK(matrix.exit_code == 1);
  CHECK(matrix.output.find(bad_matrix +
                           ": cells[0]: missing \"task\" (expected a non-empty string)") !=
        std::string::npos);

  const auto task = RunMosaic("gui --task fly" + shot);
  CHECK(task.exit_code == 1);
  CHECK(task.output.find("unknown task 'fly'") != std::string::npos);

  const auto policy = RunMosaic("gui --task push --policy scripted" + shot);
  CHECK(policy.exit_code == 1);
  CHECK(policy.output.find("--policy scripted: the scripted policy handles reach-type tasks") !=
        std::string::npos);

  const auto size = RunMosaic("gui --size 640by360" + shot);
  CHECK(size.exit_code == 1);
  CHECK(size.output.find("--size '640by360' is not a window size (expected WIDTHxHEIGHT") !=
        std::string::npos);

  const auto speed = RunMosaic("gui --speed 3x" + shot);
  CHECK(speed.exit_code == 1);
  CHECK(
      speed.output.find("--speed '3x' is unknown (expected 0.25x, 0.5x, 1x, 2x, 4x, 8x or max)") !=
      std::string::npos);

  const auto compute = RunMosaic("gui --compute-matrix 5" + shot);
  CHECK(compute.exit_code != 0);
  CHECK(compute.output.find("--compute-matrix requires --suite") != std::string::npos);

  const auto both = RunMosaic("gui --robot arm3 --urdf x.urdf" + shot);
  CHECK(both.exit_code != 0);
  CHECK(both.output.find("excludes") != std::string::npos);
}

TEST_CASE("gui: without a display it says how to run headless") {
  // Hide the display from the child (and restore it for the tests after this one).
  std::vector<std::pair<std::string, std::string>> saved;
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"}) {
    if (const char* value = std::getenv(name)) saved.emplace_back(name, value);
    ::unsetenv(name);
  }
  const TempDir dir;
  const auto result = RunMosaic("gui --screenshot '" + dir.path() + "/x.png' --frames 1");
  for (const auto& [name, value] : saved) ::setenv(name.c_str(), value.c_str(), 1);
  CHECK(result.exit_code == 1);
  CHECK(!result.signaled);
  CHECK(result.output.find("mosaic: error: cannot open a window") != std::string::npos);
  CHECK(result.output.find("xvfb-run") != std::string::npos);
}

TEST_CASE("gui: a screenshot under Xvfb shows arm3 on push") {
  if (!HaveXvfbRun()) {
    MESSAGE(kNoXvfb);
    return;
  }
  const TempDir dir;
  const std::string png = dir.path() + "/arm3_push.png";
  const auto result = RunUnderXvfb("gui --robot arm3 --task push --screenshot '" + png +
                                   "' --frames 30 --size 640x360");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("frame time mean") != std::string::npos);
  const Image image = LoadPng(png);
  REQUIRE(image.pixels != nullptr);
  CHECK(image.width == 640);
  CHECK(image.height == 360);
  CHECK(GreyVariance(image) > 100.0);
  // arm3's links are rgba 0.95 0.55 0.1; at 640 wide the 3-D view is the middle, between two
  // 220-pixel panels. The orange is there and nowhere else.
  constexpr std::array<float, 3> kArm3Orange = {0.95f, 0.55f, 0.1f};
  const int in_view = CountColor(image, 220, 420, kArm3Orange);
  CHECK(in_view > 150);
  CHECK(CountColor(image, 0, 220, kArm3Orange) + CountColor(image, 420, 640, kArm3Orange) < 10);
  // The block (0.85 0.2 0.2) and the goal disc (green) are drawn too.
  CHECK(CountColor(image, 220, 420, {0.85f, 0.2f, 0.2f}) > 20);
}

TEST_CASE("gui: a URDF with package:// meshes renders (xArm from the urdf-zoo)") {
  if (!HaveXvfbRun()) {
    MESSAGE(kNoXvfb);
    return;
  }
  const TempDir dir;
  const std::string png = dir.path() + "/xarm.png";
  const auto result = RunUnderXvfb("gui --urdf '" + DataPath("urdf-zoo/xarm/xarm6_robot.urdf") +
                                   "' --package-path '" + DataPath("urdf-zoo/xarm") +
                                   "' --task reach --policy zero --screenshot '" + png +
                                   "' --frames 3 --size 640x360");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  const Image image = LoadPng(png);
  REQUIRE(image.pixels != nullptr);
  // The xArm's links are yellow (0.95 0.76 0.05) and red (0.85 0.19 0.21).
  CHECK(CountColor(image, 220, 420, {0.95f, 0.76f, 0.05f}) > 100);
  CHECK(CountColor(image, 220, 420, {0.85f, 0.19f, 0.21f}) > 100);
}

TEST_CASE(
    "gui: suites and modules given on the command line are checked, and composed runs say why "
    "not") {
  const SuiteWithModules given;
  const std::string shot = " --screenshot '" + given.dir.path() + "/x.png' --frames 2";
  const auto suite = RunMosaic("gui --suite '" + given.dir.path() + "/none.json'" + shot);
  CHECK(suite.exit_code == 1);
  CHECK(suite.output.find("mosaic: error: " + given.dir.path() + "/none.json") !=
        std::string::npos);

  const auto folder = RunMosaic("gui --suite '" + given.suite + "' --modules '" + given.dir.path() +
                                "/nowhere'" + shot);
  CHECK(folder.exit_code == 1);
  CHECK(folder.output.find("--modules '" + given.dir.path() + "/nowhere': no such folder") !=
        std::string::npos);

  // No modules (none shipped for this suite): the composed policy cannot run, and says why.
  const auto none =
      RunMosaic("gui --suite '" + given.suite + "' --task push --policy composed" + shot);
  CHECK(none.exit_code == 1);
  CHECK(none.output.find("--policy composed: no robot module for robot 'arm3' in the library; no "
                         "task module for task 'push' in the library") != std::string::npos);

  // Modules that do not fit: the composer's own message.
  const TempDir mismatched;
  WriteRobotModule(mismatched.path(), "arm3", "fam-x", 8);
  WriteTaskModule(mismatched.path(), "push", "fam-x", 6);
  const auto wrong = RunMosaic("gui --suite '" + given.suite + "' --modules '" + mismatched.path() +
                               "' --robot arm3 --task push --policy composed" + shot);
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.output.find("--policy composed: cannot compose robot module " + mismatched.path() +
                          "/robot_arm3_fam-x_8.safetensors") != std::string::npos);
  CHECK(wrong.output.find("interface sizes differ: task module writes z of size 6, robot module "
                          "reads 8") != std::string::npos);
}

TEST_CASE("gui: a screenshot under Xvfb of a held-out pair runs the composed policy and draws z") {
  if (!HaveXvfbRun()) {
    MESSAGE(kNoXvfb);
    return;
  }
  const SuiteWithModules given;
  auto run = [&](const std::string& name, const std::string& extra) {
    const std::string png = given.dir.path() + "/" + name + ".png";
    const auto result =
        RunUnderXvfb("gui --suite '" + given.suite + "' --modules '" + given.modules +
                     "' --robot arm3 --task push --screenshot '" + png + "' --frames 30" + extra);
    INFO(result.output);
    REQUIRE(result.exit_code == 0);
    return std::make_pair(result.output, LoadPng(png));
  };
  const auto [output, image] = run("composed", "");
  CHECK(output.find("mosaic gui: arm3 on push, policy composed") != std::string::npos);
  CHECK(output.find("mosaic gui: composition fits (robot module " + given.modules +
                    "/robot_arm3_fam-cli_8.safetensors + task module " + given.modules +
                    "/task_push_fam-cli_8.safetensors)") != std::string::npos);
  REQUIRE(image.pixels != nullptr);
  CHECK(image.width == 1280);
  CHECK(image.height == 720);
  CHECK(GreyVariance(image) > 100.0);
  // At 1280 wide the sidebars are 320 pixels: arm3's orange and the block in the view between.
  CHECK(CountColor(image, 320, 960, {0.95f, 0.55f, 0.1f}) > 300);
  CHECK(CountColor(image, 320, 960, {0.85f, 0.2f, 0.2f}) > 40);

  // The z bars (blue up, orange down) in the right sidebar: many more pixels of their colours
  // than with the random policy, which has no z.
  auto bars = [](const Image& shot) {
    return CountColor(shot, 960, 1280, {90.f, 170.f, 255.f}) +
           CountColor(shot, 960, 1280, {240.f, 150.f, 60.f});
  };
  const auto [random_output, random_image] = run("random", " --policy random");
  CHECK(random_output.find("policy random") != std::string::npos);
  REQUIRE(random_image.pixels != nullptr);
  CHECK(bars(image) > bars(random_image) + 300);
}

TEST_CASE("gui: --compute-matrix computes the suite's matrix in the background, before the shot") {
  if (!HaveXvfbRun()) {
    MESSAGE(kNoXvfb);
    return;
  }
  const SuiteWithModules given;
  const std::string png = given.dir.path() + "/matrix.png";
  const auto result = RunUnderXvfb("gui --suite '" + given.suite + "' --modules '" + given.modules +
                                   "' --compute-matrix 2 --screenshot '" + png + "' --frames 2");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("mosaic gui: zero-shot matrix of suite gui-cli-test, family fam-cli: 4 "
                           "cells") != std::string::npos);
  const Image image = LoadPng(png);
  REQUIRE(image.pixels != nullptr);
  // Untrained modules fail: the heatmap's red (success 0) fills cells in the right sidebar.
  CHECK(CountColor(image, 960, 1280, {0.62f, 0.16f, 0.15f}) > 1000);
}

TEST_CASE("gui: with a suite and no modules, the screenshot runs another policy and says why") {
  if (!HaveXvfbRun()) {
    MESSAGE(kNoXvfb);
    return;
  }
  const SuiteWithModules given;  // its modules folder is not passed
  const std::string png = given.dir.path() + "/none.png";
  const auto result =
      RunUnderXvfb("gui --suite '" + given.suite + "' --robot arm3 --task push --screenshot '" +
                   png + "' --frames 5 --size 640x360");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("mosaic gui: arm3 on push, policy random") != std::string::npos);
  CHECK(result.output.find("mosaic gui: composition incomplete") != std::string::npos);
  CHECK(result.output.find("  - no robot module for robot 'arm3' in the library; no task module "
                           "for task 'push' in the library") != std::string::npos);
  const Image image = LoadPng(png);
  REQUIRE(image.pixels != nullptr);
  CHECK(CountColor(image, 220, 420, {0.95f, 0.55f, 0.1f}) > 150);
}
