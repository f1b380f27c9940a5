// Internal to robots/: the URDF's XML tree with line numbers, and the structural checks made
// before urdfdom sees the file (urdfdom reports problems without lines and, for some, not at all).
#pragma once

#include <tinyxml.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mosaic::robots {

class UrdfDocument {
 public:
  // Parses and checks: well-formed XML, a <robot> root, named and unique links and joints,
  // known joint types, existing parent/child links, one parent per link, one tree without loops,
  // and numerically sane <mass>/<inertia> values. Throws Error with file:line on the first fault.
  UrdfDocument(const std::string& xml, const std::string& path);

  const std::string& path() const { return path_; }
  const TiXmlElement& robot() const { return *robot_; }
  const std::vector<const TiXmlElement*>& links() const { return links_; }    // document order
  const std::vector<const TiXmlElement*>& joints() const { return joints_; }  // document order
  const TiXmlElement* Link(const std::string& name) const;                    // nullptr if absent
  const TiXmlElement* Joint(const std::string& name) const;                   // nullptr if absent
  // Position of a joint in document order (for ordering children the way the author wrote them).
  int JointOrder(const std::string& name) const;

  // "<path>:<line>: <message>" as an Error.
  [[noreturn]] void Fail(const TiXmlElement* at, const std::string& message) const;
  // The n-th child element called `tag` of `parent` (nullptr if there are fewer).
  static const TiXmlElement* NthChild(const TiXmlElement* parent, const char* tag, int n);

 private:
  void IndexLinks();
  void IndexJoints();
  void CheckTree() const;
  void CheckInertials() const;

  std::string path_;
  std::unique_ptr<TiXmlDocument> xml_;
  const TiXmlElement* robot_ = nullptr;
  std::vector<const TiXmlElement*> links_;
  std::vector<const TiXmlElement*> joints_;
  std::map<std::string, const TiXmlElement*> link_by_name_;
  std::map<std::string, const TiXmlElement*> joint_by_name_;
  std::map<std::string, int> joint_order_;
};

}  // namespace mosaic::robots
