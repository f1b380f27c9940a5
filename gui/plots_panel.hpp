// Plots panel: reward and distance-to-goal over the current episode, return per episode (points
// coloured by success), and the interface vector z as live bars when the policy has one.
#pragma once

#include "gui/sim_runner.hpp"

namespace mosaic::gui {

void DrawPlotsPanel(const SimSnapshot& snapshot);

}  // namespace mosaic::gui
