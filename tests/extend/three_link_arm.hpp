// A planar 3-link arm for the extend tests, written inline (not a shipped robot).
#pragma once

#include <string>

namespace mosaic::testing {

// A planar 3-link arm unlike the shipped ones (0.30 + 0.18 + 0.12 m), its finger tip at the
// shipped robots' working height (links at z = 0.08 m, a 5.5 cm finger).
inline std::string ThreeLinkArm(double first = 0.30, double second = 0.18, double third = 0.12,
                                double mount = 0.08) {
  auto link = [](const std::string& name, double length) {
    const std::string l = std::to_string(length), h = std::to_string(length / 2),
                      m = std::to_string(2 * length);
    return "  <link name=\"" + name + "\">\n    <collision><origin xyz=\"" + h +
           " 0 0\"/><geometry><box size=\"" + l +
           " 0.03 0.03\"/></geometry></collision>\n    <inertial><origin xyz=\"" + h +
           " 0 0\"/><mass value=\"" + m +
           "\"/><inertia ixx=\"0.0001\" ixy=\"0\" ixz=\"0\" iyy=\"0.003\" iyz=\"0\" "
           "izz=\"0.003\"/></inertial>\n  </link>\n";
  };
  auto joint = [](const std::string& name, const std::string& parent, const std::string& child,
                  const std::string& xyz, double damping) {
    const std::string d = std::to_string(damping), e = std::to_string(4 * damping);
    return "  <joint name=\"" + name + "\" type=\"revolute\"><parent link=\"" + parent +
           "\"/><child link=\"" + child + "\"/><origin xyz=\"" + xyz +
           "\"/><axis xyz=\"0 0 1\"/><limit lower=\"-2.6\" upper=\"2.6\" effort=\"" + e +
           "\" velocity=\"3\"/><dynamics damping=\"" + d + "\"/></joint>\n";
  };
  return "<robot name=\"tri\">\n  <link name=\"base\"/>\n" + link("a", first) + link("b", second) +
         link("c", third) +
         "  <link name=\"finger\"><collision><origin xyz=\"0 0 -0.0275\"/><geometry><cylinder "
         "radius=\"0.01\" length=\"0.055\"/>"
         "</geometry></collision><inertial><mass value=\"0.05\"/><inertia ixx=\"1e-5\" ixy=\"0\" "
         "ixz=\"0\" iyy=\"1e-5\" iyz=\"0\" "
         "izz=\"1e-5\"/></inertial></link>\n  <link name=\"tip\"/>\n" +
         joint("hip", "base", "a", "0 0 " + std::to_string(mount), 1.6) +
         joint("knee", "a", "b", std::to_string(first) + " 0 0", 0.5) +
         joint("ankle", "b", "c", std::to_string(second) + " 0 0", 0.1) +
         "  <joint name=\"f\" type=\"fixed\"><parent link=\"c\"/><child link=\"finger\"/><origin "
         "xyz=\"" +
         std::to_string(third) +
         " 0 0\"/></joint>\n  <joint name=\"t\" type=\"fixed\"><parent link=\"finger\"/><child "
         "link=\"tip\"/><origin xyz=\"0 0 -0.055\"/></joint>\n"
         "</robot>\n";
}

}  // namespace mosaic::testing
