#include "train/flat_adam.hpp"

#include <torch/torch.h>

#include <cmath>

namespace mosaic::train {

FlatAdam::FlatAdam(std::vector<torch::Tensor> parameters, double learning_rate, double eps,
                   double beta1, double beta2)
    : parameters_(std::move(parameters)),
      learning_rate_(learning_rate),
      eps_(eps),
      beta1_(beta1),
      beta2_(beta2) {
  int64_t total = 0;
  for (const auto& p : parameters_) {
    offsets_.push_back(total);
    total += p.numel();
  }
  offsets_.push_back(total);
  flat_ = torch::zeros({total});
  exp_avg_ = torch::zeros({total});
  exp_avg_sq_ = torch::zeros({total});
  Bind();
}

void FlatAdam::Bind() {
  torch::NoGradGuard no_grad;
  float* base = flat_.data_ptr<float>();
  for (size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor& p = parameters_[i];
    if (p.data_ptr<float>() == base + offsets_[i]) continue;
    torch::Tensor slot = flat_.narrow(0, offsets_[i], offsets_[i + 1] - offsets_[i]);
    slot.copy_(p.detach().reshape({-1}));
    p.set_data(slot.view(p.sizes()));
  }
}

double FlatAdam::Step(const std::vector<std::vector<torch::Tensor>>& gradients,
                      double max_grad_norm) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> flat;
  for (const auto& list : gradients) flat.push_back(Flatten(list));
  return StepFlat(flat, max_grad_norm);
}

torch::Tensor FlatAdam::Flatten(const std::vector<torch::Tensor>& gradients) const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> pieces;
  pieces.reserve(parameters_.size());
  for (size_t i = 0; i < parameters_.size(); ++i) {
    pieces.push_back(gradients[i].defined() ? gradients[i].reshape({-1})
                                            : torch::zeros({offsets_[i + 1] - offsets_[i]}));
  }
  return torch::cat(pieces);
}

double FlatAdam::StepFlat(const std::vector<torch::Tensor>& flat_gradients, double max_grad_norm) {
  torch::NoGradGuard no_grad;
  Bind();
  torch::Tensor grad = flat_gradients.front().clone();
  for (size_t g = 1; g < flat_gradients.size(); ++g) grad.add_(flat_gradients[g]);
  const double norm = grad.norm().item<double>();
  const double clip = max_grad_norm / (norm + 1e-6);
  if (clip < 1.0) grad.mul_(clip);
  steps_ += 1;
  const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(steps_));
  const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(steps_));
  exp_avg_.mul_(beta1_).add_(grad, 1.0 - beta1_);
  exp_avg_sq_.mul_(beta2_).addcmul_(grad, grad, 1.0 - beta2_);
  const torch::Tensor denominator = (exp_avg_sq_.sqrt() / std::sqrt(correction2)).add_(eps_);
  flat_.addcdiv_(exp_avg_, denominator, -learning_rate_ / correction1);
  return norm;
}

int64_t FlatAdam::OffsetOf(const torch::Tensor& p) const {
  for (size_t i = 0; i < parameters_.size(); ++i) {
    if (parameters_[i].unsafeGetTensorImpl() == p.unsafeGetTensorImpl()) return offsets_[i];
  }
  return -1;
}

void FlatAdam::Save(torch::serialize::OutputArchive& archive) const {
  archive.write("step", torch::tensor(steps_));
  archive.write("exp_avg", exp_avg_);
  archive.write("exp_avg_sq", exp_avg_sq_);
}

void FlatAdam::Load(torch::serialize::InputArchive& archive) {
  torch::Tensor step, avg, avg_sq;
  archive.read("step", step);
  archive.read("exp_avg", avg);
  archive.read("exp_avg_sq", avg_sq);
  if (avg.dim() != 1 || avg.size(0) != flat_.size(0) || !avg_sq.sizes().equals(avg.sizes())) {
    throw c10::Error({__func__, __FILE__, __LINE__},
                     "the optimizer state is for a different set of parameters");
  }
  torch::NoGradGuard no_grad;
  steps_ = step.item<int64_t>();
  exp_avg_.copy_(avg);
  exp_avg_sq_.copy_(avg_sq);
}

}  // namespace mosaic::train
