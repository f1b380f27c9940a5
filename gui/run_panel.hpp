// Run panel: play / pause / single step / reset with a seed, speed, policy choice, the episode
// counter, a success or failure badge per episode and the running success rate. Keys (when no
// text field has focus): space plays or pauses, N steps once, R resets with the panel's seed.
#pragma once

#include <cstdint>

#include "gui/sim_runner.hpp"

namespace mosaic::gui {

struct RunPanelState {
  uint64_t seed = 0;  // the seed field; Reset uses it
};

void DrawRunPanel(SimRunner& runner, const SimSnapshot& snapshot, RunPanelState& state);

}  // namespace mosaic::gui
