// Small helpers shared by the task files.
#pragma once

#include <LinearMath/btVector3.h>

#include "sim/world.hpp"

namespace mosaic::tasks {

inline void Write3(const btVector3& v, float*& out) {
  *out++ = v.x();
  *out++ = v.y();
  *out++ = v.z();
}

// End-effector position in the base frame (= world frame: the base sits at the origin) [m].
inline btVector3 EndEffector(const sim::World& world) {
  return world.robot().EndEffectorWorld();
}

// Distance in the workspace's plane for planar robots, full 3-D distance otherwise [m].
inline float PlanarDistance(const sim::Workspace& workspace, const btVector3& a,
                            const btVector3& b) {
  return workspace.InPlane(a - b).length();
}

constexpr float kSuccessRadius = 0.05f;  // [m], every task's success tolerance

}  // namespace mosaic::tasks
