// Joint-space rigid-body dynamics computed from the RobotModel alone (no Bullet): the mass matrix
// by the composite-rigid-body sum M = sum_b (m_b Jv_b^T Jv_b + Jw_b^T I_b Jw_b), and the small
// dense solves BulletRobot needs to integrate joint damping implicitly.
#pragma once

#include <vector>

#include "robots/robot_model.hpp"

namespace mosaic::robots {

// Buffers sized once for a model, so repeated calls do not allocate.
class DynamicsWorkspace {
 public:
  explicit DynamicsWorkspace(const RobotModel& model);

  // Joint-space inertia matrix at q (size dof), row-major (dof x dof) [kg·m² or kg]; the
  // returned reference stays valid until the next call.
  const std::vector<double>& MassMatrix(const float* q);

 private:
  const RobotModel& model_;
  std::vector<std::vector<int>> chains_;  // per body: joints from the base to it
  std::vector<btTransform> frames_;
  std::vector<btVector3> axis_, origin_, linear_, angular_;
  std::vector<double> mass_;
};

// In-place Cholesky factorisation of the symmetric positive definite n x n row-major matrix `a`
// (the lower triangle becomes L with a = L L^T). Returns false if `a` is not positive definite.
bool CholeskyFactor(double* a, int n);
// Solves (L L^T) x = b in place (b becomes x), with L from CholeskyFactor.
void CholeskySolve(const double* l, int n, double* b);

}  // namespace mosaic::robots
