// Workspace: where a robot's tasks put their goals and objects. Planar robots: an annulus in the
// plane their end effector moves in, around the first joint's axis. Spatial robots: the upper half
// of a spherical shell around the first joint. Radii are fractions of the robot's reach.
#pragma once

#include <LinearMath/btVector3.h>

#include "common/rng.hpp"
#include "robots/robot_model.hpp"

namespace mosaic::sim {

struct Workspace {
  static constexpr float kInnerFraction = 0.35f;  // r_min = kInnerFraction * reach
  static constexpr float kOuterFraction = 0.85f;  // r_max = kOuterFraction * reach

  bool planar = true;
  btVector3 center{0, 0, 0};  // planar: first joint's axis point at the end effector's height [m]
  btVector3 normal{0, 0, 1};  // plane normal (planar) or "up" (spatial)
  btVector3 u{1, 0, 0}, v{0, 1, 0};  // in-plane orthonormal axes
  float r_min = 0, r_max = 0;        // [m]

  // A point uniform over the annulus area (planar) or the half-shell volume (spatial).
  btVector3 Sample(Rng& rng) const;
  // Same, with the radius range narrowed to [r_min + inner_margin, r_max - outer_margin].
  btVector3 Sample(Rng& rng, float inner_margin, float outer_margin) const;
  // d with its component along the normal removed for planar robots; d itself otherwise.
  btVector3 InPlane(btVector3 d) const {
    if (planar) d -= normal * d.dot(normal);
    return d;
  }
  // Distance of p from the centre, in the plane for planar robots [m].
  float Radius(const btVector3& p) const { return InPlane(p - center).length(); }
  bool Contains(const btVector3& p) const {
    const float r = Radius(p);
    return r >= r_min && r <= r_max;
  }
};

Workspace MakeWorkspace(const robots::RobotModel& model);

}  // namespace mosaic::sim
