// Every kind of bad URDF gives a mosaic::Error naming the file, the line (where the parser can
// tell), the element and what was expected.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include "common/error.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using doctest::Contains;

namespace {

const char* kLink = R"(  <link name="%s">
    <inertial><mass value="1"/><inertia ixx="0.01" ixy="0" ixz="0" iyy="0.01" iyz="0" izz="0.01"/></inertial>
  </link>
)";

std::string Link(const std::string& name) {
  std::string text = kLink;
  return text.replace(text.find("%s"), 2, name);
}

std::string Joint(const std::string& name, const std::string& parent, const std::string& child,
                  const std::string& type = "revolute") {
  return "  <joint name=\"" + name + "\" type=\"" + type + "\">\n    <parent link=\"" + parent +
         "\"/><child link=\"" + child + "\"/>\n" +
         "    <axis xyz=\"0 0 1\"/><limit lower=\"-1\" upper=\"1\" effort=\"1\" velocity=\"1\"/>\n "
         " </joint>\n";
}

std::string Robot(const std::string& body) {
  return "<robot name=\"t\">\n" + body + "</robot>\n";
}

std::string ErrorOf(const std::string& xml, const robots::LoadOptions& options = {},
                    const std::string& path = "/tmp/bad.urdf") {
  return testing::ErrorMessage([&] { robots::LoadRobotFromString(xml, path, options); });
}

}  // namespace

TEST_CASE("a valid two-link robot loads (the base of the cases below)") {
  const auto model = robots::LoadRobotFromString(
      Robot(Link("base") + Link("l1") + Joint("j1", "base", "l1")), "/tmp/ok.urdf");
  CHECK(model.dof() == 1);
}

TEST_CASE("not XML, malformed XML, wrong root") {
  CHECK_THROWS_WITH_AS(robots::LoadRobotFromString("just some text, not xml", "/tmp/a.urdf"),
                       Contains("/tmp/a.urdf"), Error);
  CHECK(ErrorOf("just some text") != "(no error)");
  const std::string malformed = ErrorOf("<robot name=\"t\">\n  <link name=\"a\">\n</robot>\n");
  CHECK(malformed.find("/tmp/bad.urdf:") == 0);
  CHECK(malformed.find("not well-formed XML") != std::string::npos);
  CHECK(ErrorOf("<sdf version=\"1.6\"><model/></sdf>").find("expected <robot>") !=
        std::string::npos);
  CHECK(ErrorOf("").find("/tmp/bad.urdf") == 0);
}

TEST_CASE("structural faults name the element and line") {
  CHECK(ErrorOf(Robot("")).find("has no <link> elements") != std::string::npos);

  const std::string duplicate = ErrorOf(Robot(Link("a") + Link("a")));
  CHECK(duplicate.find("/tmp/bad.urdf:5:") == 0);  // second <link name="a"> opens on line 5
  CHECK(duplicate.find("duplicate link name 'a' (first defined at line 2)") != std::string::npos);

  CHECK_THROWS_WITH_AS(
      robots::LoadRobotFromString(Robot(Link("a") + Joint("j", "a", "ghost")), "/tmp/bad.urdf"),
      Contains("joint 'j': child link 'ghost' is not defined (links: a)"), Error);
  CHECK_THROWS_WITH_AS(
      robots::LoadRobotFromString(Robot(Link("a") + Joint("j", "nowhere", "a")), "/tmp/bad.urdf"),
      Contains("joint 'j': parent link 'nowhere' is not defined"), Error);
  CHECK(ErrorOf(Robot(Link("a") + Link("b") + Link("c") + Joint("j1", "a", "c") +
                      Joint("j2", "b", "c")))
            .find("link 'c' has two parents: joint 'j1'") != std::string::npos);
  CHECK(ErrorOf(Robot(Link("a") + Link("b") + Link("c") + Joint("j1", "a", "b") +
                      Joint("j2", "b", "c") + Joint("j3", "c", "b")))
            .find("has two parents") != std::string::npos);
  const std::string loop =
      ErrorOf(Robot(Link("a") + Link("b") + Joint("j1", "a", "b") + Joint("j2", "b", "a")));
  CHECK(loop.find("kinematic loop") != std::string::npos);
  CHECK(ErrorOf(Robot(Link("a") + Joint("j", "a", "a"))).find("connects link 'a' to itself") !=
        std::string::npos);
  CHECK(ErrorOf(Robot(Link("a") + Link("b"))).find("both have no parent joint") !=
        std::string::npos);
  CHECK_THROWS_WITH_AS(
      robots::LoadRobotFromString(Robot(Link("a") + Link("b") + Joint("j", "a", "b", "hinge")),
                                  "/tmp/bad.urdf"),
      Contains(
          "joint 'j' has unknown type 'hinge' (expected revolute, continuous, prismatic or fixed)"),
      Error);
  CHECK(ErrorOf(Robot(Link("a") + Link("b") + Joint("j", "a", "b", "floating")))
            .find("does not support") != std::string::npos);
}

TEST_CASE("a closed loop with a single root is reported as a loop") {
  // a is the root; b and c feed each other, so neither reaches a.
  const std::string loop =
      ErrorOf(Robot(Link("a") + Link("b") + Link("c") + Link("d") + Joint("j1", "a", "d") +
                    Joint("j2", "c", "b") + Joint("j3", "b", "c")));
  CHECK(loop.find("kinematic loop") != std::string::npos);
  CHECK(loop.find("/tmp/bad.urdf:") == 0);
}

TEST_CASE("bad mass and inertia values") {
  auto with_inertial = [](const std::string& mass, const std::string& ixx) {
    return Robot(
        Link("base") + "  <link name=\"l1\">\n    <inertial><mass value=\"" + mass +
        "\"/><inertia ixx=\"" + ixx +
        "\" ixy=\"0\" ixz=\"0\" iyy=\"0.01\" iyz=\"0\" izz=\"0.01\"/></inertial>\n  </link>\n" +
        Joint("j1", "base", "l1"));
  };
  CHECK(ErrorOf(with_inertial("-1", "0.01")).find("/tmp/bad.urdf:6: link 'l1': mass -1") == 0);
  CHECK(
      ErrorOf(with_inertial("nan", "0.01")).find("link 'l1': mass 'nan' is not a finite number") !=
      std::string::npos);
  CHECK(ErrorOf(with_inertial("abc", "0.01")).find("mass 'abc' is not a finite number") !=
        std::string::npos);
  CHECK(ErrorOf(with_inertial("0", "0.01"))
            .find("link 'l1': mass is 0; only links of the fixed base may have zero mass") !=
        std::string::npos);
  CHECK(ErrorOf(with_inertial("1", "0")).find("link 'l1': inertia is not positive definite") !=
        std::string::npos);
  CHECK(ErrorOf(with_inertial("1", "-0.01")).find("inertia ixx=-0.01 is negative") !=
        std::string::npos);
  CHECK(ErrorOf(with_inertial("1", "inf")).find("inertia ixx='inf' is not a finite number") !=
        std::string::npos);
  // Zero mass on the fixed base is the PyBullet convention and allowed.
  const std::string zero_base = Robot(
      "  <link name=\"base\"><inertial><mass value=\"0\"/><inertia ixx=\"0\" ixy=\"0\" ixz=\"0\" "
      "iyy=\"0\" iyz=\"0\" izz=\"0\"/></inertial></link>\n" +
      Link("l1") + Joint("j1", "base", "l1"));
  CHECK(robots::LoadRobotFromString(zero_base, "/tmp/ok.urdf").dof() == 1);
}

TEST_CASE("a link without inertial gets the documented default and a warning") {
  const auto model = robots::LoadRobotFromString(
      Robot(Link("base") + "  <link name=\"bare\"/>\n" + Joint("j1", "base", "bare")),
      "/tmp/ok.urdf");
  REQUIRE(model.warnings.size() == 1);
  CHECK(model.warnings[0].find("link 'bare' has no <inertial>") != std::string::npos);
  CHECK(model.bodies[1].mass == doctest::Approx(robots::kDefaultLinkMass));
}

TEST_CASE("zero actuated DoF") {
  CHECK_THROWS_WITH_AS(
      robots::LoadRobotFromString(Robot(Link("a") + Link("b") + Joint("j", "a", "b", "fixed")),
                                  "/tmp/bad.urdf"),
      Contains("has no actuated joints (all joints are fixed)"), Error);
  CHECK(ErrorOf(Robot(Link("a"))).find("has no actuated joints") != std::string::npos);
}

TEST_CASE("joint limits: effort and range") {
  std::string no_effort = Robot(
      Link("a") + Link("b") +
      "  <joint name=\"j\" type=\"continuous\"><parent link=\"a\"/><child link=\"b\"/></joint>\n");
  CHECK(ErrorOf(no_effort).find("joint 'j': effort limit is 0") != std::string::npos);
  std::string inverted =
      Robot(Link("a") + Link("b") +
            "  <joint name=\"j\" type=\"revolute\"><parent link=\"a\"/><child link=\"b\"/>"
            "<limit lower=\"1\" upper=\"-1\" effort=\"1\" velocity=\"1\"/></joint>\n");
  CHECK(ErrorOf(inverted).find("lower limit 1.000000 is above upper limit -1.000000") !=
        std::string::npos);
}

TEST_CASE("meshes: missing, unreadable, unknown package") {
  testing::TempDir dir;
  auto with_mesh = [](const std::string& uri) {
    return Robot(
        Link("base") + "  <link name=\"l1\">\n    <visual><geometry><mesh filename=\"" + uri +
        "\"/></geometry></visual>\n    <inertial><mass value=\"1\"/><inertia ixx=\"0.01\" "
        "ixy=\"0\" ixz=\"0\" iyy=\"0.01\" iyz=\"0\" izz=\"0.01\"/></inertial>\n  </link>\n" +
        Joint("j1", "base", "l1"));
  };
  const std::string urdf = dir.path() + "/r.urdf";
  const std::string missing = ErrorOf(with_mesh("meshes/nothere.stl"), {}, urdf);
  CHECK(missing.find(urdf + ":6: link 'l1': mesh 'meshes/nothere.stl' not found") == 0);

  dir.Write("garbage.stl", "this is not a mesh\n");
  const std::string garbage = ErrorOf(with_mesh("garbage.stl"), {}, urdf);
  CHECK(garbage.find(urdf + ":6: link 'l1': cannot read mesh") == 0);

  const std::string secret = dir.Write("secret.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  ::chmod(secret.c_str(), 0);
  if (::access(secret.c_str(), R_OK) != 0) {  // root can read anything; skip the check there
    CHECK(ErrorOf(with_mesh("secret.obj"), {}, urdf).find("cannot read mesh") != std::string::npos);
  }
  ::chmod(secret.c_str(), 0644);
  CHECK(
      robots::LoadRobotFromString(with_mesh("file://" + dir.path() + "/secret.obj"), urdf).dof() ==
      1);

  const std::string package = ErrorOf(with_mesh("package://nopkg/meshes/a.stl"), {}, urdf);
  CHECK(package.find("unknown package 'nopkg' in 'package://nopkg/meshes/a.stl'") !=
        std::string::npos);
  CHECK(package.find("--package-path") != std::string::npos);
}

TEST_CASE("--ee must name a link") {
  robots::LoadOptions options;
  options.ee_link = "hand";
  CHECK_THROWS_WITH_AS(
      robots::LoadRobotFromString(Robot(Link("base") + Link("l1") + Joint("j1", "base", "l1")),
                                  "/tmp/r.urdf", options),
      Contains("/tmp/r.urdf: --ee link 'hand' is not a link of robot 't' (links: base, l1)"),
      Error);
}

TEST_CASE("a missing file or a folder is an error naming it") {
  CHECK_THROWS_WITH_AS(robots::LoadRobot("/nonexistent/robot.urdf"),
                       Contains("/nonexistent/robot.urdf: cannot open file"), Error);
  testing::TempDir dir;
  CHECK_THROWS_WITH_AS(robots::LoadRobot(dir.path()), Contains("is a folder, expected a URDF file"),
                       Error);
}
