// The PPO loss of one group of worlds on a minibatch, built from LibTorch operations so that
// autograd differentiates it: the reference the hand-written gradient (group_gradient.hpp) is
// tested against, and the update's gradient under `ppo.autograd`. Internal to train/.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "suite/suite.hpp"
#include "train/ppo_batch.hpp"

namespace mosaic::train {

// The loss of one group's worlds on their minibatch rows idx[w], and its diagnostics.
torch::Tensor GroupLoss(const Group& g, const std::vector<WorldSlot*>& worlds,
                        const std::vector<Packed>& packed, const std::vector<torch::Tensor>& idx,
                        const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
                        Diagnostics& d);

}  // namespace mosaic::train
