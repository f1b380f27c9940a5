// Scene panel: pick the robot (one of the choices — a suite's robots, or the shipped ones — or
// any URDF file with its package folders) and the task, then Load; shows the robot's facts and
// the last load error.
#pragma once

#include <optional>
#include <string>

#include "gui/scene.hpp"
#include "gui/scene_choices.hpp"

namespace mosaic::gui {

struct ScenePanelState {
  SceneChoices choices = SceneChoices::Shipped();
  int robot_choice = 0;       // into choices.robots(); one past the end: a URDF file
  std::string urdf_path;      // when a URDF file is chosen
  std::string package_paths;  // colon-separated folders for package:// URIs
  int task_choice = 0;        // into choices.tasks()
  std::string error;          // why the last load failed; empty when it did not

  // Points the pickers at `request` (after a load from the command line or the matrix).
  void ShowRequest(const SceneRequest& request);
  // The request the pickers describe, with everything else taken from `base`.
  SceneRequest Request(const SceneRequest& base) const;
};

// Returns a request when the user asks to load a scene: the pickers' robot and task, the rest
// (seed, policy, speed) from `base`. `scene` may be null (nothing loaded).
std::optional<SceneRequest> DrawScenePanel(ScenePanelState& state, const Scene* scene,
                                           const SceneRequest& base);

}  // namespace mosaic::gui
