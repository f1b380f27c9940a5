#include "gui/plots_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/widgets.hpp"

namespace mosaic::gui {

namespace {
constexpr float kPlotHeight = 64.f;    // [points]
constexpr size_t kReturnsShown = 200;  // latest episodes in the return plot
}  // namespace

void DrawPlotsPanel(const SimSnapshot& snapshot) {
  const RunStats& stats = snapshot.stats;
  LinePlotStyle reward;
  reward.x_extent = snapshot.max_episode_steps;
  reward.x_first = 1;
  LinePlot("Reward per step (this episode)", stats.step_rewards(), kPlotHeight, reward);

  LinePlotStyle distance;
  distance.color = IM_COL32(120, 220, 140, 255);
  distance.units = " m";
  distance.x_extent = snapshot.max_episode_steps;
  distance.x_first = 1;
  distance.include_zero = true;
  LinePlot("Distance to goal (this episode)", stats.step_distances(), kPlotHeight, distance);

  // Return per episode, the latest kReturnsShown, each point green for success, red for failure.
  const auto& history = stats.history();
  const size_t first = history.size() > kReturnsShown ? history.size() - kReturnsShown : 0;
  std::vector<float> returns;
  std::vector<ImU32> colors;
  for (size_t i = first; i < history.size(); ++i) {
    returns.push_back(history[i].episode_return);
    colors.push_back(history[i].blew_up   ? kBlowUpColor
                     : history[i].success ? kSuccessColor
                                          : kFailureColor);
  }
  LinePlotStyle per_episode;
  per_episode.color = IM_COL32(200, 200, 120, 255);
  per_episode.x_first = history.empty() ? 1 : history[first].number;
  per_episode.point_colors = &colors;
  LinePlot("Return per episode", returns, kPlotHeight, per_episode);

  if (snapshot.interface.empty()) {
    ImGui::TextUnformatted("Interface z");
    DisabledText(
        "This policy has no interface vector. Run the composed policy to see z, what the task "
        "module tells the robot module.");
  } else {
    char title[64];
    std::snprintf(title, sizeof(title), "Interface z (d = %zu)", snapshot.interface.size());
    BarChart(title, snapshot.interface, kPlotHeight, "z");
  }
}

}  // namespace mosaic::gui
