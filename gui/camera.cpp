#include "gui/camera.hpp"

#include <algorithm>
#include <cmath>

namespace mosaic::gui {

namespace {
constexpr float kPi = 3.14159265358979f;
constexpr float kDefaultYaw = -0.5f * kPi + 0.35f;  // from the front (-y), a little to the right
constexpr float kDefaultPitch = 0.85f;              // ~49 degrees above the table
constexpr float kDefaultFov = 45.f * kPi / 180.f;
}  // namespace

OrbitCamera::OrbitCamera() : yaw_(kDefaultYaw), pitch_(kDefaultPitch), fov_y_(kDefaultFov) {}

void OrbitCamera::SetOrientation(float yaw, float pitch) {
  yaw_ = std::remainder(yaw, 2.f * kPi);
  pitch_ = std::clamp(pitch, -kMaxPitch, kMaxPitch);
}

void OrbitCamera::Orbit(float dx_pixels, float dy_pixels) {
  // Dragging right swings the camera left around the target, so the scene turns with the cursor.
  SetOrientation(yaw_ - dx_pixels * kRadiansPerPixel, pitch_ + dy_pixels * kRadiansPerPixel);
}

void OrbitCamera::Pan(float dx_pixels, float dy_pixels, float viewport_height) {
  if (viewport_height <= 0.f) return;
  // Size of one pixel at the target's depth [m].
  const float metres_per_pixel = 2.f * distance_ * std::tan(0.5f * fov_y_) / viewport_height;
  btVector3 right, up;
  ViewAxes(right, up);
  // The scene follows the cursor, so the target moves the other way (screen y grows downward).
  target_ += (-right * dx_pixels + up * dy_pixels) * metres_per_pixel;
}

void OrbitCamera::Zoom(float wheel_steps) {
  distance_ =
      std::clamp(distance_ * std::pow(kZoomPerStep, wheel_steps), kMinDistance, kMaxDistance);
}

void OrbitCamera::Frame(const btVector3& center, float radius, float aspect) {
  target_ = center;
  const float half_fov_x = std::atan(std::tan(0.5f * fov_y_) * aspect);
  const float half_fov = std::min(0.5f * fov_y_, half_fov_x);
  distance_ = std::clamp(radius / std::sin(half_fov), kMinDistance, kMaxDistance);
}

btVector3 OrbitCamera::Eye() const {
  const btVector3 direction(std::cos(pitch_) * std::cos(yaw_), std::cos(pitch_) * std::sin(yaw_),
                            std::sin(pitch_));
  return target_ + direction * distance_;
}

void OrbitCamera::ViewAxes(btVector3& right, btVector3& up) const {
  const btVector3 forward = (target_ - Eye()).normalized();
  right = forward.cross(btVector3(0, 0, 1)).normalized();
  up = right.cross(forward);
}

Mat4 OrbitCamera::View() const {
  return LookAt(Eye(), target_, btVector3(0, 0, 1));
}

Mat4 OrbitCamera::Projection(float aspect) const {
  const float near_distance = std::max(0.005f, 0.02f * distance_);
  const float far_distance = 50.f * distance_ + 10.f;
  return Perspective(fov_y_, aspect, near_distance, far_distance);
}

}  // namespace mosaic::gui
