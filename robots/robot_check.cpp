#include "robots/robot_check.hpp"

#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>

#include <cmath>
#include <random>
#include <sstream>

#include "robots/bullet_robot.hpp"
#include "robots/physics_world.hpp"

namespace mosaic::robots {

namespace {
constexpr float kCheckDt = 1.f / 240.f;  // [s]
constexpr float kTorqueHold = 0.05f;     // [s] between random torque draws
}  // namespace

SimulationCheck SimulateRobot(const RobotModel& model, bool random_torque, float seconds,
                              uint64_t seed) {
  SimulationCheck check;
  check.label = random_torque ? "random torque" : "zero torque";
  PhysicsWorld physics;
  BulletRobot robot(model, physics.world(), btTransform::getIdentity(), kCheckDt, 1, 0);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> unit(-1.f, 1.f);
  std::vector<float> torque(model.dof(), 0.f), q(model.dof()), qd(model.dof());
  check.ee_start = robot.EndEffectorWorld();
  const int steps = static_cast<int>(std::lround(seconds / kCheckDt));
  const int hold = static_cast<int>(std::lround(kTorqueHold / kCheckDt));
  for (int step = 0; step < steps; ++step) {
    if (random_torque && step % hold == 0) {
      for (int i = 0; i < model.dof(); ++i) torque[i] = unit(rng) * model.joints[i].effort;
    }
    robot.UpdateDamping();
    robot.ApplyTorques(torque.data());
    physics.Step(kCheckDt);
    check.seconds = (step + 1) * kCheckDt;
    robot.GetState(q.data(), qd.data());
    for (float v : qd) check.max_speed = std::max(check.max_speed, std::fabs(v));
    if (!robot.StateIsSane()) {
      std::ostringstream why;
      why << "simulation blew up after " << check.seconds << " s with " << check.label
          << " (joint state no longer finite); check masses, inertias and effort limits";
      check.ok = false;
      check.problem = why.str();
      break;
    }
  }
  check.ee_end = robot.EndEffectorWorld();
  if (check.ok && check.max_speed >= 0.999f * robot.SpeedClamp()) {
    std::ostringstream note;
    note << "joint speeds reached Bullet's clamp of " << robot.SpeedClamp()
         << " rad/s: the effort limits drive some links harder than the simulation follows";
    check.note = note.str();
  }
  return check;
}

}  // namespace mosaic::robots
