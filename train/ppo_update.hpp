// The PPO optimisation of one iteration: epochs x minibatches of the clipped objective, summed
// over every training world, one Adam step per minibatch. The worlds are split into one group per
// pool thread; each group's gradient is computed on its own thread and the groups' gradients are
// added in a fixed order, so results are deterministic for a given thread count. Within a group,
// every module runs one forward over all its worlds' rows (ppo_batch.hpp). The gradient is worked
// out by hand (group_gradient.hpp) unless `ppo.autograd` asks for LibTorch's autograd of the same
// loss (group_loss.hpp), the reference it is tested against.
// Internal to train/.
#pragma once

#include <vector>

#include "common/thread_pool.hpp"
#include "suite/suite.hpp"
#include "train/flat_adam.hpp"
#include "train/trainer.hpp"
#include "train/world_slot.hpp"

namespace mosaic::train {

// Fills the loss and diagnostic fields of reports[w] for worlds[w].
void PpoUpdate(const std::vector<WorldSlot*>& worlds, FlatAdam& optimizer,
               const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
               ThreadPool& pool, std::vector<WorldReport>& reports);

// The gradient of the loss on one minibatch, rows idx[w] of worlds[w] (their buffers filled by a
// collection and ComputeAdvantages), all worlds in one group, flat in the optimizer's layout: by
// hand or by autograd, the update's own code. A window for tests.
torch::Tensor MinibatchGradient(const std::vector<WorldSlot*>& worlds, FlatAdam& optimizer,
                                const suite::PpoConfig& ppo,
                                const suite::InterfaceConfig& interface,
                                const std::vector<torch::Tensor>& idx, bool autograd);

}  // namespace mosaic::train
