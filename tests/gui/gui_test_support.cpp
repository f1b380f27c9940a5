#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include "tests/gui/gui_test_support.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/assets.hpp"
#include "common/files.hpp"
#include "modules/policy_modules.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "tasks/registry.hpp"

namespace mosaic::gui_testing {

std::string WriteSuite(const std::string& dir, const std::string& name,
                       const std::vector<std::string>& robots,
                       const std::vector<std::string>& tasks) {
  nlohmann::json suite{{"name", name}, {"tasks", tasks}, {"heldout", "rest"}};
  nlohmann::json train = nlohmann::json::array();
  for (const auto& task : tasks) train.push_back({robots.front(), task});
  for (size_t r = 1; r < robots.size(); ++r) train.push_back({robots[r], tasks.front()});
  suite["train"] = train;
  for (const auto& robot : robots) suite["robots"][robot] = ResolveRobotPath(robot);
  const std::string path = dir + "/" + name + ".json";
  WriteFileAtomic(path, suite.dump(2));
  return path;
}

}  // namespace mosaic::gui_testing
