#include "gui/math3d.hpp"

#include <cmath>

namespace mosaic::gui {

Mat4 Mat4::Identity() {
  Mat4 result;
  for (int i = 0; i < 4; ++i) result(i, i) = 1.f;
  return result;
}

Mat4 operator*(const Mat4& a, const Mat4& b) {
  Mat4 result;
  for (int column = 0; column < 4; ++column) {
    for (int row = 0; row < 4; ++row) {
      float sum = 0.f;
      for (int k = 0; k < 4; ++k) sum += a(row, k) * b(k, column);
      result(row, column) = sum;
    }
  }
  return result;
}

Mat4 FromTransform(const btTransform& transform) {
  Mat4 result = Mat4::Identity();
  const btMatrix3x3& basis = transform.getBasis();
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) result(row, column) = basis[row][column];
    result(row, 3) = transform.getOrigin()[row];
  }
  return result;
}

Mat4 Scaling(const btVector3& scale) {
  Mat4 result = Mat4::Identity();
  for (int i = 0; i < 3; ++i) result(i, i) = scale[i];
  return result;
}

Mat4 Perspective(float fov_y, float aspect, float near_distance, float far_distance) {
  const float f = 1.f / std::tan(0.5f * fov_y);
  Mat4 result;
  result(0, 0) = f / aspect;
  result(1, 1) = f;
  result(2, 2) = (far_distance + near_distance) / (near_distance - far_distance);
  result(2, 3) = 2.f * far_distance * near_distance / (near_distance - far_distance);
  result(3, 2) = -1.f;
  return result;
}

Mat4 LookAt(const btVector3& eye, const btVector3& target, const btVector3& up) {
  const btVector3 forward = (target - eye).normalized();
  const btVector3 right = forward.cross(up).normalized();
  const btVector3 true_up = right.cross(forward);
  Mat4 result = Mat4::Identity();
  for (int i = 0; i < 3; ++i) {
    result(0, i) = right[i];
    result(1, i) = true_up[i];
    result(2, i) = -forward[i];
  }
  result(0, 3) = -right.dot(eye);
  result(1, 3) = -true_up.dot(eye);
  result(2, 3) = forward.dot(eye);
  return result;
}

btVector3 ProjectPoint(const Mat4& m, const btVector3& p) {
  float out[4];
  for (int row = 0; row < 4; ++row) {
    out[row] = m(row, 0) * p.x() + m(row, 1) * p.y() + m(row, 2) * p.z() + m(row, 3);
  }
  return btVector3(out[0], out[1], out[2]) / out[3];
}

std::array<float, 9> NormalMatrix(const Mat4& model) {
  btMatrix3x3 basis;
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column) basis[row][column] = model(row, column);
  }
  const btMatrix3x3 inverse_transpose = basis.inverse().transpose();
  std::array<float, 9> result;
  for (int row = 0; row < 3; ++row) {
    for (int column = 0; column < 3; ++column)
      result[column * 3 + row] = inverse_transpose[row][column];
  }
  return result;
}

}  // namespace mosaic::gui
