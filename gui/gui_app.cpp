#include "gui/gui_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>

#include "common/error.hpp"
#include "gui/gl_api.hpp"
#include "gui/matrix_panel.hpp"
#include "gui/plots_panel.hpp"
#include "gui/run_panel.hpp"
#include "gui/run_stats.hpp"
#include "gui/scene_panel.hpp"
#include "gui/screenshot.hpp"
#include "gui/viewport.hpp"
#include "gui/window.hpp"

namespace mosaic::gui {

namespace {
constexpr int kDefaultScreenshotFrames = 60;
constexpr double kTargetFrameSeconds = 1.0 / 60.0;  // frames are paced to 60 Hz
constexpr int kWarmupFrames = 10;  // left out of the reported frame time (shaders, font upload)
constexpr float kMinSidebar = 220.f, kMaxSidebar = 380.f;  // [points]
constexpr float kSidebarFraction = 0.25f;                  // of the window's width

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Layout {
  ScreenRect left, view, right;
};

// Two sidebars of panels around the 3-D view.
Layout ComputeLayout(float width, float height) {
  const float sidebar = std::clamp(kSidebarFraction * width, kMinSidebar, kMaxSidebar);
  Layout layout;
  layout.left = {0, 0, sidebar, height};
  layout.right = {std::max(sidebar, width - sidebar), 0, sidebar, height};
  layout.view = {sidebar, 0, std::max(0.f, width - 2 * sidebar), height};
  return layout;
}

bool BeginSidebar(const char* name, const ScreenRect& rect) {
  ImGui::SetNextWindowPos(ImVec2(rect.x, rect.y));
  ImGui::SetNextWindowSize(ImVec2(rect.width, rect.height));
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
      ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_NoBringToFrontOnFocus |
      ImGuiWindowFlags_NoBackground;  // the frame is cleared to kPanelBackground
  return ImGui::Begin(name, nullptr, kFlags);
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

class App {
 public:
  App(GuiWindow& window, SceneRequest request, std::unique_ptr<Scene> scene,
      std::string scene_error, MatrixPanelState matrix)
      : window_(window),
        viewport_(renderer_),
        request_(std::move(request)),
        matrix_panel_(std::move(matrix)) {
    scene_panel_.ShowRequest(request_);
    scene_panel_.error = std::move(scene_error);
    run_panel_.seed = request_.run.seed;
    int width = 0, height = 0;
    window_.WindowSize(width, height);
    layout_ =
        ComputeLayout(static_cast<float>(width), static_cast<float>(height));  // frames the camera
    if (scene) Install(std::move(scene));
  }

  // One frame; writes `screenshot` (when not empty) from the finished frame before showing it.
  void Frame(const std::string& screenshot) {
    const double start = Now();
    if (pending_) {
      Load(*pending_);
      pending_.reset();
    }
    window_.BeginFrame();
    const ImGuiIO& io = ImGui::GetIO();
    layout_ = ComputeLayout(io.DisplaySize.x, io.DisplaySize.y);
    const SimSnapshot* snapshot = nullptr;
    if (scene_) {
      scene_->runner().CopySnapshot(snapshot_);
      snapshot = &snapshot_;
    }
    LeftSidebar(snapshot);
    RightSidebar(snapshot);
    viewport_.HandleInput(layout_.view);
    viewport_.DrawOverlay(layout_.view, frames_, snapshot, Title());

    int width = 0, height = 0;
    window_.FramebufferSize(width, height);
    glViewport(0, 0, width, height);
    glClearColor(kPanelBackground[0], kPanelBackground[1], kPanelBackground[2], 1.f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    viewport_.Draw(
        layout_.view,
        ToPixels(layout_.view, io.DisplayFramebufferScale.x, io.DisplayFramebufferScale.y, height),
        snapshot);
    window_.RenderImGui();
    if (!screenshot.empty()) WritePng(screenshot, width, height, ReadFramebuffer(width, height));
    window_.Swap();
    frames_.Add(Now() - start);
    // Pace to 60 Hz: more frames would show nothing new and take the CPU from the simulation
    // (and, under Mesa's software renderer, from the rendering threads). Deadlines advance by a
    // fixed period, so oversleeping one frame is made up on the next; a frame that ran late
    // starts the schedule afresh instead of rushing the following ones.
    next_frame_ = std::max(next_frame_ + kTargetFrameSeconds, Now() - kTargetFrameSeconds);
    const double left = next_frame_ - Now();
    if (left > 0) std::this_thread::sleep_for(std::chrono::duration<double>(left));
  }

  const FrameTimer& frames() const { return frames_; }
  const SimSnapshot* snapshot() const { return scene_ ? &snapshot_ : nullptr; }

 private:
  void Install(std::unique_ptr<Scene> scene) {
    viewport_.SetRobot(&scene->model(), layout_.view.width > 0 ? layout_.view.aspect() : 1.f);
    scene_ = std::move(scene);  // the old scene (and its sim thread) goes only now
    scene_panel_.ShowRequest(request_);
    matrix_panel_.matrix.Select(request_.robot, request_.task);
  }

  // Loads a scene; on failure the current one stays and the scene panel shows why.
  void Load(SceneRequest request) {
    if (scene_) {  // carry the run's settings over to the new scene
      request.run.seed = run_panel_.seed;
      request.run.policy = scene_->runner().policies()[snapshot_.policy_index].name;
      request.run.speed_index = snapshot_.speed_index;
      request.run.playing = snapshot_.playing;
    }
    try {
      auto scene = Scene::Load(request);
      request_ = request;
      scene_panel_.error.clear();
      Install(std::move(scene));
    } catch (const Error& e) {
      scene_panel_.error = e.what();
    }
  }

  std::string Title() const {
    if (!scene_) return "no scene loaded";
    return scene_->model().name + " on " + request_.task + ", policy " +
           scene_->runner().policies()[snapshot_.policy_index].name;
  }

  void LeftSidebar(const SimSnapshot* snapshot) {
    if (BeginSidebar("##left", layout_.left)) {
      ImGui::TextUnformatted("mosaic");
      ImGui::SameLine();
      ImGui::TextDisabled("modular robot-task policies");
      if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (auto request = DrawScenePanel(scene_panel_, scene_.get(), request_))
          pending_ = std::move(request);
      }
      if (ImGui::CollapsingHeader("Compose", ImGuiTreeNodeFlags_DefaultOpen)) DrawComposePanel();
      if (ImGui::CollapsingHeader("Run", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (snapshot != nullptr) {
          DrawRunPanel(scene_->runner(), *snapshot, run_panel_);
        } else {
          ImGui::TextDisabled("Load a robot and a task to run.");
        }
      }
    }
    ImGui::End();
  }

  void RightSidebar(const SimSnapshot* snapshot) {
    if (BeginSidebar("##right", layout_.right)) {
      if (ImGui::CollapsingHeader("Plots", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (snapshot != nullptr) DrawPlotsPanel(*snapshot);
      }
      if (ImGui::CollapsingHeader("Zero-shot matrix", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (auto cell = DrawMatrixPanel(matrix_panel_)) {
          SceneRequest request = request_;
          request.robot = cell->first;
          request.task = cell->second;  // package paths stay: a matrix may name URDF files
          pending_ = std::move(request);
        }
      }
    }
    ImGui::End();
  }

  GuiWindow& window_;
  Renderer renderer_;
  Viewport viewport_;
  Layout layout_;
  SceneRequest request_;  // the scene shown (or asked for, if it failed to load)
  std::unique_ptr<Scene> scene_;
  std::optional<SceneRequest> pending_;  // asked for by a panel; loaded at the next frame's start
  ScenePanelState scene_panel_;
  RunPanelState run_panel_;
  MatrixPanelState matrix_panel_;
  SimSnapshot snapshot_;
  FrameTimer frames_;
  double next_frame_ = 0;  // when the next frame is due [s, steady clock]
};

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

  SceneRequest request;
  request.robot = options.urdf.empty() ? options.robot : options.urdf;
  request.package_paths = options.package_paths;
  request.task = options.task;
  request.run.seed = options.seed;
  request.run.policy = options.policy;
  request.run.speed_index = ParseSpeed(options.speed);
  // Headless, bad input is an error for the caller; in the window, it is shown there.
  std::unique_ptr<Scene> scene;
  std::string scene_error;
  try {
    scene = Scene::Load(request);
    scene_error = PolicyProblem(*scene, options.policy);
    if (!scene_error.empty()) throw Error(scene_error);
  } catch (const Error& e) {
    if (headless) throw;
    scene_error = e.what();
  }
  MatrixPanelState matrix;
  matrix.path = options.matrix;
  if (!options.matrix.empty() && !matrix.matrix.Load(options.matrix) && headless)
    throw Error(matrix.matrix.error());

  GuiWindow window(width, height, /*vsync=*/!headless);
  App app(window, request, std::move(scene), scene_error, std::move(matrix));
  const double start = Now();
  int rendered = 0;
  for (; !window.ShouldClose() && (frames == 0 || rendered < frames); ++rendered) {
    const bool last = frames > 0 && rendered == frames - 1;
    app.Frame(last ? options.screenshot : std::string());
  }
  const double shown_fps = rendered / std::max(1e-9, Now() - start);
  if (headless) {
    int framebuffer_width = 0, framebuffer_height = 0;
    window.FramebufferSize(framebuffer_width, framebuffer_height);
    PrintFrameReport(app.frames(), shown_fps, framebuffer_width, framebuffer_height,
                     app.snapshot());
    if (!options.screenshot.empty())
      std::printf("mosaic gui: wrote %s\n", options.screenshot.c_str());
  }
}

}  // namespace mosaic::gui
