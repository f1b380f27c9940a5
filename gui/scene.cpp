#include "gui/scene.hpp"

#include "common/assets.hpp"
#include "robots/urdf_loader.hpp"
#include "tasks/registry.hpp"

namespace mosaic::gui {

std::unique_ptr<Scene> Scene::Load(const SceneRequest& request) {
  std::unique_ptr<Scene> scene(new Scene());
  scene->request_ = request;
  // The task first: an unknown name is the cheapest mistake to report.
  auto task = tasks::MakeTask(request.task);
  robots::LoadOptions options;
  options.package_paths = request.package_paths;
  scene->model_ = std::make_unique<const robots::RobotModel>(
      robots::LoadRobot(ResolveRobotPath(request.robot), options));
  scene->runner_ = std::make_unique<SimRunner>(*scene->model_, std::move(task),
                                               request.extra_policies, request.run);
  return scene;
}

}  // namespace mosaic::gui
