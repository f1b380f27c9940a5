#include "gui/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/error.hpp"
#include "gui/gl_api.hpp"
#include "gui/plots_panel.hpp"
#include "gui/screenshot.hpp"

namespace mosaic::gui {

namespace {
constexpr double kTargetFrameSeconds = 1.0 / 60.0;         // frames are paced to 60 Hz
constexpr float kMinSidebar = 220.f, kMaxSidebar = 380.f;  // [points]
constexpr float kSidebarFraction = 0.25f;                  // of the window's width

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
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
}  // namespace

App::App(GuiWindow& window, AppStart start)
    : window_(window),
      viewport_(renderer_),
      suite_(std::move(start.suite)),
      compose_(std::move(start.compose)),
      request_(std::move(start.request)) {
  scene_panel_.choices = std::move(start.choices);
  scene_panel_.ShowRequest(request_);
  scene_panel_.error = std::move(start.scene_error);
  matrix_panel_.matrix = std::move(start.matrix);
  matrix_panel_.path = std::move(start.matrix_path);
  run_panel_.seed = request_.run.seed;
  int width = 0, height = 0;
  window_.WindowSize(width, height);
  layout_ = ComputeLayout(static_cast<float>(width), static_cast<float>(height));  // for the camera
  if (start.scene) Install(std::move(start.scene));
  if (start.compute_matrix > 0) {
    matrix_panel_.episodes = start.compute_matrix;
    StartComputing(matrix_panel_, Sources());
  }
}

void App::Frame(const std::string& screenshot) {
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

App::Layout App::ComputeLayout(float width, float height) {
  const float sidebar = std::clamp(kSidebarFraction * width, kMinSidebar, kMaxSidebar);
  Layout layout;
  layout.left = {0, 0, sidebar, height};
  layout.right = {std::max(sidebar, width - sidebar), 0, sidebar, height};
  layout.view = {sidebar, 0, std::max(0.f, width - 2 * sidebar), height};
  return layout;
}

void App::Install(std::unique_ptr<Scene> scene) {
  viewport_.SetRobot(&scene->model(), layout_.view.width > 0 ? layout_.view.aspect() : 1.f);
  scene_ = std::move(scene);  // the old scene (and its sim thread) goes only now
  scene_panel_.ShowRequest(request_);
  SelectSceneCell();
}

void App::SelectSceneCell() {
  if (!scene_) return;
  // Matrix rows name robots as --robot does, or by the suite's (= the model's) name.
  if (!matrix_panel_.matrix.Select(request_.robot, request_.task))
    matrix_panel_.matrix.Select(scene_->model().name, request_.task);
}

void App::Load(const SceneLoad& pending) {
  SceneRequest request = pending.request;
  if (scene_) {  // carry the run's settings over to the new scene
    request.run.seed = run_panel_.seed;
    request.run.policy = scene_->runner().policies()[snapshot_.policy_index].name;
    request.run.speed_index = snapshot_.speed_index;
    request.run.playing = snapshot_.playing;
  }
  if (!pending.policy.empty()) request.run.policy = pending.policy;
  try {
    auto scene = Scene::Load(request, compose_->PolicySource(pending.auto_pick, pending.family));
    request_ = request;
    scene_panel_.error.clear();
    Install(std::move(scene));
  } catch (const Error& e) {
    scene_panel_.error = e.what();
  }
  compose_->UpdateVerdict(scene_ ? &scene_->model() : nullptr, scene_ ? request_.task : "");
}

std::string App::Title() const {
  if (!scene_) return "no scene loaded";
  return scene_->model().name + " on " + request_.task + ", policy " +
         scene_->runner().policies()[snapshot_.policy_index].name;
}

MatrixSources App::Sources() const {
  return {suite_ ? &*suite_ : nullptr, compose_->scanned_folders()};
}

void App::LeftSidebar(const SimSnapshot* snapshot) {
  if (BeginSidebar("##left", layout_.left)) {
    ImGui::TextUnformatted("mosaic");
    ImGui::SameLine();
    ImGui::TextDisabled("modular robot-task policies");
    if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) {
      if (auto request = DrawScenePanel(scene_panel_, scene_.get(), request_))
        pending_ = SceneLoad{std::move(*request), true, "", ""};
    }
    if (ImGui::CollapsingHeader("Compose", ImGuiTreeNodeFlags_DefaultOpen)) {
      if (DrawComposePanel(*compose_, scene_.get())) {
        pending_ =
            CompositionLoad(scene_panel_.choices, request_, scene_ ? scene_->model().name : "",
                            compose_->robot_pick()->spec.name, compose_->task_pick()->spec.name);
      }
    }
    if (ImGui::CollapsingHeader("Run", ImGuiTreeNodeFlags_DefaultOpen)) {
      if (snapshot != nullptr) {
        DrawRunPanel(scene_->runner(), *snapshot, run_panel_);
      } else {
        ImGui::TextDisabled("Load a robot and a task to run.");
      }
    }
    // Last: it is the longest, and the sidebar scrolls.
    if (ImGui::CollapsingHeader("Module library", ImGuiTreeNodeFlags_DefaultOpen))
      DrawModuleLibrary(compose_panel_, *compose_, scene_.get());
  }
  ImGui::End();
}

void App::RightSidebar(const SimSnapshot* snapshot) {
  if (BeginSidebar("##right", layout_.right)) {
    if (ImGui::CollapsingHeader("Plots", ImGuiTreeNodeFlags_DefaultOpen)) {
      if (snapshot != nullptr) DrawPlotsPanel(*snapshot);
    }
    if (ImGui::CollapsingHeader("Zero-shot matrix", ImGuiTreeNodeFlags_DefaultOpen)) {
      if (auto cell = DrawMatrixPanel(matrix_panel_, Sources())) {
        const auto& matrix = matrix_panel_.matrix.matrix();
        pending_ = CellLoad(scene_panel_.choices, request_, cell->first, cell->second,
                            matrix ? matrix->family() : "");
      }
      // A matrix just opened or computed shows the scene's cell.
      if (matrix_panel_.matrix.selected_row() < 0) SelectSceneCell();
    }
  }
  ImGui::End();
}

}  // namespace mosaic::gui
