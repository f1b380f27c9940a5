// Zero-shot matrix panel: a file field to open a `mosaic zeroshot --json` result (or to save one
// computed here), a Compute section that evaluates the open suite's matrix in the background with
// a progress bar, and the robots x tasks heatmap of success rates. Training cells are hatched,
// held-out (zero-shot) cells are solid; hovering a cell shows all its figures and baselines;
// clicking it asks for that robot and task in the viewport, run by the composed policy (the
// modules of the matrix's family; see CellLoad in gui/scene_choices.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/zeroshot_job.hpp"
#include "gui/zeroshot_matrix.hpp"
#include "suite/suite.hpp"

namespace mosaic::gui {

struct MatrixPanelState {
  MatrixState matrix;
  std::string path;  // the file field
  // Computing the matrix here:
  ZeroShotJob job;
  int episodes = 20;          // per cell; the CLI's default (the suite's) takes minutes
  int folder_choice = -1;     // 0: the suite's modules; i > 0: module_folders[i - 1]; -1: unset
  std::string computed_json;  // the matrix last computed here, for Save; empty: none
  std::string message;        // how the last computation or save ended, when worth saying
  bool message_is_error = false;
};

// What Compute works on: the open suite (null: none) and the module folders to choose from.
struct MatrixSources {
  const suite::Suite* suite = nullptr;
  std::vector<std::string> module_folders;
};

// Starts computing the suite's matrix with the panel's folder choice and episodes (as its
// Compute button does); false when there is no suite or a computation runs.
bool StartComputing(MatrixPanelState& state, const MatrixSources& sources);

// Returns (robot, task) of a clicked cell.
std::optional<std::pair<std::string, std::string>> DrawMatrixPanel(MatrixPanelState& state,
                                                                   const MatrixSources& sources);

}  // namespace mosaic::gui
