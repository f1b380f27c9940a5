#pragma once

#include "sim/task.hpp"

class btRigidBody;

namespace mosaic::tasks {

// See push.cpp for the observation table, reward and success rule.
class PushTask : public sim::Task {
 public:
  static constexpr float kBlockSize = 0.05f;  // diameter and height of the puck [m]
  static constexpr float kBlockMass = 0.1f;   // [kg]

  const std::string& name() const override;
  const std::vector<sim::ObservationField>& layout() const override;
  int episode_steps() const override { return 100; }
  void Setup(sim::World& world) override;
  void Reset(sim::World& world, Rng& rng) override;
  void Observe(const sim::World& world, float* o_task) const override;
  float Reward(const sim::World& world) const override;
  bool Success(const sim::World& world) const override;
  float Distance(const sim::World& world) const override;
  bool StateIsSane(const sim::World& world) const override;
  void Markers(const sim::World& world, std::vector<sim::Marker>& out) const override;

  btVector3 block_position() const;
  const btVector3& goal() const { return goal_; }
  btRigidBody& block() { return *block_; }

 private:
  bool BlockClearOfRobot(const sim::World& world, const btVector3& block) const;

  btRigidBody* block_ = nullptr;  // owned by the World
  btVector3 goal_{0, 0, 0};
  std::vector<btTransform> frames_;  // scratch for the overlap test, (n_bodies)
  std::vector<float> q_, qd_;        // scratch, (dof)
};

}  // namespace mosaic::tasks
