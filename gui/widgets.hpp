// Small drawing helpers shared by the panels (plots, badges, colour scales), on ImGui's draw
// lists. ImGui 1.86 has no plotting library; these give the axes and read-outs we need.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace mosaic::gui {

// Colours of success and failure, used by badges, plots and the matrix.
inline constexpr ImU32 kSuccessColor = IM_COL32(60, 170, 90, 255);
inline constexpr ImU32 kFailureColor = IM_COL32(200, 65, 60, 255);
inline constexpr ImU32 kBlowUpColor = IM_COL32(230, 140, 30, 255);

struct LinePlotStyle {
  ImU32 color = IM_COL32(90, 170, 255, 255);
  const char* units = "";  // appended to read-outs, e.g. " m"
  int x_extent = 0;        // points the x axis spans (e.g. the episode's steps); 0: values.size()
  int x_first = 0;         // label of the first point on the x axis
  bool include_zero = false;  // stretch the y range to include 0
  // Optional marker colour per point (e.g. success / failure per episode); empty: none.
  const std::vector<ImU32>* point_colors = nullptr;
};

// A line plot `height` points tall over the full content width: a title and the latest value on
// top, the y range at the left, and a read-out of the value under the cursor.
void LinePlot(const char* title, const std::vector<float>& values, float height,
              const LinePlotStyle& style);

// Bars of `values` around a zero line, symmetric y range of at least +-1; names b0, b1, ...
// under the cursor use `prefix` (e.g. "z").
void BarChart(const char* title, const std::vector<float>& values, float height,
              const char* prefix);

// A filled rounded label, e.g. a SUCCESS badge; returns whether it is hovered.
bool Badge(const char* text, ImU32 color);

// Wrapped text in the error colour (a load error, the composer's mismatches).
void ErrorText(const std::string& text);

// Wrapped text in the disabled (dim) colour: notes and hints.
void DisabledText(const std::string& text);

// Success-rate colour scale for the matrix: red at 0, amber at 0.5, green at 1.
ImU32 SuccessRateColor(double rate);

}  // namespace mosaic::gui
