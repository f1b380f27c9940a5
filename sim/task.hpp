// Task: the one extension point of sim/ (Brax-style). A task adds its objects to a World, samples
// goals on reset, writes the task half of the observation (o_task) and scores the state. A Task
// object holds one environment's task state (goals, cue, ...); Env owns one per environment.
//
// o_task contract (see DESIGN.md): task quantities in the robot's base frame, in metres, plus the
// end-effector position — the one robot-agnostic channel. Never joint-level quantities.
#pragma once

#include <LinearMath/btTransform.h>

#include <array>
#include <string>
#include <vector>

#include "common/rng.hpp"

namespace mosaic::sim {

class World;

// One named block of an observation vector.
struct ObservationField {
  std::string name;   // e.g. "goal", "ee", "joint2"
  int size = 0;       // number of floats
  std::string frame;  // "base", "joint", "-"
  std::string units;  // "m", "rad", "one-hot", ...
};

int LayoutSize(const std::vector<ObservationField>& layout);
// Offset of field `name` in the layout, or -1.
int FieldOffset(const std::vector<ObservationField>& layout, const std::string& name);

// Something a viewer should draw for the task (targets, block, goal).
struct Marker {
  enum class Shape { kSphere, kBox, kDisc, kCylinder };  // cylinder: along the pose's z
  Shape shape = Shape::kSphere;
  btTransform pose = btTransform::getIdentity();
  btVector3 size{0.02f, 0.02f, 0.02f};  // sphere/disc: radius in x; box: full edge lengths;
                                        // cylinder: diameter in x, height in z [m]
  std::array<float, 4> rgba{1, 1, 1, 1};
  std::string label;
};

class Task {
 public:
  virtual ~Task() = default;

  virtual const std::string& name() const = 0;
  // Fields of o_task, in order. Fixed for the task, whatever the robot.
  virtual const std::vector<ObservationField>& layout() const = 0;
  // Control steps per episode (the Env's time limit enforces it).
  virtual int episode_steps() const = 0;

  // Once, when the environment is built: add objects to the world; throw Error if the robot
  // cannot do this task (say why and what would be needed).
  virtual void Setup(World& world) = 0;
  // Start of an episode, after the robot's joints are set: sample goals and objects.
  virtual void Reset(World& world, Rng& rng) = 0;
  // Writes o_task (size LayoutSize(layout())).
  virtual void Observe(const World& world, float* o_task) const = 0;
  // Task reward term for the current state (the Env adds the robot's control cost).
  virtual float Reward(const World& world) const = 0;
  // Whether the current state counts as success (judged at the episode's end).
  virtual bool Success(const World& world) const = 0;
  // The task's headline distance, e.g. end effector to goal [m].
  virtual float Distance(const World& world) const = 0;
  // False when the task's objects are no longer finite (physics blow-up).
  virtual bool StateIsSane(const World& world) const { return true; }
  // What to draw.
  virtual void Markers(const World& world, std::vector<Marker>& out) const = 0;
};

}  // namespace mosaic::sim
