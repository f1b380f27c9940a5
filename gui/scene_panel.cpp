#include "gui/scene_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <sstream>

#include "gui/widgets.hpp"

namespace mosaic::gui {

namespace {
constexpr const char* kUrdfFile = "URDF file...";

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string joined;
  for (const auto& path : paths) joined += (joined.empty() ? "" : ":") + path;
  return joined;
}

std::vector<std::string> SplitPaths(const std::string& joined) {
  std::vector<std::string> paths;
  std::stringstream stream(joined);
  for (std::string path; std::getline(stream, path, ':');) {
    if (!path.empty()) paths.push_back(path);
  }
  return paths;
}

void RobotFacts(const robots::RobotModel& model) {
  ImGui::TextDisabled("%s: %d DoF, reach %.2f m, %s, %zu bodies", model.name.c_str(), model.dof(),
                      model.reach, model.planar ? "planar" : "spatial", model.bodies.size());
  if (ImGui::IsItemHovered()) {
    std::string kinds;
    for (const auto& kind : model.GeometryKinds()) kinds += (kinds.empty() ? "" : ", ") + kind;
    ImGui::SetTooltip("%s\ngeometry: %s\nend effector: %s", model.source_path.c_str(),
                      kinds.c_str(), model.ee.link.c_str());
  }
  for (const auto& warning : model.warnings)
    ImGui::TextColored(ImVec4(0.9f, 0.7f, 0.3f, 1), "%s", warning.c_str());
}
}  // namespace

void ScenePanelState::ShowRequest(const SceneRequest& request) {
  const auto& robots = choices.robots();
  const RobotChoice* robot = choices.FindRobot(request.robot);
  // One past the end: a URDF file.
  robot_choice =
      robot != nullptr ? static_cast<int>(robot - robots.data()) : static_cast<int>(robots.size());
  if (robot == nullptr) urdf_path = request.robot;
  package_paths = JoinPaths(request.package_paths);
  const auto& tasks = choices.tasks();
  task_choice =
      static_cast<int>(std::find(tasks.begin(), tasks.end(), request.task) - tasks.begin());
}

SceneRequest ScenePanelState::Request(const SceneRequest& base) const {
  SceneRequest request = base;
  const auto& robots = choices.robots();
  if (robot_choice < static_cast<int>(robots.size())) {
    choices.ApplyRobot(robots[robot_choice].name, request);
  } else {
    choices.ApplyRobot(urdf_path, request);
    request.package_paths = SplitPaths(package_paths);
  }
  // An unknown task (from the command line) keeps its name so the loader can say it is unknown.
  if (task_choice < static_cast<int>(choices.tasks().size()))
    request.task = choices.tasks()[task_choice];
  return request;
}

std::optional<SceneRequest> DrawScenePanel(ScenePanelState& state, const Scene* scene,
                                           const SceneRequest& base) {
  const auto& robots = state.choices.robots();
  const auto& tasks = state.choices.tasks();
  const int urdf_choice = static_cast<int>(robots.size());
  if (!state.choices.suite_name().empty())
    ImGui::TextDisabled("suite %s", state.choices.suite_name().c_str());
  const float label_width = ImGui::CalcTextSize("Packages").x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::TextUnformatted("Robot");
  ImGui::SameLine(label_width);
  ImGui::SetNextItemWidth(-1);
  const char* robot_label =
      state.robot_choice < urdf_choice ? robots[state.robot_choice].name.c_str() : kUrdfFile;
  if (ImGui::BeginCombo("##robot", robot_label)) {
    for (int i = 0; i <= urdf_choice; ++i) {
      const char* name = i < urdf_choice ? robots[i].name.c_str() : kUrdfFile;
      if (ImGui::Selectable(name, i == state.robot_choice)) state.robot_choice = i;
    }
    ImGui::EndCombo();
  }
  if (state.robot_choice >= urdf_choice) {
    ImGui::TextUnformatted("File");
    ImGui::SameLine(label_width);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##urdf", "path/to/robot.urdf", &state.urdf_path);
    ImGui::TextUnformatted("Packages");
    ImGui::SameLine(label_width);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##packages", "folders for package:// (a:b:c)", &state.package_paths);
  }
  ImGui::TextUnformatted("Task");
  ImGui::SameLine(label_width);
  ImGui::SetNextItemWidth(-1);
  const bool known_task = state.task_choice < static_cast<int>(tasks.size());
  if (ImGui::BeginCombo("##task", known_task ? tasks[state.task_choice].c_str() : "(unknown)")) {
    for (int i = 0; i < static_cast<int>(tasks.size()); ++i) {
      if (ImGui::Selectable(tasks[i].c_str(), i == state.task_choice)) state.task_choice = i;
    }
    ImGui::EndCombo();
  }
  std::optional<SceneRequest> request;
  if (ImGui::Button("Load", ImVec2(-1, 0))) request = state.Request(base);
  if (scene != nullptr) RobotFacts(scene->model());
  if (!state.error.empty()) ErrorText(state.error);
  return request;
}

}  // namespace mosaic::gui
