// Derived facts of a RobotModel: reach radius and planarity. Internal to the loader, public so
// tests can check them on hand-made models.
#pragma once

#include "robots/robot_model.hpp"

namespace mosaic::robots {

// Joints on the path from the base to `body`, base first.
std::vector<int> ChainToBody(const RobotModel& model, int body);

// Sets model.planar, model.plane_normal and model.reach.
//  planar: every revolute axis parallel to one normal n, every prismatic axis perpendicular to n
//          (so the end effector moves in planes perpendicular to n). With only prismatic joints,
//          planar when their axes are coplanar.
//  reach:  sum of the distances between successive joint origins on the end effector's chain
//          and from the last one to the end effector (projected onto the motion plane when
//          planar), plus the largest travel of each prismatic joint on the chain.
void ComputeRobotFacts(RobotModel& model);

}  // namespace mosaic::robots
