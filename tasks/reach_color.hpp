#pragma once

#include <array>

#include "sim/task.hpp"

namespace mosaic::tasks {

// See reach_color.cpp for the observation table, reward and success rule.
class ReachColorTask : public sim::Task {
 public:
  static constexpr int kTargets = 3;  // red, green, blue

  const std::string& name() const override;
  const std::vector<sim::ObservationField>& layout() const override;
  int episode_steps() const override { return 50; }
  void Setup(sim::World& world) override;
  void Reset(sim::World& world, Rng& rng) override;
  void Observe(const sim::World& world, float* o_task) const override;
  float Reward(const sim::World& world) const override;
  bool Success(const sim::World& world) const override;
  float Distance(const sim::World& world) const override;
  void Markers(const sim::World& world, std::vector<sim::Marker>& out) const override;

  int cue() const { return cue_; }
  const btVector3& target(int i) const { return targets_[i]; }

 private:
  std::array<btVector3, kTargets> targets_{};
  int cue_ = 0;
};

}  // namespace mosaic::tasks
