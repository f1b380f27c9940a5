#include "gui/zeroshot_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/files.hpp"

namespace mosaic::gui {

namespace {

using nlohmann::json;

// Reads one cell's fields; every message names `where` (e.g. "cells[2]").
class CellReader {
 public:
  CellReader(const json& cell, const std::string& source, const std::string& where)
      : cell_(cell), source_(source), where_(where) {}

  [[noreturn]] void Fail(const std::string& field, const std::string& message) const {
    throw Error(source_ + ": " + where_ + (field.empty() ? "" : "." + field) + ": " + message);
  }

  std::string RequiredString(const std::string& field) const {
    if (!cell_.contains(field)) Fail("", "missing \"" + field + "\" (expected a non-empty string)");
    const json& value = cell_.at(field);
    if (!value.is_string() || value.get<std::string>().empty()) {
      Fail(field, "expected a non-empty string, got " + value.dump());
    }
    return value.get<std::string>();
  }

  // Number in [lo, hi]; nullopt when absent (or null, if `null_ok`).
  std::optional<double> Number(const std::string& field, double lo, double hi, bool null_ok) const {
    if (!cell_.contains(field) || (null_ok && cell_.at(field).is_null())) return std::nullopt;
    const json& value = cell_.at(field);
    if (!value.is_number()) Fail(field, "expected a number, got " + value.dump());
    const double number = value.get<double>();
    if (number < lo || number > hi) {
      Fail(field,
           "expected a number in [" + Format(lo) + ", " + Format(hi) + "], got " + value.dump());
    }
    return number;
  }

  double RequiredRate(const std::string& field) const {
    if (!cell_.contains(field)) Fail("", "missing \"" + field + "\" (expected a number in [0, 1])");
    return *Number(field, 0, 1, false);
  }

  std::optional<std::array<double, 2>> Interval(const std::string& field) const {
    if (!cell_.contains(field) || cell_.at(field).is_null()) return std::nullopt;
    const json& value = cell_.at(field);
    const bool pair =
        value.is_array() && value.size() == 2 && value[0].is_number() && value[1].is_number();
    if (!pair) Fail(field, "expected [lo, hi] with 0 <= lo <= hi <= 1, got " + value.dump());
    const double lo = value[0].get<double>(), hi = value[1].get<double>();
    if (!(0 <= lo && lo <= hi && hi <= 1))
      Fail(field, "expected [lo, hi] with 0 <= lo <= hi <= 1, got " + value.dump());
    return std::array<double, 2>{lo, hi};
  }

  std::optional<int> PositiveInteger(const std::string& field) const {
    if (!cell_.contains(field)) return std::nullopt;
    const json& value = cell_.at(field);
    if (!value.is_number_integer() || value.get<int64_t>() <= 0) {
      Fail(field, "expected an integer > 0, got " + value.dump());
    }
    return static_cast<int>(value.get<int64_t>());
  }

 private:
  static std::string Format(double value) {
    char text[32];
    std::snprintf(text, sizeof(text), "%g", value);  // "0", "1", "inf"
    return text;
  }

  const json& cell_;
  const std::string& source_;
  std::string where_;
};

// "file:line:column" of a byte offset (1-based, as editors count).
std::string Position(const std::string& text, size_t byte, const std::string& source) {
  byte = std::min(byte, text.size());
  int line = 1, column = 1;
  for (size_t i = 0; i + 1 < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

int IndexOf(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<int>(it - names.begin());
  names.push_back(name);
  return static_cast<int>(names.size()) - 1;
}

}  // namespace

ZeroShotMatrix ZeroShotMatrix::Parse(const std::string& json_text, const std::string& source) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line L, column
    // C: "; the position is given in our own format instead.
    std::string detail = e.what();
    if (const size_t colon = detail.find(": "); colon != std::string::npos)
      detail = detail.substr(colon + 2);
    throw Error(Position(json_text, e.byte, source) + ": not valid JSON: " + detail);
  }
  if (!root.is_object())
    throw Error(source + ": expected a JSON object with \"cells\", got " +
                std::string(root.type_name()));
  ZeroShotMatrix matrix;
  matrix.source_ = source;
  for (auto [key, member] :
       {std::pair{"suite", &matrix.suite_}, std::pair{"family", &matrix.family_}}) {
    if (!root.contains(key) || root.at(key).is_null()) continue;
    if (!root.at(key).is_string())
      throw Error(source + ": " + key + ": expected a string, got " + root.at(key).dump());
    *member = root.at(key).get<std::string>();
  }
  if (!root.contains("cells"))
    throw Error(
        source +
        ": missing \"cells\" (expected an array of cells, as `mosaic zeroshot --json` writes)");
  const json& cells = root.at("cells");
  if (!cells.is_array())
    throw Error(source + ": cells: expected an array, got " + std::string(cells.type_name()));
  if (cells.empty())
    throw Error(source + ": cells: empty (expected at least one evaluated robot-task pair)");

  std::vector<std::pair<int, int>> positions;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string where = "cells[" + std::to_string(i) + "]";
    if (!cells[i].is_object())
      throw Error(source + ": " + where + ": expected an object, got " +
                  std::string(cells[i].type_name()));
    const CellReader reader(cells[i], source, where);
    ZeroShotCell cell;
    cell.robot = reader.RequiredString("robot");
    cell.task = reader.RequiredString("task");
    const std::string split = reader.RequiredString("split");
    if (split != "train" && split != "heldout")
      reader.Fail("split", "expected \"train\" or \"heldout\", got \"" + split + "\"");
    cell.training = split == "train";
    cell.success_rate = reader.RequiredRate("success_rate");
    cell.success_ci = reader.Interval("success_ci");
    cell.mean_return = reader.Number("mean_return", -HUGE_VAL, HUGE_VAL, true);
    cell.mean_final_distance = reader.Number("mean_final_distance", 0, HUGE_VAL, true);
    cell.episodes = reader.PositiveInteger("episodes");
    cell.random_success_rate = reader.Number("random_success_rate", 0, 1, true);
    cell.mismatched_success_rate = reader.Number("mismatched_success_rate", 0, 1, true);
    const std::pair<int, int> position{IndexOf(matrix.robots_, cell.robot),
                                       IndexOf(matrix.tasks_, cell.task)};
    for (size_t j = 0; j < positions.size(); ++j) {
      if (positions[j] == position) {
        reader.Fail("", "duplicate cell (" + cell.robot + ", " + cell.task +
                            "), already given in cells[" + std::to_string(j) + "]");
      }
    }
    positions.push_back(position);
    matrix.cells_.push_back(std::move(cell));
  }
  const int columns = static_cast<int>(matrix.tasks_.size());
  matrix.cell_at_.assign(matrix.robots_.size() * columns, -1);
  for (size_t i = 0; i < positions.size(); ++i) {
    matrix.cell_at_[positions[i].first * columns + positions[i].second] = static_cast<int>(i);
  }
  return matrix;
}

ZeroShotMatrix ZeroShotMatrix::Load(const std::string& path) {
  return Parse(ReadFile(path), path);
}

const ZeroShotCell* ZeroShotMatrix::Find(int row, int column) const {
  const int rows = static_cast<int>(robots_.size()), columns = static_cast<int>(tasks_.size());
  if (row < 0 || row >= rows || column < 0 || column >= columns) return nullptr;
  const int index = cell_at_[row * columns + column];
  return index >= 0 ? &cells_[index] : nullptr;
}

std::optional<double> ZeroShotMatrix::MeanSuccess(bool training) const {
  double sum = 0;
  int count = 0;
  for (const auto& cell : cells_) {
    if (cell.training != training) continue;
    sum += cell.success_rate;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return sum / count;
}

bool MatrixState::Load(const std::string& path) {
  matrix_.reset();
  selected_row_ = selected_column_ = -1;
  try {
    matrix_ = ZeroShotMatrix::Load(path);
    error_.clear();
    return true;
  } catch (const Error& e) {
    error_ = e.what();
    return false;
  } catch (const std::exception& e) {  // a reader's own failure (memory, I/O), not a format error
    error_ = path + ": cannot load the zero-shot matrix: " + e.what();
    return false;
  }
}

void MatrixState::Set(ZeroShotMatrix matrix) {
  std::string robot, task;  // the selection, kept when the new matrix has its cell
  if (matrix_ && selected_row_ >= 0) {
    robot = matrix_->robots()[selected_row_];
    task = matrix_->tasks()[selected_column_];
  }
  matrix_ = std::move(matrix);
  error_.clear();
  Select(robot, task);
}

bool MatrixState::Select(const std::string& robot, const std::string& task) {
  selected_row_ = selected_column_ = -1;
  if (!matrix_) return false;
  const auto& robots = matrix_->robots();
  const auto& tasks = matrix_->tasks();
  const auto row = std::find(robots.begin(), robots.end(), robot);
  const auto column = std::find(tasks.begin(), tasks.end(), task);
  if (row == robots.end() || column == tasks.end()) return false;
  selected_row_ = static_cast<int>(row - robots.begin());
  selected_column_ = static_cast<int>(column - tasks.begin());
  return true;
}

}  // namespace mosaic::gui
