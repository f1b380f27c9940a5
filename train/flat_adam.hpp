// Adam over one flat buffer. The trained parameters become views into a single tensor, so the
// gradient sum, the clipping and the Adam step are a handful of tensor operations instead of a few
// per parameter (LibTorch 1.13's Adam and clip_grad_norm_ loop over the ~100 small tensors of the
// arms suite: 30% of the PPO update's time). The arithmetic is torch::optim::Adam's (no weight
// decay, no amsgrad) and clip_grad_norm_'s (L2 over all gradients). Internal to train/.
#pragma once

#include <torch/serialize/archive.h>
#include <torch/types.h>

#include <vector>

namespace mosaic::train {

class FlatAdam {
 public:
  FlatAdam(std::vector<torch::Tensor> parameters, double learning_rate, double eps = 1e-5,
           double beta1 = 0.9, double beta2 = 0.999);

  const std::vector<torch::Tensor>& parameters() const { return parameters_; }
  void set_learning_rate(double learning_rate) { learning_rate_ = learning_rate; }

  // Sums the gradient lists (one per thread group, each in parameters() order, an undefined tensor
  // standing for zero), scales the sum down to an L2 norm of at most max_grad_norm, and takes one
  // Adam step. Returns the norm before clipping.
  double Step(const std::vector<std::vector<torch::Tensor>>& gradients, double max_grad_norm);
  // The same for gradients already flat in the optimizer's layout (size() floats each).
  double StepFlat(const std::vector<torch::Tensor>& flat_gradients, double max_grad_norm);
  // One gradient list (in parameters() order, undefined for zero) as one flat tensor in that
  // layout.
  torch::Tensor Flatten(const std::vector<torch::Tensor>& gradients) const;

  // Number of trained floats, and where parameter p starts among them (-1: p is not trained).
  int64_t size() const { return offsets_.back(); }
  int64_t OffsetOf(const torch::Tensor& p) const;

  // Makes every parameter a view into the flat buffer again if something (a checkpoint load)
  // replaced its storage, keeping its current values. After it, the parameters' data pointers
  // stay valid across steps (until the next load).
  void Bind();

  // The state (step count and both moments) for checkpoints. Load throws c10::Error when the
  // archive was written for a different set of parameters.
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

 private:
  std::vector<torch::Tensor> parameters_;
  std::vector<int64_t> offsets_;
  torch::Tensor flat_, exp_avg_, exp_avg_sq_;
  int64_t steps_ = 0;
  double learning_rate_, eps_, beta1_, beta2_;
};

}  // namespace mosaic::train
