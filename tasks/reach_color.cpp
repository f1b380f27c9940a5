// reach_color: three targets of different colours (red, green, blue) and a one-hot cue; reach the
// cued one.
//
// o_task (base frame):
// | field            | size | frame | units   | meaning                                  |
// |------------------|------|-------|---------|------------------------------------------|
// | targets          | 9    | base  | m       | red, green, blue target positions (x,y,z each) |
// | cue              | 3    | -     | one-hot | which colour to reach (red, green, blue) |
// | ee               | 3    | base  | m       | end-effector position                    |
// | targets_minus_ee | 9    | base  | m       | each target - ee                         |
//
// Reward (task term): -|cued target - ee| per step [m]. Success: within 5 cm of the cued target
// and not within 5 cm of the others, at the episode's end. Episode: 50 control steps (2.5 s).
// Targets are drawn over the robot's workspace at least 15 cm apart; the cue is uniform.
#include "tasks/reach_color.hpp"

#include "tasks/task_util.hpp"

namespace mosaic::tasks {

namespace {
constexpr float kMinSeparation = 0.15f;  // [m] between targets
constexpr int kMaxDraws = 100;           // rejection-sampling attempts per target
const std::array<std::array<float, 4>, ReachColorTask::kTargets> kColors = {
    {{0.9f, 0.15f, 0.15f, 1.f}, {0.15f, 0.8f, 0.2f, 1.f}, {0.2f, 0.35f, 0.95f, 1.f}}};
const char* kColorNames[] = {"red", "green", "blue"};
}  // namespace

const std::string& ReachColorTask::name() const {
  static const std::string kName = "reach_color";
  return kName;
}

const std::vector<sim::ObservationField>& ReachColorTask::layout() const {
  static const std::vector<sim::ObservationField> kLayout = {{"targets", 9, "base", "m"},
                                                             {"cue", 3, "-", "one-hot"},
                                                             {"ee", 3, "base", "m"},
                                                             {"targets_minus_ee", 9, "base", "m"}};
  return kLayout;
}

void ReachColorTask::Setup(sim::World& world) {}

void ReachColorTask::Reset(sim::World& world, Rng& rng) {
  const sim::Workspace& workspace = world.workspace();
  for (int i = 0; i < kTargets; ++i) {
    for (int draw = 0; draw < kMaxDraws; ++draw) {
      targets_[i] = workspace.Sample(rng);
      bool apart = true;
      for (int j = 0; j < i; ++j)
        apart &= PlanarDistance(workspace, targets_[i], targets_[j]) >= kMinSeparation;
      if (apart) break;
    }
  }
  cue_ = rng.Index(kTargets);
}

void ReachColorTask::Observe(const sim::World& world, float* out) const {
  const btVector3 ee = EndEffector(world);
  for (const auto& target : targets_) Write3(target, out);
  for (int i = 0; i < kTargets; ++i) *out++ = i == cue_ ? 1.f : 0.f;
  Write3(ee, out);
  for (const auto& target : targets_) Write3(target - ee, out);
}

float ReachColorTask::Distance(const sim::World& world) const {
  return PlanarDistance(world.workspace(), targets_[cue_], EndEffector(world));
}

float ReachColorTask::Reward(const sim::World& world) const {
  return -Distance(world);
}

bool ReachColorTask::Success(const sim::World& world) const {
  const btVector3 ee = EndEffector(world);
  for (int i = 0; i < kTargets; ++i) {
    const bool near = PlanarDistance(world.workspace(), targets_[i], ee) < kSuccessRadius;
    if (near != (i == cue_)) return false;
  }
  return true;
}

void ReachColorTask::Markers(const sim::World& world, std::vector<sim::Marker>& out) const {
  for (int i = 0; i < kTargets; ++i) {
    sim::Marker target;
    target.pose.setOrigin(targets_[i]);
    target.size = btVector3(0.02f, 0.02f, 0.02f);
    target.rgba = kColors[i];
    target.label = kColorNames[i];
    out.push_back(target);
  }
  sim::Marker cue;
  cue.shape = sim::Marker::Shape::kDisc;
  cue.pose.setOrigin(targets_[cue_]);
  cue.size = btVector3(kSuccessRadius, kSuccessRadius, 0.002f);
  cue.rgba = kColors[cue_];
  cue.rgba[3] = 0.35f;
  cue.label = std::string("cue: ") + kColorNames[cue_];
  out.push_back(cue);
}

}  // namespace mosaic::tasks
