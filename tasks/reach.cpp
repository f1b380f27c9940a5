// reach: bring the end effector to a target point.
//
// o_task (base frame):
// | field         | size | frame | units | meaning                         |
// |---------------|------|-------|-------|---------------------------------|
// | goal          | 3    | base  | m     | target position                 |
// | ee            | 3    | base  | m     | end-effector position           |
// | goal_minus_ee | 3    | base  | m     | goal - ee                       |
//
// Reward (task term): -|goal - ee| per step [m]. Success: |goal - ee| < 5 cm at the episode's
// end (distances in the robot's plane for planar robots). Episode: 50 control steps (2.5 s).
// The goal is drawn uniformly over the robot's workspace (sim/workspace.hpp).
#include "tasks/reach.hpp"

#include "tasks/task_util.hpp"

namespace mosaic::tasks {

const std::string& ReachTask::name() const {
  static const std::string kName = "reach";
  return kName;
}

const std::vector<sim::ObservationField>& ReachTask::layout() const {
  static const std::vector<sim::ObservationField> kLayout = {
      {"goal", 3, "base", "m"}, {"ee", 3, "base", "m"}, {"goal_minus_ee", 3, "base", "m"}};
  return kLayout;
}

void ReachTask::Setup(sim::World& world) {}

void ReachTask::Reset(sim::World& world, Rng& rng) {
  goal_ = world.workspace().Sample(rng);
}

void ReachTask::Observe(const sim::World& world, float* out) const {
  const btVector3 ee = EndEffector(world);
  Write3(goal_, out);
  Write3(ee, out);
  Write3(goal_ - ee, out);
}

float ReachTask::Distance(const sim::World& world) const {
  return PlanarDistance(world.workspace(), goal_, EndEffector(world));
}

float ReachTask::Reward(const sim::World& world) const {
  return -Distance(world);
}

bool ReachTask::Success(const sim::World& world) const {
  return Distance(world) < kSuccessRadius;
}

void ReachTask::Markers(const sim::World& world, std::vector<sim::Marker>& out) const {
  sim::Marker goal;
  goal.shape = sim::Marker::Shape::kSphere;
  goal.pose.setOrigin(goal_);
  goal.size = btVector3(0.02f, 0.02f, 0.02f);
  goal.rgba = {1.f, 0.85f, 0.1f, 1.f};
  goal.label = "goal";
  out.push_back(goal);
  sim::Marker zone = goal;
  zone.shape = sim::Marker::Shape::kDisc;
  zone.size = btVector3(kSuccessRadius, kSuccessRadius, 0.002f);
  zone.rgba = {1.f, 0.85f, 0.1f, 0.3f};
  zone.label = "success radius";
  out.push_back(zone);
}

}  // namespace mosaic::tasks
