// Adding a robot to a trained suite (`mosaic extend`): check the URDF and that the robot can join
// the suite's task modules, train only a new robot module against the suite's frozen task modules
// on one task (or a few), write it into the same family, then evaluate the new robot on every task
// of the suite, zero-shot for the tasks it never trained on.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "composer/zeroshot.hpp"
#include "robots/robot_model.hpp"
#include "suite/suite.hpp"
#include "train/trainer.hpp"

namespace mosaic::extend {

struct ExtendOptions {
  std::string urdf;                        // the new robot
  std::string name;                        // its name in the suite; empty: the URDF's robot name
  std::string ee;                          // end-effector link; empty: default
  std::vector<std::string> package_paths;  // for package:// meshes
  std::vector<std::string> train_on;       // tasks to train on; empty: "reach" if the suite has it
  std::vector<std::string> modules_dirs;   // the family's modules; empty: the suite's default
  std::string family;                      // empty: the one family found there
  std::string out_dir;                     // empty: runs/extend/<name>
  int64_t steps = 0;                       // env steps of training; 0: kDefaultSteps
  uint64_t seed = 1;
  std::string init = "auto";  // "auto": fine-tune the robot module of the family whose joint
                              // layout matches, if any; "scratch"; or a robot name of the family
  int threads = -1;
  std::string command;                   // recorded in the new module's provenance
  composer::ZeroShotOptions evaluation;  // episodes, seed, progress (modules are set here)
  std::function<void(const train::IterationReport&)> on_iteration;
  const std::atomic<bool>* stop = nullptr;
};

inline constexpr int64_t kDefaultSteps = 3000000;

struct ExtendResult {
  std::string name;
  std::string family;
  std::string init_used;     // "scratch" or "fine-tuned from robot module 'arm3' (PATH)"
  std::string robot_module;  // the new module file
  std::string suite_file;    // OUT/suite.json: the suite plus the new robot and its modules
  train::TrainResult training;
  composer::ZeroShotReport row;  // the new robot on every task
};

// Reasons the robot cannot join the suite (empty when it can): spatial or tilted robots against
// task modules trained in a horizontal plane, an end effector at another height, a reach that
// cannot cover (or overshoots) the workspace the task modules were trained on, a name clash.
std::vector<std::string> JoinProblems(const robots::RobotModel& robot, const std::string& name,
                                      const suite::Suite& suite);

ExtendResult Extend(const suite::Suite& suite, const ExtendOptions& options);

}  // namespace mosaic::extend
