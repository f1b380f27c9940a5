// ModuleSpec: everything about a module except its weights — the metadata of a module file.
// No LibTorch here, so tools that only list or check modules stay light.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sim/task.hpp"

namespace mosaic::modules {

enum class ModuleKind { kRobot, kTask };
const char* KindName(ModuleKind kind);  // "robot" | "task"

inline constexpr const char* kModuleFormat = "mosaic-module";
inline constexpr int kModuleVersion = 1;

struct ModuleSpec {
  ModuleKind kind = ModuleKind::kTask;
  std::string name;       // robot name (robot modules) or task name (task modules)
  std::string family;     // id of the training run whose interface the module speaks
  int interface_dim = 0;  // size of z
  std::vector<sim::ObservationField> layout;  // o_robot (robot modules) or o_task (task modules)
  int action_size = 0;                        // robot modules: actuated DoF; task modules: 0
  std::vector<int> hidden;                    // hidden layer sizes (tanh)
  bool gated = false;  // first hidden layer is tanh(W x + (A x) * (B x)): products of inputs (a
                       // cue times a position) in one layer, so selection is quick to learn
  float interface_dropout = 0;  // dropout on z used in training (for the record)
  std::string provenance;       // JSON text: suite, worlds, steps, seed, command

  int ObservationSize() const { return sim::LayoutSize(layout); }
  // Width of the network's input: o_task for task modules, z + o_robot for robot modules.
  int InputSize() const;
  // Width of its output: z for task modules, the action mean for robot modules.
  int OutputSize() const;
  // Short human label, e.g. "robot module 'arm3' (family arms-seed1-...)".
  std::string Label() const;
};

// Metadata strings of a module file (format, version, kind, name, family, interface_dim,
// observation_layout, action_size, architecture, provenance, normalizer_count).
std::map<std::string, std::string> EncodeMetadata(const ModuleSpec& spec, double normalizer_count);
// Parses and checks them; throws Error prefixed with `source` naming the faulty key.
ModuleSpec DecodeMetadata(const std::map<std::string, std::string>& metadata,
                          const std::string& source, double* normalizer_count);

// The tensors a module of this spec holds, name -> shape (the file must hold exactly these).
std::map<std::string, std::vector<int64_t>> ExpectedTensors(const ModuleSpec& spec);

}  // namespace mosaic::modules
