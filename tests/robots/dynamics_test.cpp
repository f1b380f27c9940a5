#include <doctest/doctest.h>

#include <cmath>

#include "robots/dynamics.hpp"
#include "robots/urdf_loader.hpp"

using namespace mosaic;

namespace {
// Two links on vertical axes: link1 (2 kg, COM 0.5 m out, izz 0.1) and link2 attached 1 m out
// (1 kg, COM 0.25 m out, izz 0.05).
const char* kTwoLinks = R"(<robot name="two">
  <link name="base"/>
  <link name="l1"><inertial><origin xyz="0.5 0 0"/><mass value="2"/><inertia ixx="0.01" ixy="0" ixz="0" iyy="0.1" iyz="0" izz="0.1"/></inertial></link>
  <link name="l2"><inertial><origin xyz="0.25 0 0"/><mass value="1"/><inertia ixx="0.01" ixy="0" ixz="0" iyy="0.05" iyz="0" izz="0.05"/></inertial></link>
  <joint name="j1" type="continuous"><parent link="base"/><child link="l1"/><axis xyz="0 0 1"/><limit effort="1" velocity="1"/></joint>
  <joint name="j2" type="continuous"><parent link="l1"/><child link="l2"/><origin xyz="1 0 0"/><axis xyz="0 0 1"/><limit effort="1" velocity="1"/></joint>
</robot>)";
}  // namespace

TEST_CASE("mass matrix of a planar two-link arm matches the textbook formula") {
  const auto model = robots::LoadRobotFromString(kTwoLinks, "/tmp/two.urdf");
  robots::DynamicsWorkspace dynamics(model);
  for (float q2 : {0.f, 0.7f, 2.0f}) {
    CAPTURE(q2);
    const float q[2] = {0.3f, q2};
    const auto& m = dynamics.MassMatrix(q);
    // M11 = I1 + m1 c1² + I2 + m2 (l1² + c2² + 2 l1 c2 cos q2); M12 = I2 + m2 (c2² + l1 c2 cos q2);
    // M22 = I2 + m2 c2².
    const double c = std::cos(q2);
    CHECK(m[0] ==
          doctest::Approx(0.1 + 2 * 0.25 + 0.05 + 1 * (1 + 0.0625 + 2 * 0.25 * c)).epsilon(1e-5));
    CHECK(m[1] == doctest::Approx(0.05 + 1 * (0.0625 + 0.25 * c)).epsilon(1e-5));
    CHECK(m[2] == doctest::Approx(m[1]));
    CHECK(m[3] == doctest::Approx(0.05 + 0.0625).epsilon(1e-5));
  }
}

TEST_CASE("Cholesky solve inverts a symmetric positive definite system") {
  double a[9] = {4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2};
  const double original[9] = {4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2};
  REQUIRE(robots::CholeskyFactor(a, 3));
  double x[3] = {1, 2, 3};
  robots::CholeskySolve(a, 3, x);
  for (int r = 0; r < 3; ++r) {
    CHECK(original[r * 3] * x[0] + original[r * 3 + 1] * x[1] + original[r * 3 + 2] * x[2] ==
          doctest::Approx(r + 1.0));
  }
  double singular[4] = {1, 1, 1, 1};
  CHECK_FALSE(robots::CholeskyFactor(singular, 2));
}
