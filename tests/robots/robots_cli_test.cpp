// `mosaic robots ...` run as a user runs it: exit status, output, and no crash on bad input.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.hpp"

using namespace mosaic::testing;

TEST_CASE("mosaic --help, --version, robots list") {
  const auto help = RunMosaic("--help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("Examples:") != std::string::npos);
  CHECK(RunMosaic("--version").output.find("mosaic 0.") != std::string::npos);
  const auto list = RunMosaic("robots list --json");
  REQUIRE(list.exit_code == 0);
  const auto robots = nlohmann::json::parse(list.output);
  CHECK(robots.size() == 4);
  CHECK(robots[0]["name"] == "arm3");
}

TEST_CASE("robots check reports DoF and planarity as JSON") {
  for (const auto& [name, dof] : std::vector<std::pair<std::string, int>>{
           {"arm3", 3}, {"arm4", 4}, {"arm5", 5}, {"scara3", 3}}) {
    CAPTURE(name);
    const auto result = RunMosaic("robots check " + name + " --json");
    REQUIRE(result.exit_code == 0);
    const auto report = nlohmann::json::parse(result.output);
    CHECK(report["dof"] == dof);
    CHECK(report["planar"] == true);
    CHECK(report["ok"] == true);
    CHECK(report["joints"].size() == static_cast<size_t>(dof));
    for (const char* key : {"name", "type", "lower", "upper", "effort"})
      CHECK(report["joints"][0].contains(key));
  }
  const auto xarm = RunMosaic("robots check " + DataPath("urdf-zoo/xarm/xarm6_robot.urdf") +
                              " --package-path " + DataPath("urdf-zoo/xarm") + " --json");
  REQUIRE(xarm.exit_code == 0);
  const auto report = nlohmann::json::parse(xarm.output);
  CHECK(report["dof"] == 6);
  CHECK(report["planar"] == false);
  CHECK(report["ee_link"] == "link6");
}

TEST_CASE("bad input exits non-zero with a message naming the file, never a signal") {
  TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"notxml.urdf", "this is not XML\n"},
      {"malformed.urdf", "<robot name=\"r\">\n<link name=\"a\">\n</robot>\n"},
      {"empty.urdf", ""},
      {"nolinks.urdf", "<robot name=\"r\"></robot>"},
      {"dup.urdf", "<robot name=\"r\"><link name=\"a\"/><link name=\"a\"/></robot>"},
      {"fixed.urdf",
       "<robot name=\"r\"><link name=\"a\"/><link name=\"b\"/><joint name=\"j\" "
       "type=\"fixed\"><parent link=\"a\"/><child link=\"b\"/></joint></robot>"},
      {"mesh.urdf",
       "<robot name=\"r\"><link name=\"a\"/><link name=\"b\"><visual><geometry><mesh "
       "filename=\"package://p/m.stl\"/></geometry></visual></link>"
       "<joint name=\"j\" type=\"continuous\"><parent link=\"a\"/><child link=\"b\"/><limit "
       "effort=\"1\" velocity=\"1\"/></joint></robot>"},
  };
  for (const auto& [name, contents] : cases) {
    CAPTURE(name);
    const std::string file = dir.Write(name, contents);
    const auto result = RunMosaic("robots check " + file);
    CHECK_FALSE(result.signaled);
    CHECK(result.exit_code == 1);
    CHECK(result.output.find("mosaic: error: " + file) != std::string::npos);
  }
  const auto missing = RunMosaic("robots check " + dir.path() + "/absent.urdf");
  CHECK(missing.exit_code == 1);
  CHECK(missing.output.find("absent.urdf: cannot open file") != std::string::npos);
  const auto bad_ee = RunMosaic("robots check arm3 --ee nothing");
  CHECK(bad_ee.exit_code == 1);
  CHECK(bad_ee.output.find("arm3.urdf: --ee link 'nothing' is not a link") != std::string::npos);
  const auto bad_flag = RunMosaic("robots check arm3 --no-such-flag");
  CHECK(bad_flag.exit_code != 0);
  CHECK_FALSE(bad_flag.signaled);
}
