// OrbitCamera: the viewport's camera, orbiting a target point in the z-up world. Mouse input is
// given in pixels; the camera turns it into angles and metres, so the feel does not depend on
// the window size: orbit turns by kRadiansPerPixel, pan keeps the point under the cursor under
// the cursor, and one wheel notch zooms by kZoomPerStep.
#pragma once

#include <LinearMath/btVector3.h>

#include "gui/math3d.hpp"

namespace mosaic::gui {

class OrbitCamera {
 public:
  static constexpr float kRadiansPerPixel = 0.006f;  // orbit speed [rad/pixel]
  static constexpr float kZoomPerStep = 0.88f;       // distance factor per wheel notch
  static constexpr float kMaxPitch = 1.55f;          // just short of straight down/up [rad]
  static constexpr float kMinDistance = 0.05f;       // [m]
  static constexpr float kMaxDistance = 50.f;        // [m]

  OrbitCamera();

  // Turns around the target: dx pixels to the right turns the scene right (yaw), dy pixels down
  // tilts it toward the viewer (pitch, clamped to +-kMaxPitch).
  void Orbit(float dx_pixels, float dy_pixels);
  // Moves the target in the view plane so that the scene at the target's depth follows the
  // cursor, for a viewport `viewport_height` pixels high.
  void Pan(float dx_pixels, float dy_pixels, float viewport_height);
  // Positive steps move closer (distance times kZoomPerStep per step), clamped to
  // [kMinDistance, kMaxDistance].
  void Zoom(float wheel_steps);
  // Looks at `center` from a distance at which a sphere of `radius` [m] fills the view of a
  // viewport of `aspect` (width / height), keeping the current direction.
  void Frame(const btVector3& center, float radius, float aspect);

  // Camera position [m].
  btVector3 Eye() const;
  Mat4 View() const;
  // Near and far planes follow the distance so depth precision stays good at every zoom.
  Mat4 Projection(float aspect) const;

  const btVector3& target() const { return target_; }
  float yaw() const { return yaw_; }            // [rad] around +z, from +x
  float pitch() const { return pitch_; }        // [rad] above the horizontal
  float distance() const { return distance_; }  // eye to target [m]
  float fov_y() const { return fov_y_; }        // full vertical field of view [rad]
  void SetOrientation(float yaw, float pitch);

 private:
  // Unit vectors of the view plane: right and up as seen on screen.
  void ViewAxes(btVector3& right, btVector3& up) const;

  btVector3 target_{0, 0, 0};
  float yaw_;
  float pitch_;
  float distance_ = 1.5f;
  float fov_y_;
};

}  // namespace mosaic::gui
