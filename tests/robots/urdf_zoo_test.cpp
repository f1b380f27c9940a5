// Real robot descriptions as users bring them (tests/data/urdf-zoo, from pybullet_data).
#include <doctest/doctest.h>

#include <cstdlib>

#include "common/error.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

namespace {

size_t MeshCount(const robots::RobotModel& model) {
  size_t n = 0;
  for (const auto& body : model.bodies) {
    for (const auto* list : {&body.visuals, &body.collisions}) {
      for (const auto& g : *list) {
        if (const auto* mesh = std::get_if<robots::MeshShape>(&g.shape)) {
          CHECK(mesh->mesh->TriangleCount() > 0);
          ++n;
        }
      }
    }
  }
  return n;
}

}  // namespace

TEST_CASE("KUKA iiwa: 7 DoF, spatial, relative OBJ and STL meshes") {
  const auto model = robots::LoadRobot(testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf"));
  CHECK(model.dof() == 7);
  CHECK_FALSE(model.planar);
  CHECK(MeshCount(model) == 16);  // 8 links x (visual OBJ + collision STL)
  CHECK(model.ee.link == "lbr_iiwa_link_7");
  CHECK(model.reach > 1.0);
}

TEST_CASE("xArm6: 6 DoF through package:// URIs, from --package-path or MOSAIC_PACKAGE_PATH") {
  const std::string urdf = testing::DataPath("urdf-zoo/xarm/xarm6_robot.urdf");
  robots::LoadOptions options;
  options.package_paths = {testing::DataPath("urdf-zoo/xarm")};
  const auto model = robots::LoadRobot(urdf, options);
  CHECK(model.dof() == 6);
  CHECK_FALSE(model.planar);
  CHECK(MeshCount(model) == 14);
  // world -> link_base is fixed: merged into the base body.
  CHECK(model.bodies[0].links == std::vector<std::string>{"world", "link_base"});
  // The V-HACD collision mesh of link2 holds several convex parts.
  bool multi_part = false;
  for (const auto& g : model.bodies[2].collisions) {
    multi_part |= std::get<robots::MeshShape>(g.shape).mesh->parts.size() > 1;
  }
  CHECK(multi_part);

  CHECK_THROWS_WITH_AS(robots::LoadRobot(urdf),
                       doctest::Contains("unknown package 'xarm_description'"), Error);

  ::setenv("MOSAIC_PACKAGE_PATH", ("/nonexistent:" + testing::DataPath("urdf-zoo/xarm")).c_str(),
           1);
  CHECK(robots::LoadRobot(urdf).dof() == 6);
  // The package folder itself works as a package path too.
  ::setenv("MOSAIC_PACKAGE_PATH", testing::DataPath("urdf-zoo/xarm/xarm_description").c_str(), 1);
  CHECK(robots::LoadRobot(urdf).dof() == 6);
  ::unsetenv("MOSAIC_PACKAGE_PATH");
}

TEST_CASE("TwoJointRobot: fixed joints merged into their parents") {
  const auto model =
      robots::LoadRobot(testing::DataPath("urdf-zoo/TwoJointRobot_w_fixedJoints.urdf"));
  CHECK(model.dof() == 2);
  CHECK(model.planar);
  CHECK(model.bodies.size() == 3);
  CHECK(model.bodies[1].links == std::vector<std::string>{"link_01_cyl", "link_1", "link_12_cyl"});
  // Merged mass: cylinder 0.2 + bar 0.5 + cylinder 0.2.
  CHECK(model.bodies[1].mass == doctest::Approx(0.9));
}
