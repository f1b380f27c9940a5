// Helpers shared by the GUI tests: waiting for the sim thread, and small module files and suites
// made on the spot (untrained but valid modules, written with modules::SaveModule).
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "gui/sim_runner.hpp"
#include "tests/module_files.hpp"

namespace mosaic::gui_testing {

// Polls the runner's snapshot until `done` holds. The time limit only guards against a hang;
// nothing here depends on how fast the machine is.
inline gui::SimSnapshot WaitFor(const gui::SimRunner& runner,
                                const std::function<bool(const gui::SimSnapshot&)>& done) {
  gui::SimSnapshot snapshot;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    runner.CopySnapshot(snapshot);
    if (done(snapshot)) return snapshot;
    if (std::chrono::steady_clock::now() > give_up) {
      FAIL("the sim thread did not get there within 60 s");
      return snapshot;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

using testing::WriteRobotModule;  // tests/module_files.hpp
using testing::WriteTaskModule;

// Writes <dir>/<name>.json: a suite of shipped `robots` (absolute URDF paths) and `tasks`, the
// first of `robots` trained on every task and every other robot on the first task, the rest held
// out.
std::string WriteSuite(const std::string& dir, const std::string& name,
                       const std::vector<std::string>& robots,
                       const std::vector<std::string>& tasks);

}  // namespace mosaic::gui_testing
