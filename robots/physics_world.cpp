#include "robots/physics_world.hpp"

#include <BulletCollision/BroadphaseCollision/btDbvtBroadphase.h>
#include <BulletCollision/CollisionDispatch/btCollisionDispatcher.h>
#include <BulletCollision/CollisionDispatch/btDefaultCollisionConfiguration.h>
#include <BulletDynamics/Featherstone/btMultiBodyConstraintSolver.h>
#include <BulletDynamics/Featherstone/btMultiBodyDynamicsWorld.h>

namespace mosaic::robots {

PhysicsWorld::PhysicsWorld()
    : configuration_(std::make_unique<btDefaultCollisionConfiguration>()),
      dispatcher_(std::make_unique<btCollisionDispatcher>(configuration_.get())),
      broadphase_(std::make_unique<btDbvtBroadphase>()),
      solver_(std::make_unique<btMultiBodyConstraintSolver>()),
      world_(std::make_unique<btMultiBodyDynamicsWorld>(dispatcher_.get(), broadphase_.get(),
                                                        solver_.get(), configuration_.get())) {
  world_->setGravity(btVector3(0, 0, -9.81f));
}

PhysicsWorld::~PhysicsWorld() = default;

void PhysicsWorld::Step(float dt) { world_->stepSimulation(dt, 0, dt); }

}  // namespace mosaic::robots
