// FlatAdam does what LibTorch's clip_grad_norm_ + Adam do, on parameters that live in one buffer.
#include "tests/torch_first.hpp"
// (LibTorch before doctest: see torch_first.hpp)
#include <doctest/doctest.h>

#include <torch/torch.h>

#include <sstream>

#include "train/flat_adam.hpp"

using mosaic::train::FlatAdam;

namespace {

std::vector<torch::Tensor> MakeParameters() {
  torch::manual_seed(11);
  return {torch::randn({4, 3}).requires_grad_(), torch::randn({3}).requires_grad_(),
          torch::randn({2, 2}).requires_grad_()};
}

std::vector<torch::Tensor> Clones(const std::vector<torch::Tensor>& parameters) {
  std::vector<torch::Tensor> out;
  for (const auto& p : parameters) out.push_back(p.detach().clone().requires_grad_());
  return out;
}

}  // namespace

TEST_CASE("FlatAdam matches clip_grad_norm_ + torch::optim::Adam, and sums gradient lists") {
  for (const double max_norm : {0.05, 100.0}) {  // clipping active, then inactive
    CAPTURE(max_norm);
    const auto reference = MakeParameters();
    const auto flat_parameters = Clones(reference);
    torch::optim::Adam adam(reference, torch::optim::AdamOptions(1e-2).eps(1e-5));
    FlatAdam flat(flat_parameters, 1e-2, 1e-5);
    for (int step = 0; step < 5; ++step) {
      torch::manual_seed(100 + step);
      std::vector<torch::Tensor> half_a, half_b;
      for (const auto& p : reference) {
        const torch::Tensor g = torch::randn(p.sizes());
        p.mutable_grad() = g.clone();
        half_a.push_back(g * 0.25);
        half_b.push_back(g * 0.75);
      }
      half_b[1] = half_b[1] + half_a[1];  // an undefined gradient stands for zero
      half_a[1] = torch::Tensor();
      torch::nn::utils::clip_grad_norm_(reference, max_norm);
      adam.step();
      flat.Step({half_a, half_b}, max_norm);
      for (size_t i = 0; i < reference.size(); ++i) {
        CHECK(torch::allclose(reference[i], flat_parameters[i], 1e-5, 1e-6));
      }
    }
  }
}

TEST_CASE(
    "FlatAdam keeps the values of parameters whose storage was replaced, and checks its state") {
  const auto parameters = MakeParameters();
  FlatAdam flat(parameters, 1e-2);
  {
    torch::NoGradGuard no_grad;
    parameters[0].set_(torch::full({4, 3}, 2.0f));  // what a checkpoint load does
  }
  std::vector<torch::Tensor> zero(parameters.size());
  flat.Step({zero}, 1.0);  // zero gradient: parameters stay where they are
  CHECK(torch::equal(parameters[0], torch::full({4, 3}, 2.0f)));
  // Stepping again still moves the replaced parameter.
  std::vector<torch::Tensor> ones;
  for (const auto& p : parameters) ones.push_back(torch::ones(p.sizes()));
  flat.Step({ones}, 100.0);
  CHECK(parameters[0].max().item<float>() < 2.0f);

  torch::serialize::OutputArchive out;
  flat.Save(out);
  std::stringstream stream;
  out.save_to(stream);
  FlatAdam other({torch::zeros({5}).requires_grad_()}, 1e-2);
  torch::serialize::InputArchive in;
  in.load_from(stream);
  CHECK_THROWS_AS(other.Load(in), c10::Error);
}
