#include "gui/matrix_panel.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "common/error.hpp"
#include "common/files.hpp"
#include "gui/compose_state.hpp"
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
  ImGui::TextDisabled("click to run the composed policy of %s on %s", cell.robot.c_str(),
                      cell.task.c_str());
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
// Choice 0 is the suite's own modules (as `mosaic zeroshot` takes them), then each folder. Until
// the user chooses: the suite's modules when they exist, else the first folder.
void ChooseFolder(MatrixPanelState& state, const MatrixSources& sources) {
  const auto& folders = sources.module_folders;
  if (state.folder_choice < 0) {
    const auto suite_own = SuiteModuleFolders(*sources.suite);
    const bool exists = std::any_of(suite_own.begin(), suite_own.end(), [&](const auto& folder) {
      return std::find(folders.begin(), folders.end(), folder) != folders.end();
    });
    state.folder_choice = exists || folders.empty() ? 0 : 1;
  }
  state.folder_choice = std::min(state.folder_choice, static_cast<int>(folders.size()));
}

// Takes a finished computation's result into the panel.
void CollectResult(MatrixPanelState& state) {
  auto result = state.job.TakeResult();
  if (!result) return;
  if (result->matrix) {
    state.matrix.Set(std::move(*result->matrix));
    state.computed_json = std::move(result->json);
    state.message.clear();
  } else {
    state.message = "Compute stopped: " + result->error;
    state.message_is_error = true;
  }
}

// The suite's matrix computed here, in the background, with a progress bar.
void Compute(MatrixPanelState& state, const MatrixSources& sources) {
  CollectResult(state);
  if (sources.suite == nullptr) {
    DisabledText("To compute the matrix here, open a suite (mosaic gui --suite S.json).");
    return;
  }
  const ZeroShotProgress progress = state.job.progress();
  if (progress.running) {
    char text[128];
    std::snprintf(text, sizeof(text), "%d / %d  %s", progress.done, progress.total,
                  progress.current.c_str());
    const float fraction =
        progress.total > 0 ? static_cast<float>(progress.done) / progress.total : 0.f;
    ImGui::ProgressBar(fraction, ImVec2(-70.f, 0), text);
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(-1, 0))) state.job.Cancel();
    return;
  }
  const auto& folders = sources.module_folders;
  std::string suite_folders;
  for (const auto& folder : SuiteModuleFolders(*sources.suite))
    suite_folders += (suite_folders.empty() ? "" : ", ") + folder;
  auto label = [&](int choice) {
    return choice == 0 ? "the suite's modules (" + suite_folders + ")" : folders[choice - 1];
  };
  ChooseFolder(state, sources);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##modules", label(state.folder_choice).c_str())) {
    for (int i = 0; i <= static_cast<int>(folders.size()); ++i) {
      if (ImGui::Selectable(label(i).c_str(), i == state.folder_choice)) state.folder_choice = i;
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("0000").x + 2 * ImGui::GetFrameHeight());
  if (ImGui::InputInt("episodes per cell", &state.episodes))
    state.episodes = std::clamp(state.episodes, 1, 10000);
  if (ImGui::Button(("Compute " + sources.suite->name + " matrix").c_str(), ImVec2(-1, 0)))
    StartComputing(state, sources);
}

// The file field: Open loads a matrix; Save writes the one computed here.
void FileField(MatrixPanelState& state) {
  const bool can_save = !state.computed_json.empty();
  const float buttons = can_save ? 110.f : 60.f;
  ImGui::SetNextItemWidth(-buttons);
  const bool enter = ImGui::InputTextWithHint("##matrix", "zeroshot.json (mosaic zeroshot --json)",
                                              &state.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open") || enter) && !state.path.empty()) {
    state.matrix.Load(state.path);
    state.computed_json.clear();
  }
  if (!can_save) return;
  ImGui::SameLine();
  if (ImGui::Button("Save", ImVec2(-1, 0)) && !state.path.empty()) {
    try {
      WriteFileAtomic(state.path, state.computed_json);
      state.message = "Saved " + state.path;
      state.message_is_error = false;
    } catch (const Error& e) {
      state.message = e.what();
      state.message_is_error = true;
    }
  }
}
}  // namespace

bool StartComputing(MatrixPanelState& state, const MatrixSources& sources) {
  if (sources.suite == nullptr) return false;
  ChooseFolder(state, sources);
  std::vector<std::string> folders;  // empty: the suite's own modules
  if (state.folder_choice > 0) folders = {sources.module_folders[state.folder_choice - 1]};
  if (!state.job.Start(*sources.suite, folders, state.episodes)) return false;
  state.message.clear();
  return true;
}

std::optional<std::pair<std::string, std::string>> DrawMatrixPanel(MatrixPanelState& state,
                                                                   const MatrixSources& sources) {
  FileField(state);
  if (ImGui::TreeNodeEx("Compute", ImGuiTreeNodeFlags_DefaultOpen)) {
    Compute(state, sources);
    ImGui::TreePop();
  }
  if (!state.message.empty()) {
    if (state.message_is_error) {
      ErrorText(state.message);
    } else {
      DisabledText(state.message);
    }
  }
  if (!state.matrix.error().empty()) ErrorText(state.matrix.error());
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
