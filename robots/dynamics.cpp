#include "robots/dynamics.hpp"

#include <cassert>
#include <cmath>

#include "robots/robot_facts.hpp"

namespace mosaic::robots {

std::vector<double> MassMatrix(const RobotModel& model, const float* q) {
  const int n = model.dof();
  const std::vector<btTransform> frames = ForwardKinematics(model, q);
  std::vector<btVector3> axis(n), origin(n);
  for (int j = 0; j < n; ++j) {
    const Joint& joint = model.joints[j];
    axis[j] = frames[joint.child_body].getBasis() * joint.axis;
    origin[j] = frames[joint.child_body].getOrigin();
  }
  std::vector<double> mass(n * n, 0.0);
  std::vector<btVector3> linear(n), angular(n);
  for (size_t b = 1; b < model.bodies.size(); ++b) {
    const Body& body = model.bodies[b];
    const btVector3 com = frames[b] * body.com;
    const btMatrix3x3 rotation = frames[b].getBasis();
    const btMatrix3x3 inertia = rotation * body.inertia * rotation.transpose();
    const std::vector<int> chain = ChainToBody(model, static_cast<int>(b));
    for (int j : chain) {
      const bool revolute = model.joints[j].IsRevolute();
      linear[j] = revolute ? axis[j].cross(com - origin[j]) : axis[j];
      angular[j] = revolute ? axis[j] : btVector3(0, 0, 0);
    }
    for (int j : chain) {
      for (int k : chain) {
        mass[j * n + k] += body.mass * linear[j].dot(linear[k]) + angular[j].dot(inertia * angular[k]);
      }
    }
  }
  return mass;
}

std::vector<double> InverseMassDiagonal(const RobotModel& model, const float* q) {
  const int n = model.dof();
  std::vector<double> l = MassMatrix(model, q);
  // Cholesky M = L L^T in place (lower triangle).
  for (int j = 0; j < n; ++j) {
    double d = l[j * n + j];
    for (int k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
    d = std::sqrt(std::max(d, 1e-18));
    l[j * n + j] = d;
    for (int i = j + 1; i < n; ++i) {
      double s = l[i * n + j];
      for (int k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / d;
    }
  }
  // (M^-1)_ii = |L^-1 e_i|^2 summed over the column of L^-T: solve L y = e_i.
  std::vector<double> diagonal(n), y(n);
  for (int i = 0; i < n; ++i) {
    double sum = 0;
    for (int r = 0; r < n; ++r) {
      double s = r == i ? 1.0 : 0.0;
      for (int k = 0; k < r; ++k) s -= l[r * n + k] * y[k];
      y[r] = s / l[r * n + r];
      sum += y[r] * y[r];
    }
    diagonal[i] = sum;
  }
  return diagonal;
}

}  // namespace mosaic::robots
