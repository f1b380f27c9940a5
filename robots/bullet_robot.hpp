// A RobotModel built into a Bullet world: a btMultiBody (reduced coordinates, fixed base, never
// sleeping), one compound collider per body, joint-limit constraints, joint motors off. Control is
// by joint torque: each physics step the caller sets torques with ApplyTorques, which adds the
// joint's viscous damping (-damping * velocity) as a torque too.
//
// Damping is integrated implicitly: the damping torque is -B qd' where qd' is the joint velocity at
// the end of the physics step, solved from (M + dt B) qd' = M qd + dt tau (M: the joint-space mass
// matrix, B: diagonal joint damping, tau: the applied torques). For light damping this is -B qd;
// for stiff damping on light links it brakes without overshoot. Plain explicit damping (-B qd) is
// unstable there: real URDFs such as the xArm's wrist (1 N·m·s on 5e-5 kg·m²) and coupled chains
// of light links blow up with it at any usual time step. M comes from the model at the current
// configuration, refreshed by UpdateDamping().
//
// Bullet places each link frame at the body's centre of mass, on its principal axes; this class
// hides that: positions it reports are of the URDF frames and the end-effector point.
#pragma once

#include <memory>
#include <vector>

#include "robots/robot_model.hpp"

class btMultiBody;
class btMultiBodyDynamicsWorld;
class btCollisionShape;
class btMultiBodyLinkCollider;
class btMultiBodyConstraint;

namespace mosaic::robots {

class DynamicsWorkspace;

class BulletRobot {
 public:
  // Adds the robot to `world` with its base frame at `base_pose`; the world will be stepped with
  // `physics_dt` [s]. Collision filtering: the robot's colliders belong to `group` and collide
  // with `mask` (self-collision is off).
  BulletRobot(const RobotModel& model, btMultiBodyDynamicsWorld& world,
              const btTransform& base_pose, float physics_dt, int group, int mask);
  ~BulletRobot();  // removes everything it added from the world
  BulletRobot(const BulletRobot&) = delete;
  BulletRobot& operator=(const BulletRobot&) = delete;

  const RobotModel& model() const { return model_; }
  btMultiBody& multibody() { return *multibody_; }
  int dof() const { return model_.dof(); }

  // Sets joint positions and velocities (size dof each) and updates all frames.
  void SetState(const float* q, const float* qd);
  // Reads joint positions and velocities (size dof each).
  void GetState(float* q, float* qd) const;
  // Clears forces and applies torque[i] plus joint i's damping torque (size dof) [N·m or N].
  void ApplyTorques(const float* torque);
  // Recomputes the damping integration for the current configuration. SetState calls it; call it
  // again every few physics steps (once per control step is plenty: the mass matrix changes
  // slowly) or every step for exactness.
  void UpdateDamping();
  // End-effector position in the world frame [m].
  btVector3 EndEffectorWorld() const;
  // World transform of body b's URDF frame (for drawing).
  btTransform BodyFrameWorld(int body) const;
  // False when any joint position or velocity is not finite or beyond any physical meaning
  // (|q| > 1e6): the simulation has blown up.
  bool StateIsSane() const;
  // Bullet clamps every joint speed to this [rad/s or m/s]; reaching it means the robot is driven
  // harder than the simulation follows.
  float SpeedClamp() const;

 private:
  btCollisionShape* MakeShape(const Shape& shape);

  const RobotModel& model_;
  btMultiBodyDynamicsWorld& world_;
  float physics_dt_;
  std::vector<double> mass_;      // M at the last UpdateDamping, (dof x dof)
  std::vector<double> implicit_;  // Cholesky factor of M + dt B, (dof x dof)
  std::vector<double> rhs_;       // scratch, (dof)
  std::vector<float> q_scratch_;
  std::unique_ptr<DynamicsWorkspace> dynamics_;
  std::unique_ptr<btMultiBody> multibody_;
  std::vector<btTransform> com_frames_;  // per body: Bullet link frame in the URDF body frame
  std::vector<std::unique_ptr<btCollisionShape>> shapes_;
  std::vector<std::unique_ptr<btMultiBodyLinkCollider>> colliders_;
  std::vector<std::unique_ptr<btMultiBodyConstraint>> limits_;
};

// Principal frame of a body: rotation to principal axes and the COM, in the body frame; and the
// principal moments (Bullet's diagonal inertia).
void PrincipalFrame(const Body& body, btTransform& frame, btVector3& moments);

}  // namespace mosaic::robots
