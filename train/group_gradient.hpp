// The PPO update's gradient worked out by hand, for one group of worlds (ppo_batch.hpp), written
// straight into the optimizer's flat layout. Internal to train/.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "suite/suite.hpp"
#include "train/flat_adam.hpp"
#include "train/manual_mlp.hpp"
#include "train/ppo_batch.hpp"

namespace mosaic::train {

// GroupLoss and its gradient worked out by hand (the update's default; GroupLoss with autograd is
// the reference, `ppo.autograd`). The same loss, term by term:
//   loss = sum over worlds i of mean over i's rows of
//            max(-A r, -A clip(r, 1 - eps, 1 + eps))            r = exp(logprob - old logprob)
//            + value_coef * 0.5 * max((v - R)^2, (v_clipped - R)^2)
//            + grounding * mean_j<3 (z_j - clip(motion_j))^2
//          - entropy_coef * sum over robot runs of (worlds in run) * sum(0.5 + log sqrt(2 pi) +
//          log_std)
// Each world's rows are gathered once per minibatch; every module runs one forward over all its
// worlds' rows (as in GroupLoss) and one backward, writing into the group's flat gradient.
class GroupGradient {
 public:
  // Binds the modules' parameters and the gradient's slots; the group and packed rows must
  // outlive the object.
  GroupGradient(const Group& g, const std::vector<WorldSlot*>& worlds,
                const std::vector<Packed>& packed, FlatAdam& optimizer);

  const torch::Tensor& gradient() const { return gradient_; }

  // Sets gradient() to d(loss)/d(parameters) on rows idx[w] of each world w and adds this
  // minibatch's per-world means of the diagnostics to sums (5 per world in group order: policy,
  // value, approx_kl, clip fraction, grounding).
  void Compute(const std::vector<torch::Tensor>& idx, const suite::PpoConfig& ppo,
               const suite::InterfaceConfig& interface, std::vector<double>& sums);

 private:
  struct World {
    std::vector<float> rows;  // this minibatch's packed rows
    int count = 0, columns = 0;
    const float* z = nullptr;  // its rows of its task module's z (unmasked)
    std::vector<float> dz;     // d(loss)/d(z)
    MlpParams value;
    MlpPass value_pass;
    std::vector<float> dvalue;
    const float* Row(int r) const { return rows.data() + static_cast<size_t>(r) * columns; }
  };
  struct TaskPass {
    MlpParams mlp;
    MlpPass pass;
    std::vector<float> input, z, dout;
  };
  struct Run {
    MlpParams mlp;
    MlpPass pass;
    const float* log_std = nullptr;
    float* log_std_grad = nullptr;
    std::vector<float> input, dmean, dinput;
  };

  // Copies rows idx of group world i's packed rollout into worlds_[i].rows.
  void Gather(int i, const torch::Tensor& idx);

  const Group& g_;
  const std::vector<Packed>& packed_;
  torch::Tensor gradient_;
  std::vector<TaskPass> tasks_;
  std::vector<Run> runs_;
  std::vector<World> worlds_;
};

}  // namespace mosaic::train
