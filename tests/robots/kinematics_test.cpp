#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "common/assets.hpp"
#include "robots/bullet_robot.hpp"
#include "robots/physics_world.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

namespace {

// arm3 by hand: links 0.25, 0.20, 0.15 m in the plane z = 0.08 m, joints about +z, and the tip of
// a 5.5 cm finger below the last link: the end effector moves at z = 0.025 m.
btVector3 Arm3ByHand(float q1, float q2, float q3) {
  const float a1 = q1, a2 = q1 + q2, a3 = q1 + q2 + q3;
  return btVector3(0.25f * std::cos(a1) + 0.20f * std::cos(a2) + 0.15f * std::cos(a3),
                   0.25f * std::sin(a1) + 0.20f * std::sin(a2) + 0.15f * std::sin(a3), 0.025f);
}

}  // namespace

TEST_CASE("arm3 end-effector forward kinematics matches hand-computed values") {
  const robots::RobotModel model = robots::LoadRobot(ResolveRobotPath("arm3"));
  const std::vector<std::array<float, 3>> configurations = {
      {0, 0, 0}, {static_cast<float>(M_PI / 2), 0, 0}, {0.3f, -1.2f, 2.0f}, {-2.5f, 1.0f, -0.7f}};
  for (const auto& q : configurations) {
    CAPTURE(q[0]);
    CAPTURE(q[1]);
    CAPTURE(q[2]);
    const btVector3 expected = Arm3ByHand(q[0], q[1], q[2]);
    const btVector3 actual = robots::EndEffectorPosition(model, q.data());
    CHECK(actual.x() == doctest::Approx(expected.x()).epsilon(1e-5));
    CHECK(actual.y() == doctest::Approx(expected.y()).epsilon(1e-5));
    CHECK(actual.z() == doctest::Approx(expected.z()).epsilon(1e-5));
  }
  // Fully stretched along +x: the tip is 0.6 m out.
  const float zero[3] = {0, 0, 0};
  CHECK(robots::EndEffectorPosition(model, zero).x() == doctest::Approx(0.6));
}

TEST_CASE("Bullet's multibody agrees with the model's kinematics for every robot") {
  std::vector<std::pair<std::string, robots::LoadOptions>> robots_to_check;
  for (const auto& name : ShippedRobotNames())
    robots_to_check.push_back({ResolveRobotPath(name), {}});
  robots_to_check.push_back({testing::DataPath("urdf-zoo/kuka_iiwa/model.urdf"), {}});
  robots::LoadOptions xarm;
  xarm.package_paths = {testing::DataPath("urdf-zoo/xarm")};
  robots_to_check.push_back({testing::DataPath("urdf-zoo/xarm/xarm6_robot.urdf"), xarm});
  robots_to_check.push_back({testing::DataPath("urdf-zoo/TwoJointRobot_w_fixedJoints.urdf"), {}});

  std::mt19937 rng(7);
  for (const auto& [path, options] : robots_to_check) {
    CAPTURE(path);
    const robots::RobotModel model = robots::LoadRobot(path, options);
    robots::PhysicsWorld physics;
    robots::BulletRobot robot(model, physics.world(), btTransform::getIdentity(), 1.f / 240, 1, 0);
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<float> q(model.dof()), qd(model.dof(), 0.f);
      for (int i = 0; i < model.dof(); ++i) {
        const auto& joint = model.joints[i];
        const float lo = joint.HasLimits() ? joint.lower : -3.f,
                    hi = joint.HasLimits() ? joint.upper : 3.f;
        q[i] = std::uniform_real_distribution<float>(lo, hi)(rng);
      }
      robot.SetState(q.data(), qd.data());
      const btVector3 bullet = robot.EndEffectorWorld();
      const btVector3 model_ee = robots::EndEffectorPosition(model, q.data());
      CHECK((bullet - model_ee).length() < 1e-4);
      const auto frames = robots::ForwardKinematics(model, q.data());
      for (size_t b = 0; b < model.bodies.size(); ++b) {
        CHECK((robot.BodyFrameWorld(static_cast<int>(b)).getOrigin() - frames[b].getOrigin())
                  .length() < 1e-4);
      }
    }
  }
}
