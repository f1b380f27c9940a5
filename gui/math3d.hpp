// Small 4x4 matrix math for the viewport. Matrices are column-major, as OpenGL reads them;
// points and directions are Bullet's btVector3 (float), so poses from the simulation need no
// conversion. The world is z-up, in metres.
#pragma once

#include <LinearMath/btTransform.h>
#include <LinearMath/btVector3.h>

#include <array>

namespace mosaic::gui {

struct Mat4 {
  std::array<float, 16> m{};  // column-major: element (row, column) is m[column * 4 + row]

  float& operator()(int row, int column) { return m[column * 4 + row]; }
  float operator()(int row, int column) const { return m[column * 4 + row]; }
  const float* data() const { return m.data(); }
  static Mat4 Identity();
};

Mat4 operator*(const Mat4& a, const Mat4& b);

// A rigid transform as a matrix.
Mat4 FromTransform(const btTransform& transform);
// Non-uniform scaling along x, y, z.
Mat4 Scaling(const btVector3& scale);
// Right-handed perspective projection to OpenGL clip space (depth -1 at near, +1 at far).
// fov_y [rad] is the full vertical field of view; near and far are distances [m].
Mat4 Perspective(float fov_y, float aspect, float near_distance, float far_distance);
// View matrix of a camera at `eye` looking at `target`, with `up` roughly up (not parallel to
// the view direction).
Mat4 LookAt(const btVector3& eye, const btVector3& target, const btVector3& up);

// m * (p, 1) followed by the perspective divide: for a view-projection matrix, the point in
// normalised device coordinates (x, y in [-1, 1] when on screen).
btVector3 ProjectPoint(const Mat4& m, const btVector3& p);

// Inverse transpose of the upper-left 3x3 block (column-major 3x3), which carries normals
// through `model` when it scales non-uniformly.
std::array<float, 9> NormalMatrix(const Mat4& model);

}  // namespace mosaic::gui
