// mosaic robots list | show | check
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "common/assets.hpp"
#include "common/error.hpp"
#include "robots/robot_check.hpp"
#include "robots/urdf_loader.hpp"
#include "suite/suite.hpp"

namespace mosaic::apps {

namespace {

using nlohmann::json;
using robots::RobotModel;

json Limit(float value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

json RobotJson(const RobotModel& model) {
  json joints = json::array();
  for (const auto& joint : model.joints) {
    joints.push_back({{"name", joint.name},
                      {"type", robots::JointTypeName(joint.type)},
                      {"lower", Limit(joint.lower)},
                      {"upper", Limit(joint.upper)},
                      {"effort", joint.effort},
                      {"velocity", joint.velocity},
                      {"damping", joint.damping}});
  }
  const auto& n = model.plane_normal;
  return {{"name", model.name},
          {"file", model.source_path},
          {"dof", model.dof()},
          {"joints", joints},
          {"ee_link", model.ee.link},
          {"reach", model.reach},
          {"planar", model.planar},
          {"plane_normal", model.planar ? json{n.x(), n.y(), n.z()} : json(nullptr)},
          {"bodies", model.bodies.size()},
          {"geometry", model.GeometryKinds()},
          {"warnings", model.warnings}};
}

std::string LimitText(float value) {
  if (!std::isfinite(value)) return "-";
  std::ostringstream out;
  out << std::fixed << std::setprecision(3) << value;
  return out.str();
}

void PrintRobot(const RobotModel& model) {
  std::cout << "robot     " << model.name << "  (" << model.source_path << ")\n"
            << "dof       " << model.dof() << "\n"
            << "ee link   " << model.ee.link << "\n"
            << "reach     " << std::fixed << std::setprecision(3) << model.reach << " m\n"
            << "motion    " << (model.planar ? "planar" : "spatial");
  if (model.planar) {
    const auto& n = model.plane_normal;
    std::cout << " (normal " << std::setprecision(2) << n.x() << " " << n.y() << " " << n.z()
              << ")";
  }
  std::cout << "\nbodies    " << model.bodies.size() << " (after merging fixed joints)\ngeometry  ";
  for (const auto& kind : model.GeometryKinds()) std::cout << kind << " ";
  std::cout << "\n\n  " << std::left << std::setw(20) << "joint" << std::setw(12) << "type"
            << std::right << std::setw(9) << "lower" << std::setw(9) << "upper" << std::setw(10)
            << "effort" << std::setw(9) << "damping"
            << "\n";
  for (const auto& joint : model.joints) {
    std::cout << "  " << std::left << std::setw(20) << joint.name << std::setw(12)
              << robots::JointTypeName(joint.type) << std::right << std::setw(9)
              << LimitText(joint.lower) << std::setw(9) << LimitText(joint.upper) << std::setw(10)
              << LimitText(joint.effort) << std::setw(9) << LimitText(joint.damping) << "\n";
  }
  for (const auto& warning : model.warnings) std::cout << "warning: " << warning << "\n";
}

struct RobotArgs {
  std::string robot;
  std::string ee;
  std::vector<std::string> package_paths;
  bool json = false;
};

RobotModel Load(const RobotArgs& args) {
  robots::LoadOptions options;
  options.ee_link = args.ee;
  options.package_paths = args.package_paths;
  return robots::LoadRobot(ResolveRobotPath(args.robot), options);
}

void AddLoadOptions(CLI::App& command, RobotArgs& args) {
  command.add_option("robot", args.robot, "Shipped robot name or URDF file")->required();
  command.add_option("--ee", args.ee, "End-effector link (default: tip of the longest chain)");
  command.add_option("--package-path", args.package_paths,
                     "Folder for package:// mesh URIs (repeatable; also MOSAIC_PACKAGE_PATH)");
  command.add_flag("--json", args.json, "Print one JSON object");
}

struct ListArgs {
  bool json = false;
  std::string suite_path;         // the suite's robots instead of the shipped ones
  std::vector<std::string> dirs;  // and every *.urdf in these folders
};

void ListRobots(const ListArgs& args) {
  struct Entry {
    std::string name, source;
    RobotModel model;
  };
  std::vector<Entry> entries;
  if (args.suite_path.empty()) {
    for (const auto& name : ShippedRobotNames())
      entries.push_back({name, "shipped", robots::LoadRobot(ResolveRobotPath(name))});
  } else {
    const suite::Suite suite = suite::LoadSuite(args.suite_path);
    for (const auto& robot : suite.robots) {
      robots::LoadOptions options;
      options.ee_link = robot.ee;
      options.package_paths = robot.package_paths;
      entries.push_back(
          {robot.name, "suite " + suite.name, robots::LoadRobot(robot.urdf, options)});
    }
  }
  for (const auto& dir : args.dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
      throw Error(dir + ": not a folder (expected a folder of .urdf files)");
    std::vector<std::string> files;
    for (const auto& item : std::filesystem::directory_iterator(dir, ec)) {
      if (item.path().extension() == ".urdf") files.push_back(item.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files)
      entries.push_back(
          {std::filesystem::path(file).stem().string(), "folder " + dir, robots::LoadRobot(file)});
  }
  json list = json::array();
  if (!args.json)
    std::cout << std::left << std::setw(10) << "name" << std::setw(5) << "dof" << std::setw(9)
              << "reach" << std::setw(9) << "motion"
              << "from\n";
  for (const auto& e : entries) {
    if (args.json) {
      list.push_back({{"name", e.name},
                      {"file", e.model.source_path},
                      {"dof", e.model.dof()},
                      {"reach", e.model.reach},
                      {"planar", e.model.planar},
                      {"source", e.source}});
    } else {
      std::cout << std::left << std::setw(10) << e.name << std::setw(5) << e.model.dof()
                << std::fixed << std::setprecision(3) << e.model.reach << " m  " << std::setw(9)
                << (e.model.planar ? "planar" : "spatial") << e.source << "\n";
    }
  }
  if (args.json) std::cout << list.dump(2) << "\n";
}

void CheckRobot(const RobotArgs& args) {
  const RobotModel model = Load(args);
  const robots::SimulationCheck runs[] = {robots::SimulateRobot(model, false, 1.f, 1),
                                          robots::SimulateRobot(model, true, 1.f, 2)};
  bool ok = true;
  json simulation = json::array();
  for (const auto& run : runs) {
    ok &= run.ok;
    simulation.push_back({{"label", run.label},
                          {"ok", run.ok},
                          {"seconds", run.seconds},
                          {"max_joint_speed", run.max_speed},
                          {"ee_moved", (run.ee_end - run.ee_start).length()},
                          {"problem", run.problem},
                          {"note", run.note}});
  }
  if (args.json) {
    json out = RobotJson(model);
    out["simulation"] = simulation;
    out["ok"] = ok;
    std::cout << out.dump(2) << "\n";
  } else {
    PrintRobot(model);
    std::cout << "\nsimulation (Bullet, 240 Hz):\n";
    for (const auto& run : runs) {
      std::cout << "  " << std::left << std::setw(14) << run.label << (run.ok ? "ok  " : "FAIL")
                << "  " << std::setprecision(2) << run.seconds << " s, max joint speed "
                << run.max_speed << ", end effector moved " << (run.ee_end - run.ee_start).length()
                << " m\n";
      if (!run.note.empty()) std::cout << "                note: " << run.note << "\n";
    }
  }
  if (!ok) {
    for (const auto& run : runs) {
      if (!run.ok) throw Error(model.source_path + ": " + run.problem);
    }
  }
}

}  // namespace

void AddRobotsCommands(CLI::App& app) {
  CLI::App* robots = app.add_subcommand("robots", "List, show and check robots (URDF)");
  robots->require_subcommand(1);

  static ListArgs list_args;
  CLI::App* list =
      robots->add_subcommand("list", "List the shipped robots (or a suite's, and robot folders')");
  list->add_flag("--json", list_args.json, "Print a JSON array");
  list->add_option("--suite", list_args.suite_path,
                   "List this suite's robots instead of the shipped ones");
  list->add_option("--dir", list_args.dirs, "Also list every .urdf in this folder (repeatable)");
  list->callback([] { ListRobots(list_args); });

  static RobotArgs show_args;
  CLI::App* show = robots->add_subcommand("show", "Show a robot's joints, limits and geometry");
  AddLoadOptions(*show, show_args);
  show->callback([] {
    const RobotModel model = Load(show_args);
    if (show_args.json) {
      std::cout << RobotJson(model).dump(2) << "\n";
    } else {
      PrintRobot(model);
    }
  });

  static RobotArgs check_args;
  CLI::App* check = robots->add_subcommand(
      "check", "Load a URDF, build it in Bullet, simulate 1 s with zero and random torques");
  AddLoadOptions(*check, check_args);
  check->callback([] { CheckRobot(check_args); });
}

}  // namespace mosaic::apps
