#include "sim/scripted_policy.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "common/error.hpp"
#include "robots/robot_facts.hpp"

namespace mosaic::sim {

namespace {
// Resolved-rate control: the hand is asked to move toward the goal at kPositionGain * error
// (capped at kMaxHandSpeed); for planar robots the error is taken in polar coordinates around the
// first joint (swing round, then in or out), so the hand does not cut across the base and fold the
// arm into its limits. Joint speeds come from the damped least-squares inverse of the Jacobian
// plus a null-space pull away from joint limits; each joint speed becomes a torque through its
// damping (a damped joint settles at speed = torque / damping). Joints at a limit that the motion
// would push further are frozen.
constexpr float kPositionGain = 4.f;   // [1/s]
constexpr float kMaxHandSpeed = 1.0;   // [m/s]    // [m/s]    // [m/s]
constexpr float kDamping = 0.05f;      // DLS damping lambda [m]
constexpr float kLimitMargin = 0.05f;  // [rad or m] from a limit counts as "at" it
constexpr float kPostureGain = 0.0f;   // [1/s] null-space pull toward the middle of each range

// The hand velocity toward `goal`: straight for spatial robots, polar around the workspace centre
// for planar ones.
btVector3 HandVelocity(const Workspace& workspace, const btVector3& ee, const btVector3& goal) {
  btVector3 error = goal - ee;
  if (workspace.planar) {
    const btVector3 from = ee - workspace.center, to = goal - workspace.center;
    const float x0 = from.dot(workspace.u), y0 = from.dot(workspace.v);
    const float x1 = to.dot(workspace.u), y1 = to.dot(workspace.v);
    const float r0 = std::hypot(x0, y0), r1 = std::hypot(x1, y1);
    float turn = std::atan2(y1, x1) - std::atan2(y0, x0);
    turn = std::remainder(turn, 2.f * static_cast<float>(M_PI));
    const btVector3 radial = r0 > 1e-6f ? (workspace.u * x0 + workspace.v * y0) / r0 : workspace.u;
    const btVector3 tangent = workspace.normal.cross(radial);
    error = radial * (r1 - r0) + tangent * (turn * r0);
  }
  btVector3 velocity = error * kPositionGain;
  if (velocity.length() > kMaxHandSpeed) velocity *= kMaxHandSpeed / velocity.length();
  return velocity;
}
}  // namespace

PolicyFn ScriptedReachPolicy(const Env& env) {
  const auto& layout = env.task_layout();
  const int ee_offset = FieldOffset(layout, "ee");
  // A "goal" is the hand's goal only when the task also reports "goal_minus_ee" (in push, the
  // goal is the block's).
  const int goal_offset =
      FieldOffset(layout, "goal_minus_ee") >= 0 ? FieldOffset(layout, "goal") : -1;
  const int targets_offset = FieldOffset(layout, "targets");
  const int cue_offset = FieldOffset(layout, "cue");
  if (ee_offset < 0 || (goal_offset < 0 && (targets_offset < 0 || cue_offset < 0))) {
    throw Error(
        "the scripted policy handles reach-type tasks (an 'ee' field and a 'goal' with "
        "'goal_minus_ee', or 'targets' with a 'cue'); task '" +
        env.task().name() + "' has neither");
  }
  struct Scratch {
    std::vector<float> q, qd;
    std::vector<btTransform> frames;
    std::vector<btVector3> columns;
    std::vector<float> speed, posture;
    std::vector<bool> active;
  };
  auto scratch = std::make_shared<Scratch>();
  const auto& model = env.model();
  scratch->active.assign(model.dof(), false);
  for (int j : robots::ChainToBody(model, model.ee.body)) scratch->active[j] = true;
  const std::vector<bool> on_chain = scratch->active;

  return [=](const Env& env, const float*, const float* o_task, float* action) {
    const auto& model = env.model();
    const int n = model.dof();
    Scratch& s = *scratch;
    s.q.resize(n);
    s.qd.resize(n);
    s.frames.resize(model.bodies.size());
    s.columns.resize(n);
    env.world().robot().GetState(s.q.data(), s.qd.data());
    robots::ForwardKinematics(model, s.q.data(), s.frames.data());

    const btVector3 ee(o_task[ee_offset], o_task[ee_offset + 1], o_task[ee_offset + 2]);
    int goal = goal_offset;
    if (goal < 0) {
      const float* cue = o_task + cue_offset;
      goal = targets_offset + 3 * static_cast<int>(std::max_element(cue, cue + 3) - cue);
    }
    const btVector3 velocity = HandVelocity(
        env.world().workspace(), ee, btVector3(o_task[goal], o_task[goal + 1], o_task[goal + 2]));

    for (int i = 0; i < n; ++i) {
      const auto& joint = model.joints[i];
      const btTransform& frame = s.frames[joint.child_body];
      const btVector3 axis = frame.getBasis() * joint.axis;
      s.columns[i] = joint.IsRevolute() ? axis.cross(ee - frame.getOrigin()) : axis;
    }
    s.speed.assign(n, 0.f);
    s.posture.assign(n, 0.f);
    for (int i = 0; i < n; ++i) {
      const auto& joint = model.joints[i];
      if (joint.HasLimits())
        s.posture[i] = kPostureGain * (0.5f * (joint.lower + joint.upper) - s.q[i]);
    }
    std::vector<float>& speed = s.speed;
    s.active = on_chain;
    for (int pass = 0; pass < 2; ++pass) {  // second pass: without the joints pinned at limits
      btMatrix3x3 jjt(0, 0, 0, 0, 0, 0, 0, 0, 0);
      for (int i = 0; i < n; ++i) {
        if (!s.active[i]) continue;
        const btVector3& c = s.columns[i];
        for (int r = 0; r < 3; ++r) jjt[r] += c * c[r];
      }
      for (int r = 0; r < 3; ++r) jjt[r][r] += kDamping * kDamping;
      const btMatrix3x3 inverse = jjt.inverse();
      // Null-space posture term: posture - J^+ (J posture).
      btVector3 posture_hand(0, 0, 0);
      for (int i = 0; i < n; ++i) {
        if (s.active[i]) posture_hand += s.columns[i] * s.posture[i];
      }
      const btVector3 w = inverse * (velocity - posture_hand);
      bool pinned = false;
      for (int i = 0; i < n; ++i) {
        speed[i] = s.active[i] ? s.columns[i].dot(w) + s.posture[i] : 0.f;
        const auto& joint = model.joints[i];
        if (s.active[i] && joint.HasLimits() &&
            ((speed[i] > 0 && s.q[i] > joint.upper - kLimitMargin) ||
             (speed[i] < 0 && s.q[i] < joint.lower + kLimitMargin))) {
          s.active[i] = false;
          pinned = true;
        }
      }
      if (!pinned) break;
    }
    for (int i = 0; i < n; ++i) {
      const auto& joint = model.joints[i];
      action[i] = std::clamp(speed[i] * std::max(joint.damping, 1e-3f) / joint.effort, -1.f, 1.f);
    }
  };
}

}  // namespace mosaic::sim
