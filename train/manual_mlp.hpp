// modules::Mlp (tanh hidden layers, optional gated first layer, linear output) run forward and
// differentiated by hand on raw row-major float buffers, the products through the BLAS LibTorch
// itself calls. The PPO update uses this instead of autograd: the networks are small (64 units,
// a few hundred rows per minibatch), so LibTorch's cost per operation (dispatch, autograd graph,
// allocation) was most of the update's time, not the arithmetic. The same functions as
// MlpImpl::forward; tests compare the gradients with autograd's. Internal to train/.
#pragma once

#include <vector>

#include "modules/policy_modules.hpp"
#include "train/flat_adam.hpp"

namespace mosaic::train {

// Row-major C (m x n) = alpha * op(A) * op(B) + beta * C, op(X) = X or its transpose; lda, ldb,
// ldc are row strides (sgemm of the BLAS behind LibTorch).
void Gemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a,
          int lda, const float* b, int ldb, float beta, float* c, int ldc);

// tanh of n floats in place, within 2e-7 relative of tanh (train/tanh.cpp; faster than LibTorch's).
void TanhInPlace(float* x, int64_t n);

// One linear layer, y = x W^T + b: its values and, when trained, where its gradients go (null
// when the optimizer does not train it).
struct DenseParams {
  const float* weight = nullptr;  // (out x in)
  const float* bias = nullptr;    // (out)
  float* weight_grad = nullptr;
  float* bias_grad = nullptr;
  int in = 0, out = 0;
};

struct MlpParams {
  std::vector<DenseParams> layers;
  bool gated = false;
  DenseParams gate_a, gate_b;  // when gated: first hidden layer tanh(L0 x + (A x) * (B x))
  bool trained = false;        // the optimizer trains (some of) it
};

// An Mlp's layers bound to their current values (the optimizer's flat buffer, so they follow its
// steps) and to gradient slots at the optimizer's offsets in `gradient` (optimizer.size() floats).
// Call optimizer.Bind() first: after a checkpoint load the parameters' storage is elsewhere.
MlpParams BindMlp(modules::MlpImpl& mlp, FlatAdam& optimizer, float* gradient);
// The same for a single parameter (a robot module's log_std): its gradient slot, or null.
float* GradientSlot(const torch::Tensor& parameter, FlatAdam& optimizer, float* gradient);

// One forward and backward of an MLP over a batch of rows; keeps the activations in between and
// reuses its buffers from call to call.
class MlpPass {
 public:
  // x: rows x params.layers[0].in, row stride ld; it must stay valid until Backward. Returns the
  // output, rows x out, valid until the next Forward.
  const float* Forward(const MlpParams& params, const float* x, int rows, int ld);
  // Adds the parameters' gradients for d(loss)/d(output) = dy (rows x out) to their slots and,
  // when dx is not null, writes d(loss)/d(input) to dx (rows x in).
  void Backward(const MlpParams& params, const float* dy, float* dx);

 private:
  const float* x_ = nullptr;
  int rows_ = 0, ld_ = 0;
  std::vector<std::vector<float>> outputs_;  // per layer (after tanh for hidden layers)
  std::vector<float> gate_a_, gate_b_;       // A x + a and B x + b
  std::vector<float> delta_, next_delta_, gate_delta_;
};

}  // namespace mosaic::train
