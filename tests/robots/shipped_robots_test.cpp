#include <doctest/doctest.h>

#include <map>

#include "common/assets.hpp"
#include "robots/urdf_loader.hpp"

using namespace mosaic;

TEST_CASE("every shipped robot loads with its DoF, planar motion and ~0.6 m reach") {
  const std::map<std::string, int> expected_dof = {
      {"arm3", 3}, {"arm4", 4}, {"arm5", 5}, {"scara3", 3}};
  CHECK(ShippedRobotNames() == std::vector<std::string>{"arm3", "arm4", "arm5", "scara3"});
  for (const auto& [name, dof] : expected_dof) {
    CAPTURE(name);
    const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath(name));
    CHECK(model.name == name);
    CHECK(model.dof() == dof);
    CHECK(model.planar);
    CHECK(model.plane_normal.z() == doctest::Approx(1.0));
    CHECK(model.reach == doctest::Approx(0.6).epsilon(0.02));
    CHECK(model.ee.link == "tip");
    CHECK(model.warnings.empty());
    for (const auto& joint : model.joints) {
      CHECK(joint.effort > 0);
      CHECK(joint.damping > 0);
    }
  }
}

TEST_CASE("scara3 is revolute, revolute, prismatic") {
  const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath("scara3"));
  REQUIRE(model.dof() == 3);
  CHECK(model.joints[0].IsRevolute());
  CHECK(model.joints[1].IsRevolute());
  CHECK(model.joints[2].type == robots::JointType::kPrismatic);
}

TEST_CASE("a name that is not a shipped robot resolves as a file path") {
  CHECK(ResolveRobotPath("some/dir/robot.urdf") == "some/dir/robot.urdf");
  CHECK(ResolveRobotPath("arm3") != "arm3");
}
