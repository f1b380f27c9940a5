#include "robots/urdf_loader.hpp"

#include <console_bridge/console.h>
#include <urdf_parser/urdf_parser.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>

#include "common/error.hpp"
#include "common/files.hpp"
#include "robots/mesh_loader.hpp"
#include "robots/robot_facts.hpp"
#include "robots/urdf_document.hpp"

namespace mosaic::robots {

namespace {

std::string Quote(const std::string& name) {
  return "'" + name + "'";
}

btTransform ToTransform(const urdf::Pose& pose) {
  return btTransform(
      btQuaternion(pose.rotation.x, pose.rotation.y, pose.rotation.z, pose.rotation.w),
      btVector3(pose.position.x, pose.position.y, pose.position.z));
}

// urdfdom reports through console_bridge; collect its messages instead of printing them.
class MessageCollector : public console_bridge::OutputHandler {
 public:
  void log(const std::string& text, console_bridge::LogLevel level, const char*, int) override {
    if (level >= console_bridge::CONSOLE_BRIDGE_LOG_WARN) messages.push_back(text);
  }
  std::vector<std::string> messages;
};

urdf::ModelInterfaceSharedPtr ParseWithUrdfdom(const std::string& xml, const UrdfDocument& doc) {
  static std::mutex console_mutex;  // console_bridge's handler is process-global
  std::lock_guard<std::mutex> lock(console_mutex);
  MessageCollector collector;
  console_bridge::useOutputHandler(&collector);
  urdf::ModelInterfaceSharedPtr model;
  std::string exception_text;
  try {
    model = urdf::parseURDF(xml);
  } catch (const std::exception& e) {
    exception_text = e.what();
  }
  console_bridge::restorePreviousOutputHandler();
  if (model == nullptr) {
    std::string why = exception_text;
    for (const auto& message : collector.messages) why += (why.empty() ? "" : "; ") + message;
    doc.Fail(&doc.robot(), "urdfdom rejected the file: " + (why.empty() ? "no reason given" : why));
  }
  return model;
}

// One link's mass properties, expressed in its body's frame.
struct MassPart {
  double mass;
  btVector3 com;        // [m], body frame
  btMatrix3x3 inertia;  // about com, body axes
};

// Sums parts into one (mass, com, inertia about com) with the parallel-axis theorem.
void CombineMass(const std::vector<MassPart>& parts, Body& body) {
  double mass = 0;
  btVector3 weighted(0, 0, 0);
  for (const auto& p : parts) {
    mass += p.mass;
    weighted += p.com * static_cast<btScalar>(p.mass);
  }
  body.mass = static_cast<float>(mass);
  body.com = mass > 0 ? weighted / static_cast<btScalar>(mass) : btVector3(0, 0, 0);
  btMatrix3x3 total(0, 0, 0, 0, 0, 0, 0, 0, 0);
  for (const auto& p : parts) {
    const btVector3 d = p.com - body.com;
    const btScalar m = static_cast<btScalar>(p.mass);
    const btMatrix3x3 shift(m * (d.dot(d) - d.x() * d.x()), -m * d.x() * d.y(), -m * d.x() * d.z(),
                            -m * d.y() * d.x(), m * (d.dot(d) - d.y() * d.y()), -m * d.y() * d.z(),
                            -m * d.z() * d.x(), -m * d.z() * d.y(), m * (d.dot(d) - d.z() * d.z()));
    for (int r = 0; r < 3; ++r) total[r] += p.inertia[r] + shift[r];
  }
  body.inertia = total;
}

class RobotBuilder {
 public:
  RobotBuilder(const UrdfDocument& doc, const urdf::ModelInterface& urdf,
               const LoadOptions& options)
      : doc_(doc),
        urdf_(urdf),
        packages_(PackagePath::FromOptionsAndEnvironment(options.package_paths)),
        urdf_dir_(std::filesystem::path(doc.path()).parent_path().string()) {}

  RobotModel Build(const LoadOptions& options) {
    model_.name = urdf_.getName();
    model_.source_path = doc_.path();
    const urdf::LinkConstSharedPtr root = urdf_.getRoot();
    model_.bodies.emplace_back();
    mass_parts_.emplace_back();
    StartBody(0, *root);
    AddLink(*root, 0, btTransform::getIdentity());
    for (size_t b = 0; b < model_.bodies.size(); ++b) FinishMass(b);
    if (model_.joints.empty()) {
      doc_.Fail(&doc_.robot(), "robot " + Quote(model_.name) +
                                   " has no actuated joints (all joints are fixed); mosaic needs "
                                   "at least one revolute, continuous or prismatic joint");
    }
    SelectEndEffector(options.ee_link);
    ComputeRobotFacts(model_);
    return std::move(model_);
  }

 private:
  void StartBody(int body_index, const urdf::Link& head) {
    model_.bodies[body_index].name = head.name;
  }

  // Adds `link` (whose frame is `link_in_body` in the body's frame) and, recursively, its
  // children: across fixed joints into the same body, across moving joints into new bodies.
  void AddLink(const urdf::Link& link, int body_index, const btTransform& link_in_body) {
    link_body_[link.name] = {body_index, link_in_body};
    model_.bodies[body_index].links.push_back(link.name);
    AddInertial(link, body_index, link_in_body);
    AddGeometry(link, body_index, link_in_body);

    std::vector<urdf::JointSharedPtr> children = link.child_joints;
    std::sort(children.begin(), children.end(), [&](const auto& a, const auto& b) {
      return doc_.JointOrder(a->name) < doc_.JointOrder(b->name);
    });
    for (const auto& joint : children) {
      const urdf::LinkConstSharedPtr child = urdf_.getLink(joint->child_link_name);
      const btTransform joint_in_body =
          link_in_body * ToTransform(joint->parent_to_joint_origin_transform);
      if (joint->type == urdf::Joint::FIXED) {
        AddLink(*child, body_index, joint_in_body);
        continue;
      }
      const int child_body = static_cast<int>(model_.bodies.size());
      model_.bodies.emplace_back();
      mass_parts_.emplace_back();
      model_.bodies[child_body].parent_body = body_index;
      StartBody(child_body, *child);
      model_.joints.push_back(MakeJoint(*joint, body_index, child_body, joint_in_body));
      AddLink(*child, child_body, btTransform::getIdentity());
    }
  }

  Joint MakeJoint(const urdf::Joint& source, int parent, int child,
                  const btTransform& origin) const {
    const TiXmlElement* element = doc_.Joint(source.name);
    const std::string label = "joint " + Quote(source.name);
    Joint joint;
    joint.name = source.name;
    joint.parent_body = parent;
    joint.child_body = child;
    joint.origin = origin;
    joint.type = source.type == urdf::Joint::PRISMATIC    ? JointType::kPrismatic
                 : source.type == urdf::Joint::CONTINUOUS ? JointType::kContinuous
                                                          : JointType::kRevolute;
    btVector3 axis(source.axis.x, source.axis.y, source.axis.z);
    if (!(axis.length() > 1e-9))
      doc_.Fail(element, label + ": axis is zero (expected a direction, e.g. xyz=\"0 0 1\")");
    joint.axis = axis.normalized();
    const auto& limits = source.limits;
    joint.effort = limits ? static_cast<float>(limits->effort) : 0.f;
    joint.velocity = limits ? static_cast<float>(limits->velocity) : 0.f;
    if (joint.HasLimits()) {
      joint.lower = static_cast<float>(limits->lower);
      joint.upper = static_cast<float>(limits->upper);
      if (!(joint.lower <= joint.upper)) {
        doc_.Fail(element, label + ": lower limit " + std::to_string(joint.lower) +
                               " is above upper limit " + std::to_string(joint.upper));
      }
    } else {
      joint.lower = -std::numeric_limits<float>::infinity();
      joint.upper = std::numeric_limits<float>::infinity();
    }
    if (!(joint.effort > 0) || !std::isfinite(joint.effort)) {
      doc_.Fail(element, label + ": effort limit is " + std::to_string(joint.effort) +
                             "; expected a finite value > 0 (it scales the action): add "
                             "<limit effort=\"...\" .../>");
    }
    joint.damping = source.dynamics ? static_cast<float>(source.dynamics->damping) : 0.f;
    if (!(joint.damping >= 0) || !std::isfinite(joint.damping)) {
      doc_.Fail(element,
                label + ": damping " + std::to_string(joint.damping) + " must be finite and >= 0");
    }
    return joint;
  }

  void AddInertial(const urdf::Link& link, int body_index, const btTransform& link_in_body) {
    if (!link.inertial) return;
    const urdf::Inertial& in = *link.inertial;
    const TiXmlElement* inertial = doc_.Link(link.name)->FirstChildElement("inertial");
    const std::string label = "link " + Quote(link.name);
    const bool moving = body_index != 0;
    if (moving && !(in.mass > 0)) {
      doc_.Fail(
          inertial->FirstChildElement("mass"),
          label + ": mass is 0; only links of the fixed base may have zero mass (expected > 0 kg)");
    }
    const btMatrix3x3 local(in.ixx, in.ixy, in.ixz, in.ixy, in.iyy, in.iyz, in.ixz, in.iyz, in.izz);
    if (moving) {
      btMatrix3x3 rotation;
      btMatrix3x3 diagonal = local;
      diagonal.diagonalize(rotation, 1e-9, 32);
      const btVector3 moments(diagonal[0][0], diagonal[1][1], diagonal[2][2]);
      if (!(moments.x() > 0 && moments.y() > 0 && moments.z() > 0)) {
        doc_.Fail(inertial->FirstChildElement("inertia"),
                  label + ": inertia is not positive definite (principal moments " +
                      std::to_string(moments.x()) + ", " + std::to_string(moments.y()) + ", " +
                      std::to_string(moments.z()) + "); expected all > 0 kg·m²");
      }
    }
    const btTransform frame = link_in_body * ToTransform(in.origin);
    const btMatrix3x3 r = frame.getBasis();
    mass_parts_[body_index].push_back({in.mass, frame.getOrigin(), r * local * r.transpose()});
  }

  void FinishMass(size_t body_index) {
    Body& body = model_.bodies[body_index];
    if (mass_parts_[body_index].empty()) {
      if (body_index != 0) {
        model_.warnings.push_back(
            "link " + Quote(body.name) +
            " has no <inertial>: using the default mass 0.1 kg and inertia 1e-4 kg·m² at the "
            "link origin");
      }
      const btScalar i = kDefaultLinkInertia;
      mass_parts_[body_index].push_back(
          {kDefaultLinkMass, btVector3(0, 0, 0), btMatrix3x3(i, 0, 0, 0, i, 0, 0, 0, i)});
    }
    CombineMass(mass_parts_[body_index], body);
  }

  Geometry MakeGeometry(const urdf::Geometry& source, const urdf::Pose& origin,
                        const btTransform& link_in_body, const TiXmlElement* element,
                        const std::string& link_name) {
    Geometry geometry{BoxShape{}, link_in_body * ToTransform(origin)};
    const std::string label = "link " + Quote(link_name);
    switch (source.type) {
      case urdf::Geometry::BOX: {
        const auto& box = static_cast<const urdf::Box&>(source);
        geometry.shape = BoxShape{btVector3(box.dim.x, box.dim.y, box.dim.z)};
        if (!(box.dim.x > 0 && box.dim.y > 0 && box.dim.z > 0))
          doc_.Fail(element, label + ": box size must be > 0");
        break;
      }
      case urdf::Geometry::CYLINDER: {
        const auto& cylinder = static_cast<const urdf::Cylinder&>(source);
        geometry.shape =
            CylinderShape{static_cast<float>(cylinder.radius), static_cast<float>(cylinder.length)};
        if (!(cylinder.radius > 0 && cylinder.length > 0))
          doc_.Fail(element, label + ": cylinder radius and length must be > 0");
        break;
      }
      case urdf::Geometry::SPHERE: {
        const auto& sphere = static_cast<const urdf::Sphere&>(source);
        geometry.shape = SphereShape{static_cast<float>(sphere.radius)};
        if (!(sphere.radius > 0)) doc_.Fail(element, label + ": sphere radius must be > 0");
        break;
      }
      case urdf::Geometry::MESH: {
        const auto& mesh = static_cast<const urdf::Mesh&>(source);
        MeshShape shape;
        shape.scale = btVector3(mesh.scale.x, mesh.scale.y, mesh.scale.z);
        try {
          shape.path = ResolveMeshUri(mesh.filename, urdf_dir_, packages_);
          shape.mesh = CachedMesh(shape.path, shape.scale);
        } catch (const Error& e) {
          doc_.Fail(element, label + ": " + e.what());
        }
        geometry.shape = std::move(shape);
        break;
      }
    }
    return geometry;
  }

  std::shared_ptr<const TriangleMesh> CachedMesh(const std::string& path, const btVector3& scale) {
    const std::string key = path + "|" + std::to_string(scale.x()) + "," +
                            std::to_string(scale.y()) + "," + std::to_string(scale.z());
    auto& slot = mesh_cache_[key];
    if (!slot) slot = LoadMesh(path, scale);
    return slot;
  }

  void AddGeometry(const urdf::Link& link, int body_index, const btTransform& link_in_body) {
    const TiXmlElement* element = doc_.Link(link.name);
    Body& body = model_.bodies[body_index];
    for (size_t i = 0; i < link.visual_array.size(); ++i) {
      const auto& visual = *link.visual_array[i];
      const TiXmlElement* at = UrdfDocument::NthChild(element, "visual", static_cast<int>(i));
      Geometry g = MakeGeometry(*visual.geometry, visual.origin, link_in_body, at, link.name);
      if (visual.material) {
        const auto& c = visual.material->color;
        if (c.r + c.g + c.b + c.a > 0) g.rgba = {c.r, c.g, c.b, c.a};
      }
      body.visuals.push_back(std::move(g));
    }
    for (size_t i = 0; i < link.collision_array.size(); ++i) {
      const auto& collision = *link.collision_array[i];
      const TiXmlElement* at = UrdfDocument::NthChild(element, "collision", static_cast<int>(i));
      body.collisions.push_back(
          MakeGeometry(*collision.geometry, collision.origin, link_in_body, at, link.name));
    }
  }

  // Default: the deepest leaf (joint count from the root), first defined on ties.
  void SelectEndEffector(const std::string& requested) {
    std::string chosen = requested;
    if (!chosen.empty()) {
      if (link_body_.count(chosen) == 0) {
        std::string names;
        for (const TiXmlElement* link : doc_.links())
          names += (names.empty() ? "" : ", ") + std::string(link->Attribute("name"));
        throw Error(doc_.path() + ": --ee link " + Quote(chosen) + " is not a link of robot " +
                    Quote(model_.name) + " (links: " + names + ")");
      }
    } else {
      int best_depth = -1;
      for (const TiXmlElement* element : doc_.links()) {
        const urdf::LinkConstSharedPtr link = urdf_.getLink(element->Attribute("name"));
        if (!link->child_joints.empty()) continue;
        int depth = 0;
        for (auto at = link; at->getParent(); at = at->getParent()) ++depth;
        if (depth > best_depth) {
          best_depth = depth;
          chosen = link->name;
        }
      }
    }
    const auto& [body, frame] = link_body_.at(chosen);
    model_.ee = EndEffector{chosen, body, frame.getOrigin()};
  }

  const UrdfDocument& doc_;
  const urdf::ModelInterface& urdf_;
  PackagePath packages_;
  std::string urdf_dir_;
  RobotModel model_;
  std::vector<std::vector<MassPart>> mass_parts_;                 // per body
  std::map<std::string, std::pair<int, btTransform>> link_body_;  // link -> (body, frame in body)
  std::map<std::string, std::shared_ptr<const TriangleMesh>> mesh_cache_;
};

}  // namespace

RobotModel LoadRobotFromString(const std::string& urdf_xml, const std::string& source_path,
                               const LoadOptions& options) {
  const UrdfDocument doc(urdf_xml, source_path);
  const urdf::ModelInterfaceSharedPtr urdf = ParseWithUrdfdom(urdf_xml, doc);
  return RobotBuilder(doc, *urdf, options).Build(options);
}

RobotModel LoadRobot(const std::string& urdf_path, const LoadOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(urdf_path, ec)) {
    throw Error(urdf_path + ": is a folder, expected a URDF file");
  }
  return LoadRobotFromString(ReadFile(urdf_path), urdf_path, options);
}

}  // namespace mosaic::robots
