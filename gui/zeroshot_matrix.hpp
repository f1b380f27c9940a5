// The zero-shot matrix as `mosaic zeroshot --json` writes it, and the matrix panel's state
// (loaded matrix or error, selected cell). No drawing here: gui/matrix_panel.cpp draws it.
//
// File format (one object):
//   {"suite": "...", "family": "...",                        optional strings
//    "cells": [{"robot": "arm3", "task": "push",             required, non-empty
//               "split": "train" | "heldout",                required
//               "success_rate": 0.8,                         required, in [0, 1]
//               "success_ci": [lo, hi],                      optional, 0 <= lo <= hi <= 1
//               "mean_return": -12.3,                        optional
//               "mean_final_distance": 0.04,                 optional, >= 0 [m]
//               "episodes": 100,                             optional, integer > 0
//               "random_success_rate": 0.02,                 optional (or null), in [0, 1]
//               "mismatched_success_rate": 0.1}, ...]}       optional (or null), in [0, 1]
// Every problem is a mosaic::Error naming the file and the offending place:
// `zs.json:4:7: not valid JSON: ...` or `zs.json: cells[2].split: expected "train" or
// "heldout", got "test"`.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mosaic::gui {

struct ZeroShotCell {
  std::string robot;  // shipped robot name or URDF path (what `--robot` takes)
  std::string task;
  bool training = false;  // trained together ("train"); false: a held-out, zero-shot pair
  double success_rate = 0;
  std::optional<std::array<double, 2>> success_ci;  // confidence interval of success_rate
  std::optional<double> mean_return;
  std::optional<double> mean_final_distance;  // [m]
  std::optional<int> episodes;
  std::optional<double> random_success_rate;      // baseline: random actions
  std::optional<double> mismatched_success_rate;  // baseline: modules of the wrong robot/task
};

class ZeroShotMatrix {
 public:
  // `source` names the text in messages (a file path).
  static ZeroShotMatrix Parse(const std::string& json_text, const std::string& source);
  static ZeroShotMatrix Load(const std::string& path);

  const std::string& source() const { return source_; }
  const std::string& suite() const { return suite_; }    // empty when the file has none
  const std::string& family() const { return family_; }  // empty when the file has none
  // Rows and columns, in order of first appearance in the file.
  const std::vector<std::string>& robots() const { return robots_; }
  const std::vector<std::string>& tasks() const { return tasks_; }
  const std::vector<ZeroShotCell>& cells() const { return cells_; }
  // The cell at (row, column), or nullptr when that pair was not evaluated.
  const ZeroShotCell* Find(int row, int column) const;
  // Mean success rate over training (true) or held-out (false) cells; nullopt when none.
  std::optional<double> MeanSuccess(bool training) const;

 private:
  std::string source_, suite_, family_;
  std::vector<std::string> robots_, tasks_;
  std::vector<ZeroShotCell> cells_;
  std::vector<int> cell_at_;  // (robots x tasks), row-major: index into cells_ or -1
};

// What the matrix panel holds between frames.
class MatrixState {
 public:
  // Loads `path`. On failure the previous matrix is dropped and error() says why; never throws
  // for bad input.
  bool Load(const std::string& path);
  // Shows a matrix computed in the window (gui/zeroshot_job.hpp), keeping the selected cell
  // when it has one for the same robot and task.
  void Set(ZeroShotMatrix matrix);
  const std::optional<ZeroShotMatrix>& matrix() const { return matrix_; }
  const std::string& error() const { return error_; }
  // Selects the cell of (robot, task) when the matrix has both; otherwise clears the selection.
  // Returns whether a cell is selected.
  bool Select(const std::string& robot, const std::string& task);
  int selected_row() const { return selected_row_; }        // -1: none
  int selected_column() const { return selected_column_; }  // -1: none

 private:
  std::optional<ZeroShotMatrix> matrix_;
  std::string error_;
  int selected_row_ = -1, selected_column_ = -1;
};

}  // namespace mosaic::gui
