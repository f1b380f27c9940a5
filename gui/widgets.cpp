#include "gui/widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mosaic::gui {

namespace {
constexpr ImU32 kFrameColor = IM_COL32(30, 32, 36, 255);
constexpr ImU32 kAxisColor = IM_COL32(110, 110, 115, 255);
constexpr ImU32 kLabelColor = IM_COL32(170, 170, 175, 255);
constexpr float kLeftMargin = 50.f;  // room for y labels [points]

// Claims a plot area of the content width and `height` under a title row (with `readout`, if
// any, right-aligned in `readout_color`); returns its corners and whether it is hovered.
bool PlotArea(const char* title, const char* readout, ImU32 readout_color, float height,
              ImVec2& min, ImVec2& max) {
  const float width = std::max(60.f, ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(title);
  if (readout != nullptr) {
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x -
                                                         ImGui::CalcTextSize(readout).x));
    ImGui::PushStyleColor(ImGuiCol_Text, readout_color);
    ImGui::TextUnformatted(readout);
    ImGui::PopStyleColor();
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(title, ImVec2(width, height));
  min = ImVec2(origin.x + kLeftMargin, origin.y);
  max = ImVec2(origin.x + width, origin.y + height);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, kFrameColor, 3.f);
  return ImGui::IsItemHovered();
}

void YLabel(ImDrawList* draw, float y, float value, const ImVec2& plot_min) {
  char text[32];
  // Two digits keep labels inside the margin; tiny values go to one-digit exponents.
  const bool tiny = value != 0.f && std::fabs(value) < 0.01f;
  std::snprintf(text, sizeof(text), tiny ? "%.0e" : "%.2g", value);
  const ImVec2 size = ImGui::CalcTextSize(text);
  draw->AddText(ImVec2(plot_min.x - size.x - 4.f, y - 0.5f * size.y), kLabelColor, text);
}

ImU32 Mix(const float (&a)[3], const float (&b)[3], float t) {
  auto channel = [&](int i) { return static_cast<int>(255.f * (a[i] + (b[i] - a[i]) * t)); };
  return IM_COL32(channel(0), channel(1), channel(2), 255);
}
}  // namespace

void LinePlot(const char* title, const std::vector<float>& values, float height,
              const LinePlotStyle& style) {
  char latest[64];
  if (!values.empty()) std::snprintf(latest, sizeof(latest), "%.3f%s", values.back(), style.units);
  ImVec2 min, max;
  const bool hovered =
      PlotArea(title, values.empty() ? nullptr : latest, style.color, height, min, max);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (values.empty()) {
    draw->AddText(ImVec2(min.x + 6.f, min.y + 6.f), kLabelColor, "no data yet");
    return;
  }
  float lo = *std::min_element(values.begin(), values.end());
  float hi = *std::max_element(values.begin(), values.end());
  if (style.include_zero) {
    lo = std::min(lo, 0.f);
    hi = std::max(hi, 0.f);
  }
  if (hi - lo < 1e-6f) {  // a flat line sits in the middle of a small range
    lo -= 0.5f;
    hi += 0.5f;
  }
  const int extent = std::max<int>(style.x_extent, static_cast<int>(values.size()));
  const float pad = 4.f;
  auto to_x = [&](int i) {
    return min.x + pad +
           (max.x - min.x - 2 * pad) * (extent > 1 ? float(i) / float(extent - 1) : 0.5f);
  };
  auto to_y = [&](float v) {
    return max.y - pad - (max.y - min.y - 2 * pad) * (v - lo) / (hi - lo);
  };
  if (lo < 0.f && hi > 0.f)
    draw->AddLine(ImVec2(min.x, to_y(0.f)), ImVec2(max.x, to_y(0.f)), kAxisColor);
  YLabel(draw, to_y(hi), hi, min);
  YLabel(draw, to_y(lo), lo, min);
  for (size_t i = 1; i < values.size(); ++i) {
    draw->AddLine(ImVec2(to_x(int(i) - 1), to_y(values[i - 1])),
                  ImVec2(to_x(int(i)), to_y(values[i])), style.color, 1.5f);
  }
  if (style.point_colors != nullptr && style.point_colors->size() == values.size() &&
      values.size() <= 200) {
    for (size_t i = 0; i < values.size(); ++i) {
      draw->AddCircleFilled(ImVec2(to_x(int(i)), to_y(values[i])), 2.5f, (*style.point_colors)[i]);
    }
  }
  if (hovered) {
    const float mouse_x = ImGui::GetIO().MousePos.x;
    const float t = (mouse_x - min.x - pad) / std::max(1.f, max.x - min.x - 2 * pad);
    const int index = std::clamp(static_cast<int>(std::lround(t * (extent - 1))), 0,
                                 static_cast<int>(values.size()) - 1);
    draw->AddLine(ImVec2(to_x(index), min.y), ImVec2(to_x(index), max.y), kAxisColor);
    ImGui::SetTooltip("%d: %.4f%s", style.x_first + index, values[index], style.units);
  }
}

void BarChart(const char* title, const std::vector<float>& values, float height,
              const char* prefix) {
  ImVec2 min, max;
  const bool hovered = PlotArea(title, nullptr, 0, height, min, max);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (values.empty()) return;
  float range = 1.f;
  for (float v : values) range = std::max(range, std::fabs(v));
  const float mid = 0.5f * (min.y + max.y);
  const float half = 0.5f * (max.y - min.y) - 4.f;
  draw->AddLine(ImVec2(min.x, mid), ImVec2(max.x, mid), kAxisColor);
  YLabel(draw, mid - half, range, min);
  YLabel(draw, mid + half, -range, min);
  const float slot = (max.x - min.x) / static_cast<float>(values.size());
  const float gap = std::min(4.f, 0.2f * slot);
  for (size_t i = 0; i < values.size(); ++i) {
    const float x0 = min.x + slot * i + gap, x1 = min.x + slot * (i + 1) - gap;
    const float y = mid - half * values[i] / range;
    const ImU32 color = values[i] >= 0 ? IM_COL32(90, 170, 255, 255) : IM_COL32(240, 150, 60, 255);
    draw->AddRectFilled(ImVec2(x0, std::min(y, mid)), ImVec2(x1, std::max(y, mid)), color);
  }
  if (hovered) {
    const int index = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - min.x) / slot), 0,
                                 static_cast<int>(values.size()) - 1);
    ImGui::SetTooltip("%s%d = %.4f", prefix, index, values[index]);
  }
}

bool Badge(const char* text, ImU32 color) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 padding(8.f, 3.f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 box(size.x + 2 * padding.x, size.y + 2 * padding.y);
  ImGui::Dummy(box);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + box.x, origin.y + box.y), color, 4.f);
  draw->AddText(ImVec2(origin.x + padding.x, origin.y + padding.y), IM_COL32(255, 255, 255, 255),
                text);
  return ImGui::IsItemHovered();
}

void ErrorText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.f, 0.45f, 0.4f, 1.f));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

void DisabledText(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

ImU32 SuccessRateColor(double rate) {
  static const float kRed[3] = {0.62f, 0.16f, 0.15f}, kAmber[3] = {0.78f, 0.58f, 0.12f},
                     kGreen[3] = {0.16f, 0.6f, 0.3f};
  const float t = static_cast<float>(std::clamp(rate, 0.0, 1.0));
  return t < 0.5f ? Mix(kRed, kAmber, 2.f * t) : Mix(kAmber, kGreen, 2.f * t - 1.f);
}

}  // namespace mosaic::gui
