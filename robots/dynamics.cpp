#include "robots/dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "robots/robot_facts.hpp"

namespace mosaic::robots {

DynamicsWorkspace::DynamicsWorkspace(const RobotModel& model)
    : model_(model),
      frames_(model.bodies.size()),
      axis_(model.dof()),
      origin_(model.dof()),
      linear_(model.dof()),
      angular_(model.dof()),
      mass_(model.dof() * model.dof()) {
  for (size_t b = 0; b < model.bodies.size(); ++b)
    chains_.push_back(ChainToBody(model, static_cast<int>(b)));
}

const std::vector<double>& DynamicsWorkspace::MassMatrix(const float* q) {
  const int n = model_.dof();
  ForwardKinematics(model_, q, frames_.data());
  for (int j = 0; j < n; ++j) {
    const Joint& joint = model_.joints[j];
    axis_[j] = frames_[joint.child_body].getBasis() * joint.axis;
    origin_[j] = frames_[joint.child_body].getOrigin();
  }
  std::fill(mass_.begin(), mass_.end(), 0.0);
  for (size_t b = 1; b < model_.bodies.size(); ++b) {
    const Body& body = model_.bodies[b];
    const btVector3 com = frames_[b] * body.com;
    const btMatrix3x3 rotation = frames_[b].getBasis();
    const btMatrix3x3 inertia = rotation * body.inertia * rotation.transpose();
    for (int j : chains_[b]) {
      const bool revolute = model_.joints[j].IsRevolute();
      linear_[j] = revolute ? axis_[j].cross(com - origin_[j]) : axis_[j];
      angular_[j] = revolute ? axis_[j] : btVector3(0, 0, 0);
    }
    for (int j : chains_[b]) {
      for (int k : chains_[b]) {
        mass_[j * n + k] +=
            body.mass * linear_[j].dot(linear_[k]) + angular_[j].dot(inertia * angular_[k]);
      }
    }
  }
  return mass_;
}

bool CholeskyFactor(double* a, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (int i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  return true;
}

void CholeskySolve(const double* l, int n, double* b) {
  for (int i = 0; i < n; ++i) {  // L y = b
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {  // L^T x = y
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

}  // namespace mosaic::robots
