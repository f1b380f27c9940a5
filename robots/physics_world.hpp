// An empty Bullet btMultiBodyDynamicsWorld with everything it owns (collision configuration,
// dispatcher, broadphase, multibody constraint solver). Gravity -9.81 m/s² along world z.
#pragma once

#include <memory>

class btMultiBodyDynamicsWorld;
class btDefaultCollisionConfiguration;
class btCollisionDispatcher;
class btBroadphaseInterface;
class btMultiBodyConstraintSolver;

namespace mosaic::robots {

class PhysicsWorld {
 public:
  PhysicsWorld();
  ~PhysicsWorld();
  PhysicsWorld(const PhysicsWorld&) = delete;
  PhysicsWorld& operator=(const PhysicsWorld&) = delete;

  btMultiBodyDynamicsWorld& world() { return *world_; }
  // One physics step of `dt` seconds (no sub-stepping, no interpolation).
  void Step(float dt);

 private:
  std::unique_ptr<btDefaultCollisionConfiguration> configuration_;
  std::unique_ptr<btCollisionDispatcher> dispatcher_;
  std::unique_ptr<btBroadphaseInterface> broadphase_;
  std::unique_ptr<btMultiBodyConstraintSolver> solver_;
  std::unique_ptr<btMultiBodyDynamicsWorld> world_;
};

}  // namespace mosaic::robots
