// Loading `mosaic zeroshot --json` files into the matrix panel's state, and their errors.
#include <doctest/doctest.h>

#include "common/error.hpp"
#include "gui/zeroshot_matrix.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;

namespace {
const char* kMatrix = R"({"suite": "arms", "family": "arms-s1", "cells": [
  {"robot": "arm3", "task": "reach", "split": "train", "success_rate": 0.97, "success_ci": [0.92, 0.99],
   "mean_return": -3.5, "mean_final_distance": 0.021, "episodes": 100, "random_success_rate": 0.02,
   "mismatched_success_rate": 0.1},
  {"robot": "arm3", "task": "push", "split": "heldout", "success_rate": 0.4, "mismatched_success_rate": null},
  {"robot": "arm4", "task": "push", "split": "train", "success_rate": 0.9},
  {"robot": "scara3", "task": "reach", "split": "heldout", "success_rate": 0.5}
]})";

// The message of parsing `text` as "zs.json".
std::string ParseError(const std::string& text) {
  return testing::ErrorMessage([&] { ZeroShotMatrix::Parse(text, "zs.json"); });
}

std::string WithCell(const std::string& cell) {
  return R"({"cells": [{"robot": "arm3", "task": "reach", "split": "train", "success_rate": 0.5}, )" +
         cell + "]}";
}
}  // namespace

TEST_CASE("a zero-shot matrix loads into rows, columns and cells") {
  const ZeroShotMatrix matrix = ZeroShotMatrix::Parse(kMatrix, "zs.json");
  CHECK(matrix.suite() == "arms");
  CHECK(matrix.family() == "arms-s1");
  CHECK(matrix.robots() == std::vector<std::string>{"arm3", "arm4", "scara3"});
  CHECK(matrix.tasks() == std::vector<std::string>{"reach", "push"});
  const ZeroShotCell* trained = matrix.Find(0, 0);
  REQUIRE(trained != nullptr);
  CHECK(trained->training);
  CHECK(trained->success_rate == doctest::Approx(0.97));
  REQUIRE(trained->success_ci.has_value());
  CHECK((*trained->success_ci)[1] == doctest::Approx(0.99));
  CHECK(*trained->episodes == 100);
  CHECK(*trained->mean_final_distance == doctest::Approx(0.021));
  const ZeroShotCell* heldout = matrix.Find(0, 1);
  REQUIRE(heldout != nullptr);
  CHECK(!heldout->training);
  CHECK(!heldout->mismatched_success_rate.has_value());  // null: not evaluated
  CHECK(!heldout->episodes.has_value());
  CHECK(matrix.Find(1, 0) == nullptr);  // arm4 on reach was not evaluated
  CHECK(matrix.Find(2, 0)->robot == "scara3");
  CHECK(matrix.Find(3, 0) == nullptr);
  CHECK(matrix.Find(0, -1) == nullptr);
  CHECK(*matrix.MeanSuccess(true) == doctest::Approx((0.97 + 0.9) / 2));
  CHECK(*matrix.MeanSuccess(false) == doctest::Approx((0.4 + 0.5) / 2));
}

TEST_CASE("malformed matrix files give a clear error naming the place") {
  CHECK(ParseError("{\"cells\": [\n  {\"robot\": arm3}]}")
            .rfind("zs.json:2:13: not valid JSON: syntax error", 0) == 0);
  CHECK(ParseError("[1, 2]") == "zs.json: expected a JSON object with \"cells\", got array");
  CHECK(ParseError("{\"suite\": \"arms\"}") ==
        "zs.json: missing \"cells\" (expected an array of cells, as `mosaic zeroshot --json` "
        "writes)");
  CHECK(ParseError("{\"cells\": {}}") == "zs.json: cells: expected an array, got object");
  CHECK(ParseError("{\"cells\": []}") ==
        "zs.json: cells: empty (expected at least one evaluated robot-task pair)");
  CHECK(ParseError("{\"suite\": 3, \"cells\": []}") == "zs.json: suite: expected a string, got 3");
  CHECK(ParseError(WithCell("7")) == "zs.json: cells[1]: expected an object, got number");
  CHECK(ParseError(WithCell(R"({"task": "push", "split": "train", "success_rate": 0.5})")) ==
        "zs.json: cells[1]: missing \"robot\" (expected a non-empty string)");
  CHECK(ParseError(
            WithCell(R"({"robot": "", "task": "push", "split": "train", "success_rate": 0.5})")) ==
        "zs.json: cells[1].robot: expected a non-empty string, got \"\"");
  CHECK(ParseError(WithCell(
            R"({"robot": "arm4", "task": "push", "split": "test", "success_rate": 0.5})")) ==
        "zs.json: cells[1].split: expected \"train\" or \"heldout\", got \"test\"");
  CHECK(ParseError(WithCell(R"({"robot": "arm4", "task": "push", "split": "train"})")) ==
        "zs.json: cells[1]: missing \"success_rate\" (expected a number in [0, 1])");
  CHECK(ParseError(WithCell(
            R"({"robot": "arm4", "task": "push", "split": "train", "success_rate": 1.5})")) ==
        "zs.json: cells[1].success_rate: expected a number in [0, 1], got 1.5");
  CHECK(ParseError(WithCell(
            R"({"robot": "arm4", "task": "push", "split": "train", "success_rate": "high"})")) ==
        "zs.json: cells[1].success_rate: expected a number, got \"high\"");
  CHECK(ParseError(
            WithCell(R"({"robot": "arm4", "task": "push", "split": "train", "success_rate": 0.5,
                               "success_ci": [0.6, 0.4]})")) ==
        "zs.json: cells[1].success_ci: expected [lo, hi] with 0 <= lo <= hi <= 1, got [0.6,0.4]");
  CHECK(ParseError(
            WithCell(R"({"robot": "arm4", "task": "push", "split": "train", "success_rate": 0.5,
                               "episodes": 2.5})")) ==
        "zs.json: cells[1].episodes: expected an integer > 0, got 2.5");
  CHECK(ParseError(
            WithCell(R"({"robot": "arm4", "task": "push", "split": "train", "success_rate": 0.5,
                               "mean_final_distance": -1})")) ==
        "zs.json: cells[1].mean_final_distance: expected a number in [0, inf], got -1");
  CHECK(ParseError(WithCell(
            R"({"robot": "arm3", "task": "reach", "split": "heldout", "success_rate": 0.1})")) ==
        "zs.json: cells[1]: duplicate cell (arm3, reach), already given in cells[0]");
}

TEST_CASE("the matrix panel state keeps the error of a bad file and selects cells") {
  const testing::TempDir dir;
  MatrixState state;
  CHECK(!state.Load(dir.path() + "/missing.json"));
  CHECK(state.error().find("missing.json") != std::string::npos);
  CHECK(!state.matrix().has_value());
  CHECK(!state.Select("arm3", "reach"));

  CHECK(state.Load(dir.Write("good.json", kMatrix)));
  CHECK(state.error().empty());
  REQUIRE(state.matrix().has_value());
  CHECK(state.Select("arm4", "push"));
  CHECK(state.selected_row() == 1);
  CHECK(state.selected_column() == 1);
  CHECK(!state.Select("arm5", "push"));  // not a row of this matrix: nothing selected
  CHECK(state.selected_row() == -1);

  const std::string bad = dir.Write("bad.json", "{\"cells\": [}");
  CHECK(!state.Load(bad));
  CHECK(state.error().rfind(bad + ":1:12: not valid JSON", 0) == 0);
  CHECK(!state.matrix().has_value());  // a bad file replaces the old matrix: no stale picture
}
