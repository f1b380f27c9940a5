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

#include "tests/test_support.hpp"

using namespace mosaic::testing;

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
    MESSAGE(
        "skipped: xvfb-run is not installed (Debian package xvfb), so no headless display can be "
        "started");
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
    MESSAGE(
        "skipped: xvfb-run is not installed (Debian package xvfb), so no headless display can be "
        "started");
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
