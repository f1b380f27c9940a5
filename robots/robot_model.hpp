// RobotModel: the fixed description of a robot, built once from a URDF and never changed (like
// MuJoCo's mjModel). Per-simulation state lives elsewhere (BulletRobot, sim::World).
//
// Bodies are URDF links with every fixed joint merged away: a link attached by a fixed joint is
// folded into its parent (mass, inertia and geometry), so each Body is one rigid part and each
// Joint moves one body. Body 0 is the fixed base; bodies are in topological order, and joint i
// always moves body i + 1 (so joints are in the same order as Bullet's multibody links).
//
// Frames: a body's frame is the frame of the URDF link that heads it. Joint origins, geometry
// origins, centres of mass and the end-effector point are all given in body frames. Units are SI
// (metres, kilograms, radians, seconds).
#pragma once

#include <LinearMath/btMatrix3x3.h>
#include <LinearMath/btTransform.h>
#include <LinearMath/btVector3.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace mosaic::robots {

// Triangle mesh as loaded from an OBJ/STL/DAE file, already scaled, in its geometry frame.
// A file may hold several parts (a V-HACD decomposition, say): each part becomes one convex hull.
struct TriangleMesh {
  struct Part {
    std::vector<btVector3> vertices;  // positions [m], (n_vertices)
    std::vector<btVector3> normals;   // per-vertex unit normals, (n_vertices) or empty
    std::vector<uint32_t> indices;    // triangle corners, (3 * n_triangles)
  };
  std::vector<Part> parts;
  size_t TriangleCount() const;
  size_t VertexCount() const;
};

struct BoxShape {
  btVector3 size;  // full edge lengths along x, y, z [m]
};
struct CylinderShape {
  float radius;  // [m]
  float length;  // along the local z axis [m]
};
struct SphereShape {
  float radius;  // [m]
};
struct MeshShape {
  std::string path;                          // resolved file path
  btVector3 scale{1, 1, 1};                  // URDF scale, already applied to `mesh`
  std::shared_ptr<const TriangleMesh> mesh;  // shared: several links may use one file
};
using Shape = std::variant<BoxShape, CylinderShape, SphereShape, MeshShape>;

// "box", "cylinder", "sphere" or "mesh".
const char* ShapeKind(const Shape& shape);

struct Geometry {
  Shape shape;
  btTransform origin;                                  // geometry frame in the body frame
  std::array<float, 4> rgba{0.6f, 0.6f, 0.65f, 1.0f};  // visual colour (URDF material)
};

struct Body {
  std::string name;                // the URDF link that heads this body
  std::vector<std::string> links;  // every URDF link merged into this body, head first
  float mass = 0;                  // [kg]
  btVector3 com{0, 0, 0};          // centre of mass in the body frame [m]
  btMatrix3x3 inertia;             // inertia about the COM, body axes [kg·m²]
  std::vector<Geometry> visuals;
  std::vector<Geometry> collisions;
  int parent_body = -1;  // -1 for the base
};

enum class JointType { kRevolute, kContinuous, kPrismatic };
const char* JointTypeName(JointType type);  // "revolute", "continuous", "prismatic"

struct Joint {
  std::string name;
  JointType type = JointType::kRevolute;
  int parent_body = 0;
  int child_body = 1;
  btTransform origin;       // child body frame in the parent body frame at q = 0
  btVector3 axis{0, 0, 1};  // unit axis in the child body frame
  float lower = 0;          // position limit [rad or m]; -inf for continuous joints
  float upper = 0;          // position limit [rad or m]; +inf for continuous joints
  float effort = 0;         // torque or force limit [N·m or N]; the action scale
  float velocity = 0;       // velocity limit [rad/s or m/s] (recorded, not enforced by Bullet)
  float damping = 0;        // viscous damping [N·m·s/rad or N·s/m], applied as torque
  bool IsRevolute() const { return type != JointType::kPrismatic; }
  bool HasLimits() const { return type != JointType::kContinuous; }
};

struct EndEffector {
  std::string link;           // URDF link name (may be merged into a body)
  int body = 0;               // body holding that link
  btVector3 offset{0, 0, 0};  // origin of the link frame in the body frame [m]
};

struct RobotModel {
  std::string name;           // <robot name="...">
  std::string source_path;    // URDF file it came from
  std::vector<Body> bodies;   // (n_bodies); bodies[0] is the fixed base
  std::vector<Joint> joints;  // actuated joints, (dof); joints[i].child_body == i + 1
  EndEffector ee;
  float reach = 0;      // upper bound of the end effector's distance from the first joint's
                        // axis (planar: in the motion plane) [m]
  bool planar = false;  // revolute axes all parallel, prismatic axes all perpendicular to them
  btVector3 plane_normal{0, 0, 1};    // planar robots: the common revolute axis, base frame
  std::vector<std::string> warnings;  // non-fatal findings of the loader (default inertials, ...)

  int dof() const { return static_cast<int>(joints.size()); }
  std::vector<std::string> JointNames() const;
  // Sorted, de-duplicated kinds of all visual and collision geometry ("box", "mesh", ...).
  std::vector<std::string> GeometryKinds() const;
};

// Body frames in the base frame for joint positions q (size dof), (n_bodies).
std::vector<btTransform> ForwardKinematics(const RobotModel& model, const float* q);
// Same, into `frames` (n_bodies), without allocating.
void ForwardKinematics(const RobotModel& model, const float* q, btTransform* frames);

// End-effector position in the base frame for joint positions q (size dof) [m].
btVector3 EndEffectorPosition(const RobotModel& model, const float* q);

}  // namespace mosaic::robots
