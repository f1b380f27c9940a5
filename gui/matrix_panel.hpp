// Zero-shot matrix panel: a file field to open a `mosaic zeroshot --json` result, and the robots x
// tasks heatmap of success rates. Training cells are hatched, held-out (zero-shot) cells are
// solid; hovering a cell shows all its figures and baselines; clicking it asks for that robot
// and task in the viewport.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "gui/zeroshot_matrix.hpp"

namespace mosaic::gui {

struct MatrixPanelState {
  MatrixState matrix;
  std::string path;  // the file field
};

// Returns (robot, task) of a clicked cell.
std::optional<std::pair<std::string, std::string>> DrawMatrixPanel(MatrixPanelState& state);

}  // namespace mosaic::gui
