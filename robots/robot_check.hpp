// `mosaic robots check`: build a loaded robot in Bullet and simulate it for a while with zero and
// with random torques, to catch models that load but do not simulate (exploding inertias, ...).
#pragma once

#include <cstdint>
#include <string>

#include "robots/robot_model.hpp"

namespace mosaic::robots {

struct SimulationCheck {
  std::string label;  // "zero torque", "random torque"
  bool ok = true;
  float seconds = 0;           // simulated time until the end or the blow-up [s]
  float max_speed = 0;         // largest joint speed seen [rad/s or m/s]
  btVector3 ee_start, ee_end;  // end effector, world frame [m]
  std::string problem;         // what went wrong, when !ok
  std::string note;            // a remark that is not a failure (speeds at Bullet's clamp)
};

// Simulates `seconds` at 240 Hz from q = 0, with zero torque and then with uniform random torques
// in [-effort, effort] drawn from `seed` (a new draw every 0.05 s).
SimulationCheck SimulateRobot(const RobotModel& model, bool random_torque, float seconds,
                              uint64_t seed);

}  // namespace mosaic::robots
