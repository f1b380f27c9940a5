#include "gui/matrix_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "gui/widgets.hpp"

namespace mosaic::gui {

namespace {
constexpr float kCellHeight = 30.f;    // [points]
constexpr float kMinCellWidth = 44.f;  // [points]
constexpr float kHatchSpacing = 6.f;   // training cells' diagonal lines [points]
constexpr ImU32 kMissingColor = IM_COL32(55, 57, 62, 255);
constexpr ImU32 kSelectedColor = IM_COL32(80, 220, 255, 255);

// Diagonal lines across a cell, clipped to it: the mark of a training pair.
void Hatch(ImDrawList* draw, const ImVec2& min, const ImVec2& max) {
  draw->PushClipRect(min, max, true);
  const float height = max.y - min.y;
  for (float x = min.x - height; x < max.x; x += kHatchSpacing) {
    draw->AddLine(ImVec2(x, max.y), ImVec2(x + height, min.y), IM_COL32(255, 255, 255, 50), 1.f);
  }
  draw->PopClipRect();
}

void Optional(const char* label, const std::optional<double>& value, const char* format) {
  if (!value) return;
  ImGui::Text(format, label, *value);
}

void CellTooltip(const ZeroShotCell& cell) {
  ImGui::BeginTooltip();
  ImGui::Text("%s on %s: %s", cell.robot.c_str(), cell.task.c_str(),
              cell.training ? "training pair" : "held out (zero-shot)");
  if (cell.success_ci) {
    ImGui::Text("success %.2f  [%.2f, %.2f]", cell.success_rate, (*cell.success_ci)[0],
                (*cell.success_ci)[1]);
  } else {
    ImGui::Text("success %.2f", cell.success_rate);
  }
  if (cell.episodes) ImGui::Text("episodes %d", *cell.episodes);
  Optional("mean return", cell.mean_return, "%s %.3f");
  Optional("mean final distance", cell.mean_final_distance, "%s %.4f m");
  Optional("random actions", cell.random_success_rate, "%s: success %.2f");
  Optional("mismatched modules", cell.mismatched_success_rate, "%s: success %.2f");
  ImGui::TextDisabled("click to run %s on %s", cell.robot.c_str(), cell.task.c_str());
  ImGui::EndTooltip();
}

std::optional<std::pair<std::string, std::string>> Heatmap(const ZeroShotMatrix& matrix,
                                                           MatrixState& state) {
  const auto& robots = matrix.robots();
  const auto& tasks = matrix.tasks();
  float label_width = 0;
  for (const auto& robot : robots)
    label_width = std::max(label_width, ImGui::CalcTextSize(robot.c_str()).x);
  label_width += 8.f;
  const float cell_width =
      std::max(kMinCellWidth,
               (ImGui::GetContentRegionAvail().x - label_width) / static_cast<float>(tasks.size()));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float header = ImGui::GetTextLineHeight() + 4.f;
  for (size_t c = 0; c < tasks.size(); ++c) {
    const ImVec2 size = ImGui::CalcTextSize(tasks[c].c_str());
    const float x = origin.x + label_width + cell_width * c + 0.5f * (cell_width - size.x);
    draw->AddText(ImVec2(std::max(x, origin.x + label_width + cell_width * c), origin.y),
                  IM_COL32(200, 200, 205, 255), tasks[c].c_str());
  }
  std::optional<std::pair<std::string, std::string>> clicked;
  for (size_t r = 0; r < robots.size(); ++r) {
    const float y = origin.y + header + kCellHeight * r;
    draw->AddText(ImVec2(origin.x, y + 0.5f * (kCellHeight - ImGui::GetTextLineHeight())),
                  IM_COL32(200, 200, 205, 255), robots[r].c_str());
    for (size_t c = 0; c < tasks.size(); ++c) {
      const ImVec2 min(origin.x + label_width + cell_width * c + 1.f, y + 1.f);
      const ImVec2 max(min.x + cell_width - 2.f, min.y + kCellHeight - 2.f);
      const ZeroShotCell* cell = matrix.Find(static_cast<int>(r), static_cast<int>(c));
      if (cell == nullptr) {
        draw->AddRectFilled(min, max, kMissingColor, 2.f);
        draw->AddText(ImVec2(min.x + 6.f, min.y + 7.f), IM_COL32(130, 130, 135, 255), "-");
        continue;
      }
      draw->AddRectFilled(min, max, SuccessRateColor(cell->success_rate), 2.f);
      if (cell->training) Hatch(draw, min, max);
      char text[16];
      std::snprintf(text, sizeof(text), "%.2f", cell->success_rate);
      const ImVec2 size = ImGui::CalcTextSize(text);
      draw->AddText(ImVec2(0.5f * (min.x + max.x - size.x), 0.5f * (min.y + max.y - size.y)),
                    IM_COL32(255, 255, 255, 255), text);
      if (state.selected_row() == static_cast<int>(r) &&
          state.selected_column() == static_cast<int>(c)) {
        draw->AddRect(ImVec2(min.x - 1.f, min.y - 1.f), ImVec2(max.x + 1.f, max.y + 1.f),
                      kSelectedColor, 2.f, 0, 2.5f);
      }
      if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(min, max)) {
        CellTooltip(*cell);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked.emplace(cell->robot, cell->task);
      }
    }
  }
  ImGui::Dummy(
      ImVec2(label_width + cell_width * tasks.size(), header + kCellHeight * robots.size()));
  return clicked;
}

void Legend(const ZeroShotMatrix& matrix) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float box = ImGui::GetTextLineHeight();
  auto swatch = [&](bool hatched, const char* label) {
    const ImVec2 min = ImGui::GetCursorScreenPos();
    const ImVec2 max(min.x + box * 1.6f, min.y + box);
    draw->AddRectFilled(min, max, SuccessRateColor(0.75), 2.f);
    if (hatched) Hatch(draw, min, max);
    ImGui::Dummy(ImVec2(box * 1.6f, box));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
  };
  swatch(true, "training pair");
  ImGui::SameLine();
  swatch(false, "held out (zero-shot)");
  const auto train = matrix.MeanSuccess(true), heldout = matrix.MeanSuccess(false);
  if (train) ImGui::Text("mean success: training %.2f", *train);
  if (train && heldout) ImGui::SameLine();
  if (heldout) ImGui::Text("%sheld out %.2f", train ? "" : "mean success: ", *heldout);
}
}  // namespace

std::optional<std::pair<std::string, std::string>> DrawMatrixPanel(MatrixPanelState& state) {
  ImGui::SetNextItemWidth(-60.f);
  const bool enter = ImGui::InputTextWithHint("##matrix", "zeroshot.json (mosaic zeroshot --json)",
                                              &state.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open", ImVec2(-1, 0)) || enter) && !state.path.empty())
    state.matrix.Load(state.path);
  if (!state.matrix.error().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
    ImGui::TextWrapped("%s", state.matrix.error().c_str());
    ImGui::PopStyleColor();
  }
  const auto& matrix = state.matrix.matrix();
  if (!matrix) {
    if (state.matrix.error().empty()) ImGui::TextDisabled("No matrix loaded.");
    return std::nullopt;
  }
  if (!matrix->suite().empty() || !matrix->family().empty()) {
    ImGui::TextDisabled("suite %s, family %s",
                        matrix->suite().empty() ? "-" : matrix->suite().c_str(),
                        matrix->family().empty() ? "-" : matrix->family().c_str());
  }
  auto clicked = Heatmap(*matrix, state.matrix);
  Legend(*matrix);
  return clicked;
}

}  // namespace mosaic::gui
