#include "robots/urdf_document.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "common/error.hpp"

namespace mosaic::robots {

namespace {

std::string Quote(const std::string& name) {
  return "'" + name + "'";
}

std::string JoinNames(const std::map<std::string, const TiXmlElement*>& by_name) {
  std::string out;
  for (const auto& [name, element] : by_name) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Parses a decimal number the way URDF means it; false for anything else (text, empty, trailing).
bool ParseNumber(const char* text, double& value) {
  if (text == nullptr || *text == '\0') return false;
  char* end = nullptr;
  value = std::strtod(text, &end);
  while (end != nullptr && (*end == ' ' || *end == '\t' || *end == '\n')) ++end;
  return end != nullptr && *end == '\0';
}

}  // namespace

UrdfDocument::UrdfDocument(const std::string& xml, const std::string& path)
    : path_(path), xml_(std::make_unique<TiXmlDocument>()) {
  const size_t first = xml.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) ThrowAt(path_, 0, "file is empty (expected a URDF document)");
  if (xml[first] != '<' && xml.compare(first, 3, "\xEF\xBB\xBF") != 0) {
    ThrowAt(path_, 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + first, '\n')),
            "not XML: the text does not start with '<' (expected a URDF document, "
            "<robot name=\"...\"> ... </robot>)");
  }
  xml_->Parse(xml.c_str(), nullptr, TIXML_ENCODING_UTF8);
  if (xml_->Error()) {
    ThrowAt(path_, xml_->ErrorRow(),
            std::string("not well-formed XML: ") + xml_->ErrorDesc() +
                " (expected a URDF document, <robot name=\"...\"> ... </robot>)");
  }
  robot_ = xml_->RootElement();
  if (robot_ == nullptr) ThrowAt(path_, 0, "no XML element found (expected a <robot> element)");
  if (std::string(robot_->Value()) != "robot") {
    Fail(robot_, "root element is <" + std::string(robot_->Value()) +
                     ">, expected <robot> (is this a URDF file?)");
  }
  IndexLinks();
  IndexJoints();
  CheckTree();
  CheckInertials();
}

const TiXmlElement* UrdfDocument::Link(const std::string& name) const {
  const auto it = link_by_name_.find(name);
  return it == link_by_name_.end() ? nullptr : it->second;
}

const TiXmlElement* UrdfDocument::Joint(const std::string& name) const {
  const auto it = joint_by_name_.find(name);
  return it == joint_by_name_.end() ? nullptr : it->second;
}

int UrdfDocument::JointOrder(const std::string& name) const {
  const auto it = joint_order_.find(name);
  return it == joint_order_.end() ? -1 : it->second;
}

void UrdfDocument::Fail(const TiXmlElement* at, const std::string& message) const {
  ThrowAt(path_, at != nullptr ? at->Row() : 0, message);
}

const TiXmlElement* UrdfDocument::NthChild(const TiXmlElement* parent, const char* tag, int n) {
  if (parent == nullptr) return nullptr;
  for (const TiXmlElement* e = parent->FirstChildElement(tag); e != nullptr;
       e = e->NextSiblingElement(tag)) {
    if (n-- == 0) return e;
  }
  return nullptr;
}

void UrdfDocument::IndexLinks() {
  for (const TiXmlElement* e = robot_->FirstChildElement("link"); e;
       e = e->NextSiblingElement("link")) {
    const char* name = e->Attribute("name");
    if (name == nullptr || *name == '\0') Fail(e, "<link> without a name attribute");
    const auto [it, inserted] = link_by_name_.emplace(name, e);
    if (!inserted) {
      Fail(e, "duplicate link name " + Quote(name) + " (first defined at line " +
                  std::to_string(it->second->Row()) + "); link names must be unique");
    }
    links_.push_back(e);
  }
  if (links_.empty())
    Fail(robot_, "<robot> has no <link> elements; a robot needs at least one link");
}

void UrdfDocument::IndexJoints() {
  static const std::set<std::string> kSupported = {"revolute", "continuous", "prismatic", "fixed"};
  static const std::set<std::string> kUnsupported = {"floating", "planar"};
  for (const TiXmlElement* e = robot_->FirstChildElement("joint"); e;
       e = e->NextSiblingElement("joint")) {
    const char* name = e->Attribute("name");
    if (name == nullptr || *name == '\0') Fail(e, "<joint> without a name attribute");
    const std::string label = "joint " + Quote(name);
    const auto [it, inserted] = joint_by_name_.emplace(name, e);
    if (!inserted) {
      Fail(e, "duplicate joint name " + Quote(name) + " (first defined at line " +
                  std::to_string(it->second->Row()) + "); joint names must be unique");
    }
    const char* type = e->Attribute("type");
    if (type == nullptr)
      Fail(e, label + " has no type attribute (expected revolute, continuous, prismatic or fixed)");
    if (kUnsupported.count(type) != 0) {
      Fail(e, label + " has type " + Quote(type) +
                  ", which mosaic does not support (expected revolute, continuous, prismatic or "
                  "fixed)");
    }
    if (kSupported.count(type) == 0) {
      Fail(e, label + " has unknown type " + Quote(type) +
                  " (expected revolute, continuous, prismatic or fixed)");
    }
    for (const char* role : {"parent", "child"}) {
      const TiXmlElement* ref = e->FirstChildElement(role);
      const char* link = ref ? ref->Attribute("link") : nullptr;
      if (link == nullptr) Fail(e, label + " has no <" + role + " link=\"...\"/> element");
      if (Link(link) == nullptr) {
        Fail(ref, label + ": " + role + " link " + Quote(link) +
                      " is not defined (links: " + JoinNames(link_by_name_) + ")");
      }
    }
    if (std::string(e->FirstChildElement("parent")->Attribute("link")) ==
        e->FirstChildElement("child")->Attribute("link")) {
      Fail(e, label + " connects link " + Quote(e->FirstChildElement("child")->Attribute("link")) +
                  " to itself");
    }
    joint_order_[name] = static_cast<int>(joints_.size());
    joints_.push_back(e);
  }
}

void UrdfDocument::CheckTree() const {
  std::map<std::string, const TiXmlElement*> parent_joint;  // child link -> joint
  for (const TiXmlElement* joint : joints_) {
    const std::string child = joint->FirstChildElement("child")->Attribute("link");
    const auto [it, inserted] = parent_joint.emplace(child, joint);
    if (!inserted) {
      Fail(joint, "link " + Quote(child) + " has two parents: joint " +
                      Quote(it->second->Attribute("name")) + " (line " +
                      std::to_string(it->second->Row()) + ") and joint " +
                      Quote(joint->Attribute("name")) + "; a URDF robot is a tree");
    }
  }
  std::vector<std::string> roots;
  for (const TiXmlElement* link : links_) {
    if (parent_joint.count(link->Attribute("name")) == 0) roots.push_back(link->Attribute("name"));
  }
  if (roots.size() > 1) {
    Fail(Link(roots[1]), "links " + Quote(roots[0]) + " and " + Quote(roots[1]) +
                             " both have no parent joint; a URDF robot is one connected tree "
                             "with a single root link");
  }
  // Every link must reach the root by following parents; otherwise it sits on a loop.
  for (const TiXmlElement* link : links_) {
    std::string at = link->Attribute("name");
    std::vector<std::string> path;
    std::set<std::string> seen;
    while (parent_joint.count(at) != 0) {
      if (!seen.insert(at).second) {
        std::string loop;
        auto start = std::find(path.begin(), path.end(), at);
        for (auto it = start; it != path.end(); ++it) loop += *it + " <- ";
        Fail(parent_joint.at(at),
             "kinematic loop: " + loop + at + "; URDF describes trees only (no closed chains)");
      }
      path.push_back(at);
      at = parent_joint.at(at)->FirstChildElement("parent")->Attribute("link");
    }
  }
}

void UrdfDocument::CheckInertials() const {
  for (const TiXmlElement* link : links_) {
    const TiXmlElement* inertial = link->FirstChildElement("inertial");
    if (inertial == nullptr) continue;
    const std::string label = "link " + Quote(link->Attribute("name"));
    const TiXmlElement* mass = inertial->FirstChildElement("mass");
    double value = 0;
    if (mass == nullptr) Fail(inertial, label + ": <inertial> has no <mass value=\"...\"/>");
    if (!ParseNumber(mass->Attribute("value"), value) || !std::isfinite(value)) {
      const char* text = mass->Attribute("value");
      Fail(mass, label + ": mass " + Quote(text ? text : "") +
                     " is not a finite number (expected a mass in kg, > 0)");
    }
    if (value < 0)
      Fail(mass, label + ": mass " + std::to_string(value) + " is negative (expected > 0 kg)");
    const TiXmlElement* inertia = inertial->FirstChildElement("inertia");
    if (inertia == nullptr) Fail(inertial, label + ": <inertial> has no <inertia .../> element");
    for (const char* attribute : {"ixx", "ixy", "ixz", "iyy", "iyz", "izz"}) {
      const char* text = inertia->Attribute(attribute);
      if (!ParseNumber(text, value) || !std::isfinite(value)) {
        Fail(inertia, label + ": inertia " + attribute + "=" + Quote(text ? text : "") +
                          " is not a finite number (expected kg·m²)");
      }
      if (attribute[1] == attribute[2] && value < 0) {
        Fail(inertia, label + ": inertia " + attribute + "=" + text +
                          " is negative (principal moments must be > 0)");
      }
    }
  }
}

}  // namespace mosaic::robots
