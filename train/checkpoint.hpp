// Trainer checkpoints (DIR/checkpoint/state.pt, a LibTorch archive): every weight, normaliser,
// return scaler and the Adam state, with the iteration count, so --resume continues exactly where
// the run stopped. Written atomically (temp file + rename). Internal to train/.
#pragma once

#include <torch/nn/module.h>

#include <string>
#include <utility>
#include <vector>

#include "modules/policy_modules.hpp"
#include "train/flat_adam.hpp"
#include "train/world_slot.hpp"

namespace mosaic::train {

struct TrainerState {
  int iteration = 0;      // completed iterations
  int64_t env_steps = 0;  // env steps so far, all worlds
  double seconds = 0;     // wall time so far, over all sessions of the run
  std::string family;     // the run's family id
};

// What a checkpoint holds besides TrainerState, by stable names.
struct CheckpointParts {
  std::vector<std::pair<std::string, modules::PolicyModuleBase*>> modules;
  std::vector<std::pair<std::string, torch::nn::Module*>> values;
  std::vector<std::pair<std::string, ReturnScaler*>> scalers;
  FlatAdam* optimizer = nullptr;
};

void SaveCheckpoint(const std::string& dir, const TrainerState& state,
                    const CheckpointParts& parts);
// Throws Error when `dir` holds no checkpoint, one made by another training run (its family is not
// `family`: another suite, `--set` or seed), or one of a different shape.
TrainerState LoadCheckpoint(const std::string& dir, const CheckpointParts& parts,
                            const std::string& family);

}  // namespace mosaic::train
