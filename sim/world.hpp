// World: one Bullet world holding one robot (base at the world origin, so the robot's base frame
// is the world frame) and whatever objects a task adds; the first object brings a static ground
// plane at z = 0 with it (a world without objects has nothing for the ground to hold). Stepped at
// a fixed control rate: each control step holds the joint torques for `substeps` physics steps.
#pragma once

#include <memory>
#include <vector>

#include "common/rng.hpp"
#include "robots/bullet_robot.hpp"
#include "robots/physics_world.hpp"
#include "robots/robot_model.hpp"
#include "sim/workspace.hpp"

class btCollisionShape;
class btRigidBody;

namespace mosaic::sim {

struct PhysicsSettings {
  float physics_dt = 1.f / 120.f;  // Bullet step [s]
  int substeps = 6;                // physics steps per control step: control dt = 0.05 s (20 Hz)
  float control_dt() const { return physics_dt * static_cast<float>(substeps); }
};

// Collision filter groups: the robot touches objects only (not the ground, not itself);
// objects touch everything.
namespace collision {
constexpr int kRobot = 1 << 6;
constexpr int kObject = 1 << 7;
constexpr int kGround = 1 << 8;
}  // namespace collision

class World {
 public:
  World(const robots::RobotModel& model, const PhysicsSettings& settings);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const robots::RobotModel& model() const { return model_; }
  robots::BulletRobot& robot() { return *robot_; }
  const robots::BulletRobot& robot() const { return *robot_; }
  const Workspace& workspace() const { return workspace_; }
  const PhysicsSettings& settings() const { return settings_; }

  // Adds a rigid body that the world owns, in the object collision group. mass 0: static.
  // The first call also adds the ground plane.
  btRigidBody* AddObject(std::unique_ptr<btCollisionShape> shape, float mass,
                         const btTransform& pose, float friction);
  // Places an object at rest at `pose`.
  static void PlaceObject(btRigidBody& body, const btTransform& pose);

  // One control step: torque (size dof) [N·m or N] held for `substeps` physics steps.
  void Step(const float* torque);
  // Physics steps taken since construction.
  int64_t physics_steps() const { return physics_steps_; }

 private:
  const robots::RobotModel& model_;
  PhysicsSettings settings_;
  Workspace workspace_;
  robots::PhysicsWorld physics_;
  std::unique_ptr<robots::BulletRobot> robot_;
  std::vector<std::unique_ptr<btCollisionShape>> shapes_;
  std::vector<std::unique_ptr<btRigidBody>> bodies_;
  int64_t physics_steps_ = 0;
  bool has_ground_ = false;
};

// Initial joint positions for an episode (q, size dof): uniform over each joint's range shrunk by
// 10% at both ends and capped at +-pi for revolute joints.
void SampleInitialJoints(const robots::RobotModel& model, Rng& rng, float* q);

}  // namespace mosaic::sim
