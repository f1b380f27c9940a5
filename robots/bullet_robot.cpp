#include "robots/bullet_robot.hpp"

#include <BulletCollision/CollisionShapes/btBoxShape.h>
#include <BulletCollision/CollisionShapes/btCompoundShape.h>
#include <BulletCollision/CollisionShapes/btConvexHullShape.h>
#include <BulletCollision/CollisionShapes/btCylinderShape.h>
#include <BulletCollision/CollisionShapes/btSphereShape.h>
#include <BulletDynamics/Featherstone/btMultiBody.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>
#include <BulletDynamics/Featherstone/btMultiBodyJointLimitConstraint.h>
#include <BulletDynamics/Featherstone/btMultiBodyLinkCollider.h>

#include <cmath>

#include "robots/dynamics.hpp"

namespace mosaic::robots {

void PrincipalFrame(const Body& body, btTransform& frame, btVector3& moments) {
  btMatrix3x3 rotation;
  btMatrix3x3 diagonal = body.inertia;
  diagonal.diagonalize(rotation, 1e-9f, 32);
  moments = btVector3(diagonal[0][0], diagonal[1][1], diagonal[2][2]);
  frame = btTransform(rotation, body.com);
}

BulletRobot::BulletRobot(const RobotModel& model, btMultiBodyDynamicsWorld& world,
                         const btTransform& base_pose, float physics_dt, int group, int mask)
    : model_(model),
      world_(world),
      physics_dt_(physics_dt),
      mass_(model.dof() * model.dof(), 0.0),
      implicit_(model.dof() * model.dof(), 0.0),
      rhs_(model.dof(), 0.0),
      q_scratch_(model.dof(), 0.f),
      dynamics_(std::make_unique<DynamicsWorkspace>(model)) {
  const int n_links = model.dof();
  com_frames_.resize(model.bodies.size());
  std::vector<btVector3> moments(model.bodies.size());
  for (size_t b = 0; b < model.bodies.size(); ++b)
    PrincipalFrame(model.bodies[b], com_frames_[b], moments[b]);
  // The base is fixed: its mass does not matter, and its frame stays the URDF frame.
  com_frames_[0] = btTransform::getIdentity();

  multibody_ =
      std::make_unique<btMultiBody>(n_links, model.bodies[0].mass > 0 ? model.bodies[0].mass : 1.f,
                                    moments[0], /*fixedBase=*/true, /*canSleep=*/false);
  multibody_->setBaseWorldTransform(base_pose);
  for (const Joint& joint : model.joints) {
    const int link = joint.child_body - 1;
    const Body& child = model.bodies[joint.child_body];
    // Joint frame in the parent's Bullet frame, and the child's URDF frame in its Bullet frame.
    const btTransform offset_in_parent = com_frames_[joint.parent_body].inverse() * joint.origin;
    const btTransform offset_in_child = com_frames_[joint.child_body].inverse();
    const btQuaternion parent_to_this =
        offset_in_child.getRotation() * offset_in_parent.getRotation().inverse();
    const btVector3 axis = quatRotate(offset_in_child.getRotation(), joint.axis);
    if (joint.IsRevolute()) {
      multibody_->setupRevolute(link, child.mass, moments[joint.child_body], joint.parent_body - 1,
                                parent_to_this, axis, offset_in_parent.getOrigin(),
                                -offset_in_child.getOrigin(), /*disableParentCollision=*/true);
    } else {
      multibody_->setupPrismatic(link, child.mass, moments[joint.child_body], joint.parent_body - 1,
                                 parent_to_this, axis, offset_in_parent.getOrigin(),
                                 -offset_in_child.getOrigin(), /*disableParentCollision=*/true);
    }
  }
  multibody_->finalizeMultiDof();
  multibody_->setCanSleep(false);
  multibody_->setHasSelfCollision(false);
  multibody_->setLinearDamping(0.f);  // damping is the URDF's joint damping, nothing else
  multibody_->setAngularDamping(0.f);
  world.addMultiBody(multibody_.get(), group, mask);

  for (size_t b = 0; b < model.bodies.size(); ++b) {
    const Body& body = model.bodies[b];
    if (body.collisions.empty()) continue;
    auto compound = std::make_unique<btCompoundShape>(/*enableDynamicAabbTree=*/false);
    for (const Geometry& geometry : body.collisions) {
      btCollisionShape* shape = MakeShape(geometry.shape);
      const btTransform local = com_frames_[b].inverse() * geometry.origin;
      if (auto* parts = dynamic_cast<btCompoundShape*>(shape)) {  // a multi-part mesh
        for (int i = 0; i < parts->getNumChildShapes(); ++i)
          compound->addChildShape(local, parts->getChildShape(i));
      } else {
        compound->addChildShape(local, shape);
      }
    }
    auto collider =
        std::make_unique<btMultiBodyLinkCollider>(multibody_.get(), static_cast<int>(b) - 1);
    collider->setCollisionShape(compound.get());
    collider->setFriction(0.8f);
    if (b == 0) {
      multibody_->setBaseCollider(collider.get());
    } else {
      multibody_->getLink(static_cast<int>(b) - 1).m_collider = collider.get();
    }
    world.addCollisionObject(collider.get(), group, mask);
    shapes_.push_back(std::move(compound));
    colliders_.push_back(std::move(collider));
  }
  for (int i = 0; i < n_links; ++i) {
    const Joint& joint = model.joints[i];
    if (!joint.HasLimits()) continue;
    auto limit = std::make_unique<btMultiBodyJointLimitConstraint>(multibody_.get(), i, joint.lower,
                                                                   joint.upper);
    world.addMultiBodyConstraint(limit.get());
    limits_.push_back(std::move(limit));
  }
  const std::vector<float> zero(n_links, 0.f);
  SetState(zero.data(), zero.data());
}

BulletRobot::~BulletRobot() {
  for (auto& limit : limits_) world_.removeMultiBodyConstraint(limit.get());
  for (auto& collider : colliders_) world_.removeCollisionObject(collider.get());
  world_.removeMultiBody(multibody_.get());
}

btCollisionShape* BulletRobot::MakeShape(const Shape& shape) {
  std::unique_ptr<btCollisionShape> made;
  if (const auto* box = std::get_if<BoxShape>(&shape)) {
    made = std::make_unique<btBoxShape>(box->size * 0.5f);
  } else if (const auto* cylinder = std::get_if<CylinderShape>(&shape)) {
    made = std::make_unique<btCylinderShapeZ>(
        btVector3(cylinder->radius, cylinder->radius, cylinder->length * 0.5f));
  } else if (const auto* sphere = std::get_if<SphereShape>(&shape)) {
    made = std::make_unique<btSphereShape>(sphere->radius);
  } else {
    // Collision meshes become convex hulls, one per part of the file.
    const auto& mesh = std::get<MeshShape>(shape);
    auto parts = std::make_unique<btCompoundShape>(false);
    for (const auto& part : mesh.mesh->parts) {
      auto hull = std::make_unique<btConvexHullShape>();
      for (const btVector3& v : part.vertices) hull->addPoint(v, false);
      hull->recalcLocalAabb();
      hull->optimizeConvexHull();
      parts->addChildShape(btTransform::getIdentity(), hull.get());
      shapes_.push_back(std::move(hull));
    }
    made = std::move(parts);
  }
  btCollisionShape* raw = made.get();
  shapes_.push_back(std::move(made));
  return raw;
}

void BulletRobot::SetState(const float* q, const float* qd) {
  for (int i = 0; i < dof(); ++i) {
    multibody_->setJointPos(i, q[i]);
    multibody_->setJointVel(i, qd[i]);
  }
  btAlignedObjectArray<btQuaternion> world_to_local;
  btAlignedObjectArray<btVector3> local_origin;
  multibody_->forwardKinematics(world_to_local, local_origin);
  multibody_->updateCollisionObjectWorldTransforms(world_to_local, local_origin);
  UpdateDamping();
}

void BulletRobot::UpdateDamping() {
  for (int i = 0; i < dof(); ++i) q_scratch_[i] = multibody_->getJointPos(i);
  mass_ = dynamics_->MassMatrix(q_scratch_.data());
  implicit_ = mass_;
  const int n = dof();
  for (int i = 0; i < n; ++i) implicit_[i * n + i] += physics_dt_ * model_.joints[i].damping;
  if (!CholeskyFactor(implicit_.data(), n)) {
    // Not positive definite: a non-finite configuration (a blow-up StateIsSane reports).
    std::fill(implicit_.begin(), implicit_.end(), 0.0);
    for (int i = 0; i < n; ++i) implicit_[i * n + i] = 1.0;
  }
}

void BulletRobot::GetState(float* q, float* qd) const {
  for (int i = 0; i < dof(); ++i) {
    q[i] = multibody_->getJointPos(i);
    qd[i] = multibody_->getJointVel(i);
  }
}

void BulletRobot::ApplyTorques(const float* torque) {
  const int n = dof();
  for (int i = 0; i < n; ++i) {
    double s = physics_dt_ * torque[i];
    for (int k = 0; k < n; ++k) s += mass_[i * n + k] * multibody_->getJointVel(k);
    rhs_[i] = s;
  }
  CholeskySolve(implicit_.data(), n, rhs_.data());  // rhs_ = end-of-step velocity
  multibody_->clearForcesAndTorques();
  for (int i = 0; i < n; ++i) {
    multibody_->addJointTorque(i,
                               torque[i] - model_.joints[i].damping * static_cast<float>(rhs_[i]));
  }
}

btVector3 BulletRobot::EndEffectorWorld() const {
  const int body = model_.ee.body;
  return multibody_->localPosToWorld(body - 1, com_frames_[body].inverse() * model_.ee.offset);
}

btTransform BulletRobot::BodyFrameWorld(int body) const {
  const btTransform com_world = body == 0 ? multibody_->getBaseWorldTransform()
                                          : multibody_->getLink(body - 1).m_cachedWorldTransform;
  return com_world * com_frames_[body].inverse();
}

bool BulletRobot::StateIsSane() const {
  for (int i = 0; i < dof(); ++i) {
    const float q = multibody_->getJointPos(i);
    const float qd = multibody_->getJointVel(i);
    if (!std::isfinite(q) || !std::isfinite(qd) || std::fabs(q) > 1e6f) return false;
  }
  return true;
}

float BulletRobot::SpeedClamp() const {
  return multibody_->getMaxCoordinateVelocity();
}

}  // namespace mosaic::robots
