// Suite: one experiment, from training to the zero-shot table, read from a JSON file
// (assets/suites/*.json). Parsed here, in one place, into plain structs that both train/ and
// composer/ use (so neither depends on the other). No LibTorch here.
//
// {
//   "name": "arms",                        experiment name (module family ids start with it)
//   "description": "...",                  optional
//   "robots": {"arm3": "../robots/arm3.urdf", ...}   URDF relative to the suite file, or
//             {"arm3": {"urdf": "...", "ee": "tip", "package_paths": ["..."]}}
//   "tasks": ["reach", "reach_color", "push"],       registered task names
//   "train": [["arm3", "reach"], ...],               training worlds (robot, task)
//   "heldout": "rest" | [["arm3", "push"], ...],     held-out worlds ("rest": every other pair)
//   "modules": "dir" | ["dir", ...],        optional: folders of this suite's module files,
//                                           relative to the suite file (default:
//                                           assets/modules/<name>); mosaic extend writes it
//   "interface": {...},    InterfaceConfig          "architecture": {...}, ArchitectureConfig
//   "ppo": {...},          PpoConfig                "evaluation": {...},   EvaluationConfig
// }
// Every key is checked: an unknown key, a wrong type, an unknown robot or task, a robot or task
// that no training world uses, or a world both trained and held out is an Error naming the key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mosaic::suite {

struct RobotEntry {
  std::string name;
  std::string urdf;                        // resolved path
  std::string ee;                          // end-effector link; empty: default
  std::vector<std::string> package_paths;  // resolved folders for package:// URIs
};

struct WorldSpec {
  std::string robot;
  std::string task;
  bool operator==(const WorldSpec& o) const { return robot == o.robot && task == o.task; }
  std::string Label() const { return robot + "/" + task; }
};

// The interface z between task and robot modules, and how it is regularised.
struct InterfaceConfig {
  int dim = 16;            // size of z
  float dropout = 0.3f;    // dropout probability on z while training (Devin et al. 2017)
  float grounding = 0.0f;  // weight of the auxiliary loss tying z[0:3] to the end effector's
                           // next displacement / 0.05 m (0: off)
};

struct ArchitectureConfig {
  std::vector<int> task_hidden{64, 64};   // task module: o_task -> hidden... -> z (tanh)
  bool task_gated = true;                 // task modules' first layer is gated (products of inputs)
  std::vector<int> robot_hidden{64, 64};  // robot module: (z, o_robot) -> hidden... -> action mean
  std::vector<int> value_hidden{64, 64};  // per-world value function: (o_robot, o_task) -> V
};

// PPO settings (CleanRL's ppo_continuous_action is the model).
struct PpoConfig {
  int envs_per_world = 32;         // parallel environments per training world
  int rollout_steps = 100;         // control steps collected per environment per iteration;
                                   // every iteration starts fresh episodes, so keep it a multiple
                                   // of the tasks' episode lengths (50 and 100)
  int64_t total_steps = 20000000;  // env steps over all worlds (mosaic train --steps overrides)
  int epochs = 4;                  // optimisation passes over each iteration's data
  int minibatches = 4;             // minibatches per epoch (each holds a slice of every world)
  float learning_rate = 3e-4f;     // Adam, annealed linearly to 0 over total_steps
  bool anneal_lr = true;           // linear learning-rate decay
  float gamma = 0.99f;             // discount
  float gae_lambda = 0.95f;        // GAE lambda
  float clip = 0.2f;               // PPO ratio clip
  float value_clip = 0.2f;         // value-function clip (0: off)
  float entropy_coef = 0.0f;       // entropy bonus weight (summed over worlds)
  float value_coef = 0.5f;         // value-loss weight
  float max_grad_norm = 0.5f;      // global gradient-norm clip
  float init_log_std = -0.5f;      // initial log standard deviation of the Gaussian policy
  bool normalize_rewards = true;   // scale rewards by the running std of the discounted return
  int checkpoint_every = 10;       // iterations between checkpoints
  int eval_every = 10;             // iterations between deterministic evaluations in log.csv
  int threads = 0;                 // physics threads; 0: all cores
  bool autograd = false;           // the update's gradient by LibTorch's autograd (the reference,
                                   // ~2x slower) instead of the hand-written backward; the
                                   // shipped arms modules were trained with it
  // Environments for the worlds of these tasks instead of envs_per_world, e.g. {"reach": 8}: a
  // task learnt early needs fewer samples, and the iteration's time goes to the others.
  std::map<std::string, int> envs_by_task;

  int EnvsFor(const std::string& task) const;  // envs_by_task's entry, else envs_per_world
};

struct EvaluationConfig {
  int episodes = 200;    // episodes per cell in zero-shot evaluation
  uint64_t seed = 1000;  // seed of the evaluation episodes
};

struct Suite {
  std::string name;
  std::string description;
  std::string path;         // the suite file
  std::string source_text;  // its contents (hashed into module family ids)
  std::vector<RobotEntry> robots;
  std::vector<std::string> tasks;
  std::vector<WorldSpec> train;
  std::vector<WorldSpec> heldout;
  std::vector<std::string> module_dirs;  // resolved; empty: the shipped assets/modules/<name>
  InterfaceConfig interface;
  ArchitectureConfig architecture;
  PpoConfig ppo;
  EvaluationConfig evaluation;

  const RobotEntry& Robot(const std::string& name) const;  // throws Error if absent
  bool IsTraining(const std::string& robot, const std::string& task) const;
  bool IsHeldOut(const std::string& robot, const std::string& task) const;
  // Env steps of one training iteration: every training world's environments x rollout_steps.
  int64_t StepsPerIteration() const;
};

Suite ParseSuite(const std::string& json_text, const std::string& path);

// The suite file at `path`, with command-line changes if any, each "KEY=VALUE" (`mosaic train
// --set ppo.epochs=2`): KEY is a dotted path into the suite's JSON objects, VALUE is JSON (`--set
// 'train=[["arm3","reach"]]'`) or, when it does not parse as JSON, a string (`--set name=sweep1`).
// The changed text is then checked as a whole like any suite file, so unknown keys and bad values
// are the usual errors, and it is what module families hash: changed settings make a different
// family. A malformed assignment or a path through a non-object throws Error naming the assignment.
Suite LoadSuite(const std::string& path, const std::vector<std::string>& assignments = {});
std::string ApplyAssignments(const std::string& json_text, const std::string& path,
                             const std::vector<std::string>& assignments);

// 16 hex digits of a stable hash of `text` (FNV-1a 64).
std::string StableHash(const std::string& text);

}  // namespace mosaic::suite
