#include "sim/workspace.hpp"

#include <cmath>

namespace mosaic::sim {

Workspace MakeWorkspace(const robots::RobotModel& model) {
  Workspace workspace;
  workspace.planar = model.planar;
  workspace.normal = model.planar ? model.plane_normal : btVector3(0, 0, 1);
  btVector3 helper =
      std::fabs(workspace.normal.x()) < 0.9f ? btVector3(1, 0, 0) : btVector3(0, 1, 0);
  workspace.u = (helper - workspace.normal * helper.dot(workspace.normal)).normalized();
  workspace.v = workspace.normal.cross(workspace.u);
  const std::vector<float> zero(model.dof(), 0.f);
  const auto frames = robots::ForwardKinematics(model, zero.data());
  const btVector3 first_joint = frames[model.joints.front().child_body].getOrigin();
  const btVector3 ee = frames[model.ee.body] * model.ee.offset;
  workspace.center = first_joint;
  if (model.planar) {
    // Move the centre along the normal to the end effector's height (constant for planar robots).
    workspace.center += workspace.normal * (ee - first_joint).dot(workspace.normal);
  }
  workspace.r_min = Workspace::kInnerFraction * model.reach;
  workspace.r_max = Workspace::kOuterFraction * model.reach;
  return workspace;
}

btVector3 Workspace::Sample(Rng& rng) const {
  return Sample(rng, 0.f, 0.f);
}

btVector3 Workspace::Sample(Rng& rng, float inner_margin, float outer_margin) const {
  const float lo = r_min + inner_margin, hi = std::max(lo, r_max - outer_margin);
  const float angle = rng.Uniform(-static_cast<float>(M_PI), static_cast<float>(M_PI));
  if (planar) {
    const float r = std::sqrt(rng.Uniform(lo * lo, hi * hi));
    return center + (u * std::cos(angle) + v * std::sin(angle)) * r;
  }
  const float r = std::cbrt(rng.Uniform(lo * lo * lo, hi * hi * hi));
  const float cos_polar = rng.Uniform(0.f, 1.f);  // upper hemisphere, uniform in solid angle
  const float sin_polar = std::sqrt(1.f - cos_polar * cos_polar);
  return center + (u * (std::cos(angle) * sin_polar) + v * (std::sin(angle) * sin_polar) +
                   normal * cos_polar) *
                      r;
}

}  // namespace mosaic::sim
