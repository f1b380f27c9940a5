#include "train/manual_mlp.hpp"

#include <torch/torch.h>

#include <algorithm>

extern "C" {
// Fortran BLAS (column-major), as every BLAS exports it; LibTorch calls the same function.
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
}

namespace mosaic::train {

void Gemm(bool transpose_a, bool transpose_b, int m, int n, int k, float alpha, const float* a,
          int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  // A row-major matrix is its transpose in column-major order: C^T = op(B)^T op(A)^T.
  const char ta = transpose_a ? 'T' : 'N', tb = transpose_b ? 'T' : 'N';
  sgemm_(&tb, &ta, &n, &m, &k, &alpha, b, &ldb, a, &lda, &beta, c, &ldc);
}

namespace {

DenseParams Bind(torch::nn::Linear& linear, FlatAdam& optimizer, float* gradient) {
  DenseParams d;
  d.weight = linear->weight.data_ptr<float>();
  d.bias = linear->bias.data_ptr<float>();
  d.weight_grad = GradientSlot(linear->weight, optimizer, gradient);
  d.bias_grad = GradientSlot(linear->bias, optimizer, gradient);
  d.out = static_cast<int>(linear->weight.size(0));
  d.in = static_cast<int>(linear->weight.size(1));
  return d;
}

// y (rows x out, stride out) = x W^T + b.
void Affine(const DenseParams& p, const float* x, int rows, int ld, float* y) {
  for (int r = 0; r < rows; ++r)
    std::copy(p.bias, p.bias + p.out, y + static_cast<size_t>(r) * p.out);
  Gemm(false, true, rows, p.out, p.in, 1.f, x, ld, p.weight, p.in, 1.f, y, p.out);
}

// Gradients of y = x W^T + b for dy (rows x out): dW += dy^T x, db += column sums of dy.
void AddGradients(const DenseParams& p, const float* dy, const float* x, int rows, int ld) {
  if (p.weight_grad == nullptr) return;
  Gemm(true, false, p.out, p.in, rows, 1.f, dy, p.out, x, ld, 1.f, p.weight_grad, p.in);
  for (int r = 0; r < rows; ++r) {
    const float* row = dy + static_cast<size_t>(r) * p.out;
    for (int j = 0; j < p.out; ++j) p.bias_grad[j] += row[j];
  }
}

}  // namespace

float* GradientSlot(const torch::Tensor& parameter, FlatAdam& optimizer, float* gradient) {
  const int64_t offset = optimizer.OffsetOf(parameter);
  return offset < 0 ? nullptr : gradient + offset;
}

MlpParams BindMlp(modules::MlpImpl& mlp, FlatAdam& optimizer, float* gradient) {
  MlpParams p;
  for (auto& layer : mlp.layers) p.layers.push_back(Bind(layer, optimizer, gradient));
  if (mlp.gate_a) {
    p.gated = true;
    p.gate_a = Bind(mlp.gate_a, optimizer, gradient);
    p.gate_b = Bind(mlp.gate_b, optimizer, gradient);
  }
  p.trained = p.layers.front().weight_grad != nullptr;
  return p;
}

const float* MlpPass::Forward(const MlpParams& params, const float* x, int rows, int ld) {
  x_ = x, rows_ = rows, ld_ = ld;
  const size_t n_layers = params.layers.size();
  outputs_.resize(n_layers);
  const float* in = x;
  int in_ld = ld;
  for (size_t i = 0; i < n_layers; ++i) {
    const DenseParams& layer = params.layers[i];
    std::vector<float>& y = outputs_[i];
    y.resize(static_cast<size_t>(rows) * layer.out);
    Affine(layer, in, rows, in_ld, y.data());
    const bool hidden = i + 1 < n_layers;
    if (i == 0 && params.gated && hidden) {
      gate_a_.resize(y.size());
      gate_b_.resize(y.size());
      Affine(params.gate_a, x, rows, ld, gate_a_.data());
      Affine(params.gate_b, x, rows, ld, gate_b_.data());
      for (size_t e = 0; e < y.size(); ++e) y[e] += gate_a_[e] * gate_b_[e];
    }
    if (hidden) TanhInPlace(y.data(), static_cast<int64_t>(y.size()));
    in = y.data();
    in_ld = layer.out;
  }
  return outputs_.back().data();
}

void MlpPass::Backward(const MlpParams& params, const float* dy, float* dx) {
  const int rows = rows_;
  const int n_layers = static_cast<int>(params.layers.size());
  delta_.assign(dy, dy + static_cast<size_t>(rows) * params.layers.back().out);
  for (int i = n_layers - 1; i >= 0; --i) {
    const DenseParams& layer = params.layers[i];
    if (i + 1 < n_layers) {  // through the tanh: d(pre) = d(out) * (1 - out^2)
      const std::vector<float>& out = outputs_[i];
      for (size_t e = 0; e < delta_.size(); ++e) delta_[e] *= 1.f - out[e] * out[e];
    }
    const float* in = i == 0 ? x_ : outputs_[i - 1].data();
    const int in_ld = i == 0 ? ld_ : layer.in;
    AddGradients(layer, delta_.data(), in, rows, in_ld);
    const bool gated = i == 0 && params.gated && n_layers > 1;
    if (gated) {
      // d(A x + a) = delta * (B x + b), d(B x + b) = delta * (A x + a).
      gate_delta_.resize(delta_.size());
      for (size_t e = 0; e < delta_.size(); ++e) gate_delta_[e] = delta_[e] * gate_b_[e];
      AddGradients(params.gate_a, gate_delta_.data(), x_, rows, ld_);
      if (dx != nullptr)
        Gemm(false, false, rows, layer.in, layer.out, 1.f, gate_delta_.data(), layer.out,
             params.gate_a.weight, layer.in, 0.f, dx, layer.in);
      for (size_t e = 0; e < delta_.size(); ++e) gate_delta_[e] = delta_[e] * gate_a_[e];
      AddGradients(params.gate_b, gate_delta_.data(), x_, rows, ld_);
      if (dx != nullptr)
        Gemm(false, false, rows, layer.in, layer.out, 1.f, gate_delta_.data(), layer.out,
             params.gate_b.weight, layer.in, 1.f, dx, layer.in);
    }
    if (i > 0) {
      next_delta_.resize(static_cast<size_t>(rows) * layer.in);
      Gemm(false, false, rows, layer.in, layer.out, 1.f, delta_.data(), layer.out, layer.weight,
           layer.in, 0.f, next_delta_.data(), layer.in);
      std::swap(delta_, next_delta_);
    } else if (dx != nullptr) {
      Gemm(false, false, rows, layer.in, layer.out, 1.f, delta_.data(), layer.out, layer.weight,
           layer.in, gated ? 1.f : 0.f, dx, layer.in);
    }
  }
}

}  // namespace mosaic::train
