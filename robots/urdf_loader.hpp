// Loading a RobotModel from a URDF file (parsed with urdfdom; TinyXML supplies line numbers for
// messages). Every problem with the file is a mosaic::Error whose message reads
// `file.urdf:LINE: <element 'name'>: what is wrong (what was expected)`.
//
// Documented defaults:
//  - A moving body none of whose links has an <inertial> gets mass 0.1 kg and inertia
//    1e-4 kg·m² about each axis at the link origin, with a warning in RobotModel::warnings.
//  - An explicit mass of 0 is allowed only on links of the fixed base (the PyBullet convention).
//  - The end effector is `ee_link` if given, else the tip of the longest chain of joints
//    (fixed joints included, so a tool frame attached by a fixed joint wins; ties go to the link
//    defined first).
#pragma once

#include <string>
#include <vector>

#include "robots/robot_model.hpp"

namespace mosaic::robots {

struct LoadOptions {
  std::string ee_link;  // end-effector link; empty: tip of the longest chain
  std::vector<std::string>
      package_paths;  // folders for package:// URIs (before MOSAIC_PACKAGE_PATH)
};

// Default inertial for links that have none (see above).
inline constexpr float kDefaultLinkMass = 0.1f;      // [kg]
inline constexpr float kDefaultLinkInertia = 1e-4f;  // [kg·m²] on each principal axis

RobotModel LoadRobot(const std::string& urdf_path, const LoadOptions& options = {});

// Same, from URDF text; `source_path` names it in messages and anchors relative mesh paths.
RobotModel LoadRobotFromString(const std::string& urdf_xml, const std::string& source_path,
                               const LoadOptions& options = {});

}  // namespace mosaic::robots
