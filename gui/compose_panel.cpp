#include "gui/compose_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "gui/widgets.hpp"

namespace mosaic::gui {

namespace {
constexpr ImU32 kIncompleteColor = IM_COL32(95, 98, 105, 255);

std::string Details(const modules::ModuleSpec& spec) {
  std::string details = "z " + std::to_string(spec.interface_dim);
  if (spec.kind == modules::ModuleKind::kRobot)
    details += ", " + std::to_string(spec.action_size) + " joints";
  return details;
}

void ModuleTooltip(const composer::ModuleEntry& entry) {
  const modules::ModuleSpec& spec = entry.spec;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.f);
  ImGui::Text("%s module '%s'", modules::KindName(spec.kind), spec.name.c_str());
  ImGui::TextDisabled("%s (%s)", entry.path.c_str(), entry.size_text.c_str());
  ImGui::Text("family %s", spec.family.c_str());
  ImGui::Text("interface z: %d", spec.interface_dim);
  ImGui::TextWrapped("reads %s", LayoutText(spec.layout).c_str());
  if (spec.kind == modules::ModuleKind::kRobot) ImGui::Text("drives %d joints", spec.action_size);
  std::string hidden;
  for (int size : spec.hidden) hidden += (hidden.empty() ? "" : ", ") + std::to_string(size);
  ImGui::Text("hidden layers %s%s, dropout on z %.2f", hidden.c_str(), spec.gated ? " (gated)" : "",
              spec.interface_dropout);
  ImGui::Separator();
  for (const auto& line : ProvenanceLines(spec.provenance)) ImGui::TextWrapped("%s", line.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// "Robot  arm3   z 16, 3 joints" with the module's tooltip, or a note that none is picked.
void PickLine(const char* role, const std::optional<composer::ModuleEntry>& pick,
              float label_width) {
  ImGui::TextUnformatted(role);
  ImGui::SameLine(label_width);
  if (!pick) {
    ImGui::TextDisabled("(none)");
    return;
  }
  ImGui::TextUnformatted(pick->spec.name.c_str());
  if (ImGui::IsItemHovered()) ModuleTooltip(*pick);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", Details(pick->spec).c_str());
  if (ImGui::IsItemHovered()) ModuleTooltip(*pick);
}

void DrawVerdict(const Verdict& verdict) {
  switch (verdict.state) {
    case Verdict::State::kFits:
      Badge("FITS", kSuccessColor);
      break;
    case Verdict::State::kMismatch:
      Badge("DOES NOT FIT", kFailureColor);
      break;
    case Verdict::State::kIncomplete:
      Badge("INCOMPLETE", kIncompleteColor);
      break;
  }
  if (!verdict.target.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("for %s", verdict.target.c_str());
  }
  for (const auto& problem : verdict.problems) {
    if (verdict.state == Verdict::State::kIncomplete) {
      DisabledText(problem);
    } else {
      ErrorText(problem);
    }
  }
}

// The picks, the verdict and the Run button; returns whether Run was pressed.
bool Picks(const ComposeState& compose, const Scene* scene) {
  const float label_width = ImGui::CalcTextSize("Robot").x + 2 * ImGui::GetStyle().ItemSpacing.x;
  PickLine("Robot", compose.robot_pick(), label_width);
  PickLine("Task", compose.task_pick(), label_width);
  DrawVerdict(compose.verdict());
  if (!compose.robot_pick() || !compose.task_pick()) return false;
  const std::string& robot = compose.robot_pick()->spec.name;
  const std::string& task = compose.task_pick()->spec.name;
  const bool same_target =
      scene != nullptr && scene->model().name == robot && scene->request().task == task;
  // On the scene's own robot and task, a pair the composer rejects cannot run; on the robot and
  // task the modules name, it may fit.
  const bool can_run = !same_target || compose.verdict().state == Verdict::State::kFits;
  const std::string label = same_target ? "Run composed policy" : "Run on " + robot + " / " + task;
  if (!can_run) ImGui::BeginDisabled();
  const bool run = ImGui::Button(label.c_str(), ImVec2(-1, 0));
  if (!can_run) ImGui::EndDisabled();
  return run;
}

// One family's modules of one kind as selectable rows; returns the clicked entry.
const composer::ModuleEntry* ModuleRows(const char* heading,
                                        const std::vector<const composer::ModuleEntry*>& entries,
                                        const std::optional<composer::ModuleEntry>& pick) {
  if (entries.empty()) return nullptr;
  ImGui::TextDisabled("%s", heading);
  const composer::ModuleEntry* clicked = nullptr;
  for (const composer::ModuleEntry* entry : entries) {
    const bool picked = pick && pick->path == entry->path;
    const std::string id = entry->spec.name + "##" + entry->path;
    if (ImGui::Selectable(id.c_str(), picked)) clicked = entry;
    if (ImGui::IsItemHovered()) ModuleTooltip(*entry);
    // The details right-aligned on the same row.
    const std::string details = Details(entry->spec) + ", " + entry->size_text;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x -
                                                         ImGui::CalcTextSize(details.c_str()).x));
    ImGui::TextDisabled("%s", details.c_str());
  }
  return clicked;
}

// The library tree; returns whether a pick changed.
bool Library(ComposePanelState& state, ComposeState& compose) {
  bool changed = false;
  const auto& library = compose.library();
  if (library.entries().empty()) {
    DisabledText(
        "No module files found. Train a suite (mosaic train SUITE --out DIR) and open DIR/modules "
        "with --modules or below; a suite's shipped modules live in assets/modules/<suite>.");
  }
  for (const auto& group : compose.groups()) {
    const bool holds_pick =
        (compose.robot_pick() && compose.robot_pick()->spec.family == group.family) ||
        (compose.task_pick() && compose.task_pick()->spec.family == group.family);
    ImGui::SetNextItemOpen(holds_pick, ImGuiCond_Appearing);
    if (!ImGui::TreeNode(group.family.c_str(), "family %s", group.family.c_str())) continue;
    if (const auto* entry =
            ModuleRows("robot modules", group.robot_modules, compose.robot_pick())) {
      compose.PickRobotModule(*entry);
      changed = true;
    }
    if (const auto* entry = ModuleRows("task modules", group.task_modules, compose.task_pick())) {
      compose.PickTaskModule(*entry);
      changed = true;
    }
    ImGui::TreePop();
  }
  for (const auto& rejected : library.rejected()) ErrorText(rejected.error);
  for (const auto& note : compose.notes()) DisabledText(note);

  ImGui::SetNextItemWidth(-70.f);
  ImGui::InputTextWithHint("##folder", "folder of module files", &state.folder_field);
  ImGui::SameLine();
  if (ImGui::Button("Add", ImVec2(-1, 0)) && !state.folder_field.empty()) {
    compose.AddFolder(state.folder_field);
    changed = true;
  }
  ImGui::SetNextItemWidth(-70.f);
  ImGui::InputTextWithHint("##module", "module file (.safetensors)", &state.file_field);
  ImGui::SameLine();
  if (ImGui::Button("Open", ImVec2(-1, 0)) && !state.file_field.empty())
    changed |= compose.OpenFile(state.file_field);
  if (!compose.file_error().empty()) ErrorText(compose.file_error());
  if (ImGui::Button("Rescan folders")) {
    compose.Rescan();
    changed = true;
  }
  return changed;
}
}  // namespace

bool DrawComposePanel(const ComposeState& compose, const Scene* scene) {
  return Picks(compose, scene);
}

void DrawModuleLibrary(ComposePanelState& state, ComposeState& compose, const Scene* scene) {
  if (Library(state, compose)) {
    compose.UpdateVerdict(scene != nullptr ? &scene->model() : nullptr,
                          scene != nullptr ? scene->request().task : "");
  }
}

}  // namespace mosaic::gui
