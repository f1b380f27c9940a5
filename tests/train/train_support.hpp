// Small suites for training tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/assets.hpp"
#include "suite/suite.hpp"
#include "tests/test_support.hpp"

namespace mosaic::testing {

// A one-world suite (arm3 on `task`) with tiny PPO settings, written into `dir`.
inline suite::Suite TinySuite(const TempDir& dir, const std::string& task,
                              const nlohmann::json& ppo,
                              const nlohmann::json& interface = {{"dim", 8}, {"dropout", 0.0}}) {
  const nlohmann::json text = {
      {"name", "tiny"},
      {"robots", {{"arm3", ResolveRobotPath("arm3")}}},
      {"tasks", nlohmann::json::array({task})},
      {"train", nlohmann::json::array({nlohmann::json::array({"arm3", task})})},
      {"interface", interface},
      {"architecture",
       {{"task_hidden", {32, 32}}, {"robot_hidden", {32, 32}}, {"value_hidden", {32, 32}}}},
      {"ppo", ppo}};
  const std::string path = dir.Write("tiny.json", text.dump(2));
  return suite::LoadSuite(path);
}

}  // namespace mosaic::testing
