// App: the window's state and the body of a frame — the scene (robot, task, sim thread), the
// panels in two sidebars around the 3-D view, and what the panels ask for (a scene to load, a
// composition to run, a matrix cell to show). gui_app.cpp builds it from the command line and
// runs the frames.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "gui/compose_panel.hpp"
#include "gui/compose_state.hpp"
#include "gui/matrix_panel.hpp"
#include "gui/run_panel.hpp"
#include "gui/run_stats.hpp"
#include "gui/scene.hpp"
#include "gui/scene_choices.hpp"
#include "gui/scene_panel.hpp"
#include "gui/viewport.hpp"
#include "gui/window.hpp"
#include "suite/suite.hpp"

namespace mosaic::gui {

// What the window starts with (gui_app.cpp prepares it before the window opens, so that headless
// runs can fail on bad input first).
struct AppStart {
  SceneChoices choices = SceneChoices::Shipped();  // the scene pickers' robots and tasks
  std::optional<suite::Suite> suite;               // --suite: its matrix can be computed here
  std::unique_ptr<ComposeState> compose;           // the module library, scanned, and the picks
  SceneRequest request;                            // the scene asked for
  std::unique_ptr<Scene> scene;                    // loaded from `request`; null if that failed
  std::string scene_error;                         // why it failed (or why the suite did)
  MatrixState matrix;                              // --matrix, loaded (or its error)
  std::string matrix_path;
  int compute_matrix = 0;  // > 0: compute the suite's matrix at once, this many episodes a cell
};

class App {
 public:
  App(GuiWindow& window, AppStart start);

  // One frame; writes `screenshot` (when not empty) from the finished frame before showing it.
  void Frame(const std::string& screenshot);

  const FrameTimer& frames() const { return frames_; }
  const SimSnapshot* snapshot() const { return scene_ ? &snapshot_ : nullptr; }
  const Scene* scene() const { return scene_.get(); }
  const ComposeState& compose() const { return *compose_; }
  const MatrixPanelState& matrix_panel() const { return matrix_panel_; }
  // A zero-shot matrix is being computed (or its result waits for the next frame).
  bool busy() const { return matrix_panel_.job.busy(); }

 private:
  struct Layout {
    ScreenRect left, view, right;
  };
  // Two sidebars of panels around the 3-D view.
  static Layout ComputeLayout(float width, float height);

  void Install(std::unique_ptr<Scene> scene);
  // Outlines the scene's robot and task in the matrix, when it has them.
  void SelectSceneCell();
  // Loads a scene; on failure the current one stays and the scene panel shows why.
  void Load(const SceneLoad& load);
  std::string Title() const;
  MatrixSources Sources() const;
  void LeftSidebar(const SimSnapshot* snapshot);
  void RightSidebar(const SimSnapshot* snapshot);

  GuiWindow& window_;
  Renderer renderer_;
  Viewport viewport_;
  Layout layout_;
  std::optional<suite::Suite> suite_;
  std::unique_ptr<ComposeState> compose_;
  SceneRequest request_;  // the scene shown (or asked for, if it failed to load)
  std::unique_ptr<Scene> scene_;
  std::optional<SceneLoad> pending_;  // asked for by a panel; loaded at the next frame's start
  ScenePanelState scene_panel_;
  ComposePanelState compose_panel_;
  RunPanelState run_panel_;
  MatrixPanelState matrix_panel_;
  SimSnapshot snapshot_;
  FrameTimer frames_;
  double next_frame_ = 0;  // when the next frame is due [s, steady clock]
};

}  // namespace mosaic::gui
