#include "gui/scene.hpp"

#include "common/assets.hpp"
#include "robots/urdf_loader.hpp"
#include "tasks/registry.hpp"

namespace mosaic::gui {

std::unique_ptr<Scene> Scene::Load(const SceneRequest& request,
                                   const RobotPolicies& robot_policies) {
  std::unique_ptr<Scene> scene(new Scene());
  scene->request_ = request;
  // The task first: an unknown name is the cheapest mistake to report.
  auto task = tasks::MakeTask(request.task);
  robots::LoadOptions options;
  options.package_paths = request.package_paths;
  options.ee_link = request.ee_link;
  scene->model_ = std::make_unique<const robots::RobotModel>(
      robots::LoadRobot(ResolveRobotPath(request.robot), options));
  std::vector<PolicyEntry> policies;
  if (robot_policies) policies = robot_policies(*scene->model_, request.task);
  policies.insert(policies.end(), request.extra_policies.begin(), request.extra_policies.end());
  scene->runner_ = std::make_unique<SimRunner>(*scene->model_, std::move(task), std::move(policies),
                                               request.run);
  return scene;
}

}  // namespace mosaic::gui
