#include "robots/robot_facts.hpp"

#include <algorithm>
#include <cmath>

namespace mosaic::robots {

std::vector<int> ChainToBody(const RobotModel& model, int body) {
  std::vector<int> chain;
  for (int b = body; b > 0; b = model.bodies[b].parent_body) chain.push_back(b - 1);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

namespace {

constexpr btScalar kParallelTolerance = 1e-4f;

}  // namespace

void ComputeRobotFacts(RobotModel& model) {
  const std::vector<float> zero(model.dof(), 0.f);
  const std::vector<btTransform> frames = ForwardKinematics(model, zero.data());

  // Axes in the base frame at q = 0 (rotations about a common normal keep it, so q = 0 suffices).
  std::vector<btVector3> revolute_axes, prismatic_axes;
  for (const Joint& joint : model.joints) {
    const btVector3 axis = frames[joint.child_body].getBasis() * joint.axis;
    (joint.IsRevolute() ? revolute_axes : prismatic_axes).push_back(axis);
  }
  bool planar = true;
  btVector3 normal(0, 0, 1);
  if (!revolute_axes.empty()) {
    normal = revolute_axes.front();
    for (const auto& axis : revolute_axes)
      planar &= axis.cross(normal).length() < kParallelTolerance;
    for (const auto& axis : prismatic_axes)
      planar &= std::fabs(axis.dot(normal)) < kParallelTolerance;
  } else {
    const btVector3 first = prismatic_axes.front();
    auto other = std::find_if(
        prismatic_axes.begin(), prismatic_axes.end(),
        [&](const btVector3& a) { return a.cross(first).length() >= kParallelTolerance; });
    if (other != prismatic_axes.end()) normal = first.cross(*other).normalized();
    for (const auto& axis : prismatic_axes)
      planar &= std::fabs(axis.dot(normal)) < kParallelTolerance;
  }
  if (normal.z() < 0) normal = -normal;  // point "up" where there is a choice
  model.planar = planar;
  model.plane_normal = planar ? normal : btVector3(0, 0, 1);

  auto projected = [&](const btVector3& v) {
    return planar ? v - model.plane_normal * v.dot(model.plane_normal) : v;
  };
  const std::vector<int> chain = ChainToBody(model, model.ee.body);
  float reach = 0;
  for (size_t k = 0; k < chain.size(); ++k) {
    const Joint& joint = model.joints[chain[k]];
    const btVector3 here = frames[joint.child_body].getOrigin();
    const btVector3 next = k + 1 < chain.size()
                               ? frames[model.joints[chain[k + 1]].child_body].getOrigin()
                               : frames[model.ee.body] * model.ee.offset;
    reach += projected(next - here).length();
    if (!joint.IsRevolute()) reach += std::max(std::fabs(joint.lower), std::fabs(joint.upper));
  }
  model.reach = reach;
}

}  // namespace mosaic::robots
