#pragma once

#include "sim/task.hpp"

namespace mosaic::tasks {

// See reach.cpp for the observation table, reward and success rule.
class ReachTask : public sim::Task {
 public:
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

  const btVector3& goal() const { return goal_; }

 private:
  btVector3 goal_{0, 0, 0};
};

}  // namespace mosaic::tasks
