// push: a block rests on the table — a 0.1 kg puck, a short cylinder 5 cm across and 5 cm high, a
// real Bullet rigid body with friction — and the robot's links and finger collide with it. Push
// the block to a goal on the table. (A puck rather than a cube: pushed by a round finger, a cube
// pivots off the contact and slides sideways, which made even a scripted pusher fail more often
// than not; the puck keeps the task about where to push, as in MuJoCo's Pusher and Meta-World.)
//
// o_task (base frame):
// | field               | size | frame | units | meaning                   |
// |---------------------|------|-------|-------|---------------------------|
// | block               | 3    | base  | m     | block centre              |
// | goal                | 3    | base  | m     | goal for the block centre |
// | ee                  | 3    | base  | m     | end-effector position     |
// | block_minus_ee      | 3    | base  | m     | block - ee                |
// | goal_minus_block    | 3    | base  | m     | goal - block              |
// | push_point_minus_ee | 3    | base  | m     | push point (below) - ee   |
//
// The push point is where the hand should press: 1 cm behind the block's centre on the far side
// from the goal. It is a function of block and goal, but one a small tanh network learns slowly
// (it divides by |goal - block|, which shrinks exactly where precision matters); given directly,
// it turns steering the block into reaching a moving point. Trained on the three push worlds of
// `arms` alone (10M steps, seeds 1 and 2), the field raised the deterministic success at the end
// from 0.40 / 0.28 / 0.56 and 0.41 / 0.31 / 0.50 to 0.67 / 0.53 / 0.64 and 0.47 / 0.44 / 0.46
// (arm4 / arm5 / scara3, 200 episodes each).
//
// Reward (task term), per step: -(|goal - block| + 0.5 * |push point - ee|) [m] + 2 * v [m/s].
//   |goal - block|: the block's distance to the goal;
//   |push point - ee|: pulls the hand to the push point (above), inside the block, so the hand
//     presses on the block goalward;
//   v: the block's speed toward the goal (clipped to +-0.5 m/s): immediate credit for pushing the
//     right way and blame for knocking it away, without which PPO settles for hovering next to
//     the block.
// Success: block centre within 5 cm of the goal at the episode's end. Episode: 100 control steps
// (5 s). The block is drawn over the robot's workspace (clear of the robot's links), the goal
// 8-15 cm from it inside the workspace. The block slides and spins about the vertical only (it
// does not tip). Robots: planar, with the end effector moving in the horizontal plane at block
// height (0 to 5 cm).
#include "tasks/push.hpp"

#include <BulletCollision/CollisionShapes/btCylinderShape.h>
#include <BulletDynamics/Dynamics/btRigidBody.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "tasks/task_util.hpp"

namespace mosaic::tasks {

namespace {
constexpr float kBlockFriction = 1.0f;  // x 0.8 against the finger, x 0.5 against the table
constexpr float kBlockMinDistance = 0.08f, kBlockMaxDistance = 0.15f;  // hand to block at reset [m]
constexpr float kGoalMinDistance = 0.08f, kGoalMaxDistance = 0.15f;    // block to goal [m]
constexpr float kGoalSpread = 0.8f;    // [rad] goal direction off the hand -> block line
constexpr float kClearance = 0.05f;    // block centre to any robot segment at reset [m]
constexpr float kReachShaping = 0.5f;  // weight of the hand-to-push-point term
constexpr float kPushPointBack =
    0.01f;  // [m] behind the block centre: inside it, so the hand presses on
constexpr float kProgressWeight = 2.f;     // [s/m]: reward per m/s of block speed toward the goal
constexpr float kMaxProgressSpeed = 0.5f;  // [m/s]
constexpr int kMaxDraws = 100;
constexpr float kMaxBlockSpeed = 50.f;  // [m/s]: beyond this the block has blown up

// Distance from p to the segment [a, b], in the horizontal plane.
float SegmentDistance(const btVector3& p, btVector3 a, btVector3 b) {
  a.setZ(0);
  b.setZ(0);
  const btVector3 q(p.x(), p.y(), 0);
  const btVector3 ab = b - a;
  const float t =
      ab.length2() > 1e-12f ? std::clamp((q - a).dot(ab) / ab.length2(), 0.f, 1.f) : 0.f;
  return (q - (a + ab * t)).length();
}

// The push point (see the header comment) for a block at `block`; `toward_goal` is goal - block
// in the workspace plane [m].
btVector3 PushPointFor(const btVector3& block, const btVector3& toward_goal) {
  return block - toward_goal / std::max(toward_goal.length(), 0.01f) * kPushPointBack;
}
}  // namespace

const std::string& PushTask::name() const {
  static const std::string kName = "push";
  return kName;
}

const std::vector<sim::ObservationField>& PushTask::layout() const {
  static const std::vector<sim::ObservationField> kLayout = {
      {"block", 3, "base", "m"},
      {"goal", 3, "base", "m"},
      {"ee", 3, "base", "m"},
      {"block_minus_ee", 3, "base", "m"},
      {"goal_minus_block", 3, "base", "m"},
      {"push_point_minus_ee", 3, "base", "m"}};
  return kLayout;
}

void PushTask::Setup(sim::World& world) {
  const sim::Workspace& workspace = world.workspace();
  const auto& model = world.model();
  if (!workspace.planar || workspace.normal.z() < 0.999f) {
    throw Error(
        "robot '" + model.name + "' (" + model.source_path +
        ") cannot do 'push': the task "
        "needs a planar robot moving in the horizontal plane at block height, and this one is " +
        (workspace.planar ? "planar in a tilted plane" : "spatial") +
        " (a spatial robot would need a table-top push task with a 3-D workspace)");
  }
  const float height = workspace.center.z();
  if (height <= 0.f || height >= kBlockSize) {
    throw Error("robot '" + model.name + "' (" + model.source_path +
                ") cannot do 'push': its end "
                "effector moves at height " +
                std::to_string(height) + " m, but the block spans 0 to " +
                std::to_string(kBlockSize) +
                " m; mount the robot so its links sweep through the block");
  }
  frames_.resize(model.bodies.size());
  q_.resize(model.dof());
  qd_.resize(model.dof());
  auto shape = std::make_unique<btCylinderShapeZ>(btVector3(1, 1, 1) * (0.5f * kBlockSize));
  btTransform pose = btTransform::getIdentity();
  pose.setOrigin(workspace.center + btVector3(workspace.r_max, 0, 0));
  block_ = world.AddObject(std::move(shape), kBlockMass, pose, kBlockFriction);
  block_->setAngularFactor(btVector3(0, 0, 1));
}

bool PushTask::BlockClearOfRobot(const sim::World& world, const btVector3& block) const {
  const auto& model = world.model();
  for (const auto& joint : model.joints) {
    const btVector3 a = frames_[joint.parent_body].getOrigin();
    const btVector3 b = frames_[joint.child_body].getOrigin();
    if (SegmentDistance(block, a, b) < kClearance) return false;
  }
  const btVector3 ee = frames_[model.ee.body] * model.ee.offset;
  const btVector3 last = frames_[model.ee.body].getOrigin();
  return SegmentDistance(block, last, ee) >= kClearance;
}

void PushTask::Reset(sim::World& world, Rng& rng) {
  const sim::Workspace& workspace = world.workspace();
  world.robot().GetState(q_.data(), qd_.data());
  robots::ForwardKinematics(world.model(), q_.data(), frames_.data());
  // The block lies ahead of the hand, the goal further on within +-kGoalSpread of that line: the
  // hand starts on the pushing side, and the task is to push straight and steer.
  const btVector3 hand = frames_[world.model().ee.body] * world.model().ee.offset;
  btVector3 block;
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    const float heading = rng.Uniform(-static_cast<float>(M_PI), static_cast<float>(M_PI));
    const btVector3 ahead = workspace.u * std::cos(heading) + workspace.v * std::sin(heading);
    block = hand + ahead * rng.Uniform(kBlockMinDistance, kBlockMaxDistance);
    const float turn = heading + rng.Uniform(-kGoalSpread, kGoalSpread);
    goal_ = block + (workspace.u * std::cos(turn) + workspace.v * std::sin(turn)) *
                        rng.Uniform(kGoalMinDistance, kGoalMaxDistance);
    if (workspace.Contains(block) && workspace.Contains(goal_) && BlockClearOfRobot(world, block))
      break;
  }
  block.setZ(0.5f * kBlockSize);
  goal_.setZ(0.5f * kBlockSize);
  btTransform pose = btTransform::getIdentity();
  pose.setOrigin(block);
  sim::World::PlaceObject(*block_, pose);
}

btVector3 PushTask::block_position() const {
  return block_->getWorldTransform().getOrigin();
}

void PushTask::Observe(const sim::World& world, float* out) const {
  const btVector3 ee = EndEffector(world);
  const btVector3 block = block_position();
  Write3(block, out);
  Write3(goal_, out);
  Write3(ee, out);
  Write3(block - ee, out);
  Write3(goal_ - block, out);
  Write3(PushPointFor(block, world.workspace().InPlane(goal_ - block)) - ee, out);
}

float PushTask::Distance(const sim::World& world) const {
  return PlanarDistance(world.workspace(), goal_, block_position());
}

float PushTask::Reward(const sim::World& world) const {
  const sim::Workspace& workspace = world.workspace();
  const btVector3 block = block_position();
  const btVector3 toward_goal = workspace.InPlane(goal_ - block);
  const float hand_to_push_point =
      PlanarDistance(workspace, PushPointFor(block, toward_goal), EndEffector(world));
  const float speed = toward_goal.length() > 1e-3f
                          ? block_->getLinearVelocity().dot(toward_goal) / toward_goal.length()
                          : 0.f;
  return -(Distance(world) + kReachShaping * hand_to_push_point) +
         kProgressWeight * std::clamp(speed, -kMaxProgressSpeed, kMaxProgressSpeed);
}

bool PushTask::Success(const sim::World& world) const {
  return Distance(world) < kSuccessRadius;
}

bool PushTask::StateIsSane(const sim::World& world) const {
  const btVector3 p = block_position();
  const btVector3 v = block_->getLinearVelocity();
  return std::isfinite(p.x()) && std::isfinite(p.y()) && std::isfinite(p.z()) &&
         std::isfinite(v.x()) && std::isfinite(v.y()) && std::isfinite(v.z()) &&
         v.length() < kMaxBlockSpeed;
}

void PushTask::Markers(const sim::World& world, std::vector<sim::Marker>& out) const {
  sim::Marker block;
  block.shape = sim::Marker::Shape::kCylinder;
  block.pose = block_->getWorldTransform();
  block.size = btVector3(kBlockSize, kBlockSize, kBlockSize);
  block.rgba = {0.85f, 0.2f, 0.2f, 1.f};
  block.label = "block";
  out.push_back(block);
  sim::Marker goal;
  goal.shape = sim::Marker::Shape::kDisc;
  goal.pose.setOrigin(btVector3(goal_.x(), goal_.y(), 0.001f));
  goal.size = btVector3(kSuccessRadius, kSuccessRadius, 0.002f);
  goal.rgba = {0.2f, 0.85f, 0.3f, 0.6f};
  goal.label = "goal";
  out.push_back(goal);
}

}  // namespace mosaic::tasks
