#include "gui/gui_app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "common/assets.hpp"
#include "common/error.hpp"
#include "gui/app.hpp"

namespace mosaic::gui {

namespace {
constexpr int kDefaultScreenshotFrames = 60;
constexpr int kWarmupFrames = 10;  // left out of the reported frame time (shaders, font upload)
constexpr const char* kDefaultRobot = "arm3";
constexpr const char* kDefaultTask = "reach";

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Whether `name` names a policy the scene offers and that can drive it; the reason if not.
std::string PolicyProblem(const Scene& scene, const std::string& name) {
  if (name.empty()) return "";
  std::string known;
  for (const auto& entry : scene.runner().policies()) {
    if (entry.name == name)
      return entry.unavailable.empty() ? "" : "--policy " + name + ": " + entry.unavailable;
    known += (known.empty() ? "" : ", ") + entry.name;
  }
  return "--policy '" + name + "' is unknown (expected " + known + ")";
}

// The module library's folders: --modules first, then the suite's modules, or without a suite
// every shipped suite's modules (assets/modules/*).
std::vector<std::string> ModuleFolders(const GuiOptions& options, const suite::Suite* suite) {
  std::vector<std::string> folders = options.module_folders;
  if (suite != nullptr) {
    for (auto& folder : SuiteModuleFolders(*suite)) folders.push_back(std::move(folder));
    return folders;
  }
  namespace fs = std::filesystem;
  std::error_code error;
  std::vector<std::string> shipped;
  for (const auto& item : fs::directory_iterator(fs::path(AssetDir()) / "modules", error)) {
    if (item.is_directory(error)) shipped.push_back(item.path().string());
  }
  std::sort(shipped.begin(), shipped.end());
  folders.insert(folders.end(), shipped.begin(), shipped.end());
  return folders;
}

// Everything the window starts with; in headless use, bad input throws here (see gui_app.hpp).
AppStart Prepare(const GuiOptions& options, bool headless) {
  AppStart start;
  if (!options.suite.empty()) {
    try {
      start.suite = suite::LoadSuite(options.suite);
      start.choices = SceneChoices::FromSuite(*start.suite);
    } catch (const Error& e) {
      if (headless) throw;
      start.scene_error = e.what();
    }
  }
  start.compose = std::make_unique<ComposeState>();
  start.compose->SetFolders(ModuleFolders(options, start.suite ? &*start.suite : nullptr));
  for (const auto& folder : options.module_folders) {
    if (headless && !std::filesystem::is_directory(folder))
      throw Error("--modules '" + folder + "': no such folder (expected a folder of module files)");
  }

  SceneRequest& request = start.request;
  if (!options.urdf.empty()) {
    request.robot = options.urdf;
  } else {
    start.choices.ApplyRobot(
        options.robot.empty() ? start.choices.DefaultRobot(kDefaultRobot) : options.robot, request);
  }
  request.package_paths.insert(request.package_paths.end(), options.package_paths.begin(),
                               options.package_paths.end());
  request.task = options.task.empty() ? start.choices.DefaultTask(kDefaultTask) : options.task;
  request.run.seed = options.seed;
  request.run.policy = options.policy;
  request.run.speed_index = ParseSpeed(options.speed);
  try {
    start.scene = Scene::Load(request, start.compose->PolicySource(/*auto_pick=*/true));
    const std::string problem = PolicyProblem(*start.scene, options.policy);
    if (!problem.empty()) throw Error(problem);
  } catch (const Error& e) {
    if (headless) throw;
    start.scene_error += (start.scene_error.empty() ? "" : "\n") + std::string(e.what());
  }
  start.compose->UpdateVerdict(start.scene ? &start.scene->model() : nullptr, request.task);

  if (options.compute_matrix > 0 && !start.suite && headless)
    throw Error("--compute-matrix needs a suite (--suite S.json): the suite's matrix is computed");
  start.compute_matrix = options.compute_matrix;
  start.matrix_path = options.matrix;
  if (!options.matrix.empty() && !start.matrix.Load(options.matrix) && headless)
    throw Error(start.matrix.error());
  return start;
}

// Frame time is the work of a frame (events, panels, 3-D scene, ImGui, swap), before the sleep
// that paces frames to 60 Hz; `shown_fps` is what the pacing delivered.
void PrintFrameReport(const FrameTimer& frames, double shown_fps, int width, int height,
                      const SimSnapshot* snapshot) {
  const double mean = frames.Mean(kWarmupFrames), p95 = frames.Percentile95(kWarmupFrames);
  std::printf(
      "mosaic gui: %d frames at %dx%d: frame time mean %.2f ms, p95 %.2f ms (without the "
      "first %d); shown at %.1f fps (paced to 60)\n",
      frames.frames(), width, height, 1000.0 * mean, 1000.0 * p95, kWarmupFrames, shown_fps);
  if (snapshot != nullptr) {
    std::printf(
        "mosaic gui: simulation at %.1f control steps/s, %d episodes finished, success "
        "rate %.2f\n",
        snapshot->steps_per_second, snapshot->stats.episodes_finished(),
        snapshot->stats.SuccessRate());
  }
}

// What runs, and what the composer said: for scripts and the tests.
void PrintComposition(const ComposeState& compose, const Scene* scene,
                      const SimSnapshot* snapshot) {
  if (scene != nullptr && snapshot != nullptr) {
    std::printf("mosaic gui: %s on %s, policy %s\n", scene->model().name.c_str(),
                scene->request().task.c_str(),
                scene->runner().policies()[snapshot->policy_index].name.c_str());
  }
  const Verdict& verdict = compose.verdict();
  const char* state = verdict.state == Verdict::State::kFits       ? "fits"
                      : verdict.state == Verdict::State::kMismatch ? "does not fit"
                                                                   : "incomplete";
  std::printf("mosaic gui: composition %s", state);
  if (compose.robot_pick() && compose.task_pick()) {
    std::printf(" (robot module %s + task module %s)", compose.robot_pick()->path.c_str(),
                compose.task_pick()->path.c_str());
  }
  std::printf("\n");
  for (const auto& problem : verdict.problems) std::printf("  - %s\n", problem.c_str());
}

// The matrix shown, or why there is none.
void PrintMatrix(const MatrixPanelState& panel) {
  if (!panel.message.empty())
    std::printf("mosaic gui: zero-shot matrix: %s\n", panel.message.c_str());
  if (const auto& matrix = panel.matrix.matrix()) {
    std::printf("mosaic gui: zero-shot matrix of suite %s, family %s: %zu cells\n",
                matrix->suite().c_str(), matrix->family().c_str(), matrix->cells().size());
  }
}
}  // namespace

std::pair<int, int> ParseWindowSize(const std::string& text) {
  int width = 0, height = 0;
  char tail = 0;
  const bool parsed = std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &tail) == 2;
  if (!parsed || width < 16 || height < 16 || width > 16384 || height > 16384) {
    throw Error("--size '" + text +
                "' is not a window size (expected WIDTHxHEIGHT in pixels, e.g. 1280x720)");
  }
  return {width, height};
}

int ParseSpeed(const std::string& text) {
  std::string choices;
  for (int i = 0; i < static_cast<int>(kSpeedOptions.size()); ++i) {
    const bool fastest = kSpeedOptions[i].factor <= 0;
    if (text == (fastest ? "max" : kSpeedOptions[i].label)) return i;
    choices += choices.empty() ? "" : (fastest ? " or " : ", ");
    choices += fastest ? "max" : kSpeedOptions[i].label;
  }
  throw Error("--speed '" + text + "' is unknown (expected " + choices + ")");
}

void RunGui(const GuiOptions& options) {
  const auto [width, height] = ParseWindowSize(options.size);
  if (options.frames < 0)
    throw Error("--frames must be >= 1, got " + std::to_string(options.frames));
  const bool headless = !options.screenshot.empty() || options.frames > 0;
  const int frames = options.frames > 0
                         ? options.frames
                         : (options.screenshot.empty() ? 0 : kDefaultScreenshotFrames);
  AppStart start = Prepare(options, headless);
  GuiWindow window(width, height, /*vsync=*/!headless);
  App app(window, std::move(start));
  const double begin = Now();
  int rendered = 0;
  // Headless, the last frame (and the screenshot) waits for a matrix being computed.
  for (bool last = false; !last && !window.ShouldClose(); ++rendered) {
    last = frames > 0 && rendered >= frames - 1 && !app.busy();
    app.Frame(last ? options.screenshot : std::string());
  }
  const double shown_fps = rendered / std::max(1e-9, Now() - begin);
  if (headless) {
    int framebuffer_width = 0, framebuffer_height = 0;
    window.FramebufferSize(framebuffer_width, framebuffer_height);
    PrintFrameReport(app.frames(), shown_fps, framebuffer_width, framebuffer_height,
                     app.snapshot());
    PrintComposition(app.compose(), app.scene(), app.snapshot());
    PrintMatrix(app.matrix_panel());
    if (!options.screenshot.empty())
      std::printf("mosaic gui: wrote %s\n", options.screenshot.c_str());
  }
}

}  // namespace mosaic::gui
