#include "robots/physics_world.hpp"

#include <BulletCollision/BroadphaseCollision/btDbvtBroadphase.h>
#include <BulletCollision/CollisionDispatch/btCollisionDispatcher.h>
#include <BulletCollision/CollisionDispatch/btDefaultCollisionConfiguration.h>
#include <BulletDynamics/Featherstone/btMultiBodyConstraintSolver.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>

namespace mosaic::robots {

namespace {
// Bullet's default pools (4096 manifolds and algorithms, several MB per world) are sized for one
// big scene; mosaic runs hundreds of small worlds with a handful of contacts each. Pools grow past
// these sizes by falling back to the heap.
btDefaultCollisionConstructionInfo SmallWorldInfo() {
  btDefaultCollisionConstructionInfo info;
  info.m_defaultMaxPersistentManifoldPoolSize = 64;
  info.m_defaultMaxCollisionAlgorithmPoolSize = 64;
  return info;
}
}  // namespace

PhysicsWorld::PhysicsWorld()
    : configuration_(std::make_unique<btDefaultCollisionConfiguration>(SmallWorldInfo())),
      dispatcher_(std::make_unique<btCollisionDispatcher>(configuration_.get())),
      broadphase_(std::make_unique<btDbvtBroadphase>()),
      solver_(std::make_unique<btMultiBodyConstraintSolver>()),
      world_(std::make_unique<btMultiBodyDynamicsWorld>(dispatcher_.get(), broadphase_.get(),
                                                        solver_.get(), configuration_.get())) {
  world_->setGravity(btVector3(0, 0, -9.81f));
}

PhysicsWorld::~PhysicsWorld() = default;

void PhysicsWorld::Step(float dt) {
  world_->stepSimulation(dt, 0, dt);
}

}  // namespace mosaic::robots
