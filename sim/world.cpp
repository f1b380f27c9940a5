#include "sim/world.hpp"

#include <BulletCollision/CollisionShapes/btStaticPlaneShape.h>
#include <BulletDynamics/Dynamics/btRigidBody.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>

#include <algorithm>
#include <cmath>

namespace mosaic::sim {

World::World(const robots::RobotModel& model, const PhysicsSettings& settings)
    : model_(model), settings_(settings), workspace_(MakeWorkspace(model)) {
  robot_ = std::make_unique<robots::BulletRobot>(model, physics_.world(),
                                                 btTransform::getIdentity(), settings.physics_dt,
                                                 collision::kRobot, collision::kObject);
}

World::~World() {
  for (auto& body : bodies_) physics_.world().removeRigidBody(body.get());
  robot_.reset();
}

btRigidBody* World::AddObject(std::unique_ptr<btCollisionShape> shape, float mass,
                              const btTransform& pose, float friction) {
  if (!has_ground_) {
    has_ground_ = true;
    auto ground_shape = std::make_unique<btStaticPlaneShape>(btVector3(0, 0, 1), 0.f);
    btRigidBody::btRigidBodyConstructionInfo ground_info(0.f, nullptr, ground_shape.get());
    auto ground = std::make_unique<btRigidBody>(ground_info);
    ground->setFriction(0.5f);
    physics_.world().addRigidBody(ground.get(), collision::kGround, collision::kObject);
    shapes_.push_back(std::move(ground_shape));
    bodies_.push_back(std::move(ground));
  }
  btVector3 inertia(0, 0, 0);
  if (mass > 0) shape->calculateLocalInertia(mass, inertia);
  btRigidBody::btRigidBodyConstructionInfo info(mass, nullptr, shape.get(), inertia);
  info.m_startWorldTransform = pose;
  info.m_friction = friction;
  auto body = std::make_unique<btRigidBody>(info);
  body->setActivationState(DISABLE_DEACTIVATION);
  physics_.world().addRigidBody(body.get(), collision::kObject,
                                collision::kRobot | collision::kObject | collision::kGround);
  btRigidBody* raw = body.get();
  shapes_.push_back(std::move(shape));
  bodies_.push_back(std::move(body));
  return raw;
}

void World::PlaceObject(btRigidBody& body, const btTransform& pose) {
  body.setWorldTransform(pose);
  body.setInterpolationWorldTransform(pose);
  body.setLinearVelocity(btVector3(0, 0, 0));
  body.setAngularVelocity(btVector3(0, 0, 0));
  body.setInterpolationLinearVelocity(btVector3(0, 0, 0));
  body.setInterpolationAngularVelocity(btVector3(0, 0, 0));
  body.clearForces();
}

void World::Step(const float* torque) {
  robot_->UpdateDamping();
  for (int i = 0; i < settings_.substeps; ++i) {
    robot_->ApplyTorques(torque);
    physics_.Step(settings_.physics_dt);
  }
  physics_steps_ += settings_.substeps;
}

void SampleInitialJoints(const robots::RobotModel& model, Rng& rng, float* q) {
  constexpr float kPi = static_cast<float>(M_PI);
  constexpr float kMargin = 0.1f;
  for (int i = 0; i < model.dof(); ++i) {
    const auto& joint = model.joints[i];
    float lo = joint.HasLimits() ? joint.lower : -kPi;
    float hi = joint.HasLimits() ? joint.upper : kPi;
    const float margin = kMargin * (hi - lo);
    lo += margin;
    hi -= margin;
    if (joint.IsRevolute()) {
      lo = std::max(lo, -kPi);
      hi = std::min(hi, kPi);
    }
    q[i] = rng.Uniform(lo, hi);
  }
}

}  // namespace mosaic::sim
