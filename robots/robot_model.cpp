#include "robots/robot_model.hpp"

#include <algorithm>
#include <set>

namespace mosaic::robots {

size_t TriangleMesh::TriangleCount() const {
  size_t n = 0;
  for (const auto& part : parts) n += part.indices.size() / 3;
  return n;
}

size_t TriangleMesh::VertexCount() const {
  size_t n = 0;
  for (const auto& part : parts) n += part.vertices.size();
  return n;
}

const char* ShapeKind(const Shape& shape) {
  struct Namer {
    const char* operator()(const BoxShape&) const { return "box"; }
    const char* operator()(const CylinderShape&) const { return "cylinder"; }
    const char* operator()(const SphereShape&) const { return "sphere"; }
    const char* operator()(const MeshShape&) const { return "mesh"; }
  };
  return std::visit(Namer{}, shape);
}

const char* JointTypeName(JointType type) {
  switch (type) {
    case JointType::kRevolute:
      return "revolute";
    case JointType::kContinuous:
      return "continuous";
    case JointType::kPrismatic:
      return "prismatic";
  }
  return "?";
}

std::vector<std::string> RobotModel::JointNames() const {
  std::vector<std::string> names;
  for (const auto& joint : joints) names.push_back(joint.name);
  return names;
}

std::vector<std::string> RobotModel::GeometryKinds() const {
  std::set<std::string> kinds;
  for (const auto& body : bodies) {
    for (const auto& g : body.visuals) kinds.insert(ShapeKind(g.shape));
    for (const auto& g : body.collisions) kinds.insert(ShapeKind(g.shape));
  }
  return {kinds.begin(), kinds.end()};
}

std::vector<btTransform> ForwardKinematics(const RobotModel& model, const float* q) {
  std::vector<btTransform> frames(model.bodies.size());
  ForwardKinematics(model, q, frames.data());
  return frames;
}

void ForwardKinematics(const RobotModel& model, const float* q, btTransform* frames) {
  frames[0].setIdentity();
  for (size_t i = 0; i < model.joints.size(); ++i) {
    const Joint& joint = model.joints[i];
    btTransform motion = btTransform::getIdentity();
    if (joint.IsRevolute()) {
      motion.setRotation(btQuaternion(joint.axis, q[i]));
    } else {
      motion.setOrigin(joint.axis * q[i]);
    }
    frames[joint.child_body] = frames[joint.parent_body] * joint.origin * motion;
  }
}

btVector3 EndEffectorPosition(const RobotModel& model, const float* q) {
  return ForwardKinematics(model, q)[model.ee.body] * model.ee.offset;
}

}  // namespace mosaic::robots
