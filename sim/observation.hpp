// The robot half of the observation (o_robot): per actuated joint, position features and velocity.
//   revolute / continuous joint "NAME": [sin q, cos q, qd]         (3 floats; rad/s for qd)
//   prismatic joint "NAME":             [(q - mid) / half_range, qd] (2 floats; m/s for qd)
// A prismatic joint without finite limits uses q itself [m]. Fields are named by the joint names.
#pragma once

#include <vector>

#include "robots/bullet_robot.hpp"
#include "sim/task.hpp"

namespace mosaic::sim {

std::vector<ObservationField> RobotObservationLayout(const robots::RobotModel& model);

// Writes o_robot for joint state (q, qd).
void ObserveRobot(const robots::RobotModel& model, const float* q, const float* qd, float* o_robot);

}  // namespace mosaic::sim
