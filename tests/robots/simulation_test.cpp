#include <doctest/doctest.h>

#include <cmath>

#include "common/assets.hpp"
#include "robots/bullet_robot.hpp"
#include "robots/physics_world.hpp"
#include "robots/robot_check.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;

TEST_CASE("every shipped robot simulates 1 s with zero and random torques") {
  for (const auto& name : ShippedRobotNames()) {
    CAPTURE(name);
    const auto model = robots::LoadRobot(ResolveRobotPath(name));
    const auto still = robots::SimulateRobot(model, false, 1.f, 1);
    CHECK(still.ok);
    CHECK(still.max_speed < 1e-3);  // axes are vertical: gravity does no work
    const auto moving = robots::SimulateRobot(model, true, 1.f, 2);
    CHECK(moving.ok);
    CHECK(moving.max_speed > 0.1);
  }
}

TEST_CASE("joint damping brakes a spinning joint, and torque drives it") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm3"));
  robots::PhysicsWorld physics;
  robots::BulletRobot robot(model, physics.world(), btTransform::getIdentity(), 1.f / 240, 1, 0);
  std::vector<float> q(3, 0.f), qd = {0.f, 0.f, 2.f}, torque(3, 0.f);
  robot.SetState(q.data(), qd.data());
  for (int i = 0; i < 120; ++i) {
    robot.ApplyTorques(torque.data());
    physics.Step(1.f / 240);
  }
  robot.GetState(q.data(), qd.data());
  CHECK(std::fabs(qd[2]) < 0.05);  // damped out within 0.5 s (time constant ~0.1 s)
  CHECK(q[2] > 0.01);

  torque = {model.joints[0].effort, 0, 0};
  for (int i = 0; i < 240; ++i) {
    robot.ApplyTorques(torque.data());
    physics.Step(1.f / 240);
  }
  robot.GetState(q.data(), qd.data());
  // Terminal speed of a damped joint is effort / damping (about 2.5 rad/s for these arms).
  CHECK(qd[0] == doctest::Approx(model.joints[0].effort / model.joints[0].damping).epsilon(0.15));
}

TEST_CASE("joint limits hold") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm3"));
  robots::PhysicsWorld physics;
  robots::BulletRobot robot(model, physics.world(), btTransform::getIdentity(), 1.f / 240, 1, 0);
  std::vector<float> q(3), qd(3), torque = {0.f, 0.f, model.joints[2].effort};
  for (int i = 0; i < 480; ++i) {
    robot.ApplyTorques(torque.data());
    physics.Step(1.f / 240);
  }
  robot.GetState(q.data(), qd.data());
  CHECK(q[2] <= model.joints[2].upper + 0.05f);
  CHECK(q[2] > model.joints[2].upper - 0.1f);
}

TEST_CASE("a state that is no longer finite is detected as a blow-up") {
  const auto model = robots::LoadRobot(ResolveRobotPath("arm3"));
  robots::PhysicsWorld physics;
  robots::BulletRobot robot(model, physics.world(), btTransform::getIdentity(), 1.f / 240, 1, 0);
  CHECK(robot.StateIsSane());
  std::vector<float> q = {0.f, std::nanf(""), 0.f}, qd(3, 0.f);
  robot.SetState(q.data(), qd.data());
  CHECK_FALSE(robot.StateIsSane());
}

TEST_CASE("stiff damping on a light link stays stable (the xArm's wrist)") {
  robots::LoadOptions options;
  options.package_paths = {testing::DataPath("urdf-zoo/xarm")};
  const auto model =
      robots::LoadRobot(testing::DataPath("urdf-zoo/xarm/xarm6_robot.urdf"), options);
  const auto falling = robots::SimulateRobot(model, false, 1.f, 1);
  CHECK(falling.ok);
  // Falling under gravity with 1 N·m·s damping: a few rad/s, far from Bullet's 100 rad/s clamp
  // that explicit damping runs into on the 5e-5 kg·m² wrist.
  CHECK(falling.max_speed < 20.f);
  CHECK(falling.note.empty());
}
