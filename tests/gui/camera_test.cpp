// Camera and matrix math of the viewport, without a window.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "gui/camera.hpp"
#include "gui/math3d.hpp"

using namespace mosaic::gui;

namespace {
constexpr float kAspect = 16.f / 9.f;

// Where a world point lands in normalised device coordinates through the camera.
btVector3 Ndc(const OrbitCamera& camera, const btVector3& p) {
  return ProjectPoint(camera.Projection(kAspect) * camera.View(), p);
}
}  // namespace

TEST_CASE("perspective maps the near plane to depth -1 and the far plane to +1") {
  const Mat4 projection = Perspective(1.f, 2.f, 0.1f, 10.f);
  CHECK(ProjectPoint(projection, btVector3(0, 0, -0.1f)).z() == doctest::Approx(-1.f));
  CHECK(ProjectPoint(projection, btVector3(0, 0, -10.f)).z() == doctest::Approx(1.f));
  // A point at the top edge of the field of view: y = tan(fov / 2) * distance.
  CHECK(ProjectPoint(projection, btVector3(0, std::tan(0.5f) * 3.f, -3.f)).y() ==
        doctest::Approx(1.f));
}

TEST_CASE("FromTransform agrees with Bullet's transform, and products compose") {
  btTransform a(btQuaternion(btVector3(1, 2, 3).normalized(), 0.7f), btVector3(0.1f, -0.4f, 2.f));
  btTransform b(btQuaternion(btVector3(0, 1, 0), -1.2f), btVector3(-1.f, 0.5f, 0.f));
  const btVector3 p(0.3f, -0.2f, 0.9f);
  const btVector3 expected = (a * b) * p;
  const btVector3 got = ProjectPoint(FromTransform(a) * FromTransform(b), p);
  for (int i = 0; i < 3; ++i) CHECK(got[i] == doctest::Approx(expected[i]).epsilon(1e-5));
  const btVector3 scaled = ProjectPoint(Scaling(btVector3(2, 3, 4)), p);
  CHECK(scaled.y() == doctest::Approx(-0.6f));
}

TEST_CASE("the normal matrix keeps normals perpendicular under non-uniform scaling") {
  const Mat4 model = FromTransform(btTransform(btQuaternion(btVector3(0, 0, 1), 0.5f))) *
                     Scaling(btVector3(4, 1, 1));
  const auto n = NormalMatrix(model);
  // A surface of the unit cube's diagonal plane x + y = const: tangent (1, -1, 0), normal (1, 1,
  // 0).
  const btVector3 tangent =
      ProjectPoint(model, btVector3(1, -1, 0)) - ProjectPoint(model, btVector3(0, 0, 0));
  const btVector3 normal(n[0] + n[3], n[1] + n[4],
                         n[2] + n[5]);  // column-major 3x3 times (1, 1, 0)
  CHECK(tangent.dot(normal) == doctest::Approx(0.f).epsilon(1e-5));
}

TEST_CASE("the view puts the target straight ahead at the orbit distance") {
  OrbitCamera camera;
  camera.Frame(btVector3(0.2f, -0.1f, 0.03f), 0.5f, kAspect);
  const btVector3 in_view = ProjectPoint(camera.View(), camera.target());
  CHECK(in_view.x() == doctest::Approx(0.f).epsilon(1e-5));
  CHECK(in_view.y() == doctest::Approx(0.f).epsilon(1e-5));
  CHECK(in_view.z() == doctest::Approx(-camera.distance()));
  CHECK((camera.Eye() - camera.target()).length() == doctest::Approx(camera.distance()));
  CHECK(camera.Eye().z() > camera.target().z());  // the default view looks down on the table
}

TEST_CASE("orbit turns with the cursor and stops short of the poles") {
  OrbitCamera camera;
  const float yaw = camera.yaw(), pitch = camera.pitch(), distance = camera.distance();
  camera.Orbit(10.f, 0.f);
  CHECK(camera.yaw() == doctest::Approx(yaw - 10.f * OrbitCamera::kRadiansPerPixel));
  CHECK(camera.pitch() == doctest::Approx(pitch));
  camera.Orbit(0.f, 1e5f);
  CHECK(camera.pitch() == doctest::Approx(OrbitCamera::kMaxPitch));
  camera.Orbit(0.f, -1e5f);
  CHECK(camera.pitch() == doctest::Approx(-OrbitCamera::kMaxPitch));
  CHECK(camera.distance() == doctest::Approx(distance));
  // Even at the clamp the view stays well defined (the up vector is never the view direction).
  const btVector3 in_view = ProjectPoint(camera.View(), camera.target());
  CHECK(std::isfinite(in_view.x()));
  CHECK(in_view.z() == doctest::Approx(-distance));
}

TEST_CASE("pan keeps the point under the cursor under the cursor") {
  OrbitCamera camera;
  camera.Frame(btVector3(0, 0, 0), 0.6f, kAspect);
  const float height = 720.f, width = height * kAspect;
  const btVector3 grabbed = camera.target();
  camera.Pan(100.f, 50.f, height);  // 100 pixels right, 50 down
  const btVector3 ndc = Ndc(camera, grabbed);
  CHECK(ndc.x() * 0.5f * width == doctest::Approx(100.f).epsilon(1e-3));
  CHECK(-ndc.y() * 0.5f * height == doctest::Approx(50.f).epsilon(1e-3));
}

TEST_CASE("zoom scales the distance per wheel notch and is clamped") {
  OrbitCamera camera;
  const float distance = camera.distance();
  camera.Zoom(2.f);
  CHECK(camera.distance() ==
        doctest::Approx(distance * OrbitCamera::kZoomPerStep * OrbitCamera::kZoomPerStep));
  camera.Zoom(-2.f);
  CHECK(camera.distance() == doctest::Approx(distance));
  camera.Zoom(1000.f);
  CHECK(camera.distance() == doctest::Approx(OrbitCamera::kMinDistance));
  camera.Zoom(-1000.f);
  CHECK(camera.distance() == doctest::Approx(OrbitCamera::kMaxDistance));
}

TEST_CASE("framing fits the sphere in a wide and in a tall view") {
  for (const float aspect : {kAspect, 0.5f}) {
    CAPTURE(aspect);
    OrbitCamera camera;
    const btVector3 center(0.1f, 0.2f, 0.03f);
    const float radius = 0.6f;
    camera.Frame(center, radius, aspect);
    const Mat4 view_projection = camera.Projection(aspect) * camera.View();
    // Extreme points of the sphere across the view: they land inside the screen, and the
    // tighter axis is nearly filled.
    const Mat4 view = camera.View();
    const btVector3 right(view(0, 0), view(0, 1), view(0, 2)),
        up(view(1, 0), view(1, 1), view(1, 2));
    float widest = 0;
    for (const btVector3& direction : {right, -right, up, -up}) {
      const btVector3 ndc = ProjectPoint(view_projection, center + direction * radius);
      CHECK(std::fabs(ndc.x()) <= 1.f);
      CHECK(std::fabs(ndc.y()) <= 1.f);
      widest = std::max({widest, std::fabs(ndc.x()), std::fabs(ndc.y())});
    }
    CHECK(widest > 0.85f);
  }
}
