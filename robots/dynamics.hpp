// Joint-space rigid-body dynamics computed from the RobotModel alone (no Bullet): the mass matrix
// by the composite-rigid-body sum M = sum_b (m_b Jv_b^T Jv_b + Jw_b^T I_b Jw_b).
#pragma once

#include <vector>

#include "robots/robot_model.hpp"

namespace mosaic::robots {

// Joint-space inertia matrix at q (size dof), row-major (dof x dof) [kg·m² / kg].
std::vector<double> MassMatrix(const RobotModel& model, const float* q);

// Diagonal of the inverse mass matrix at q, (dof): how fast joint i accelerates per unit torque
// when the others are free [1 / (kg·m²)].
std::vector<double> InverseMassDiagonal(const RobotModel& model, const float* q);

}  // namespace mosaic::robots
