// The policy modules (LibTorch). A policy for robot R on task T is
//   action_mean = RobotModule_R(TaskModule_T(o_task), o_robot),  action ~ N(mean, exp(log_std_R))
// TaskModule:  o_task -> normalise -> MLP (tanh hidden) -> tanh -> z        (interface, size d)
// RobotModule: (z, normalise(o_robot)) -> MLP (tanh hidden) -> action mean (size dof), + log_std
// Each module owns the running normaliser of its own observation half, so a task module is the
// same whatever robot it meets. Value functions live in train/ (per world, not composable).
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <memory>
#include <string>
#include <vector>

#include "modules/module_spec.hpp"
#include "modules/safetensors.hpp"

namespace mosaic::modules {

// Running mean and variance (parallel Welford over batches). Apply: (x - mean) / sqrt(var + 1e-8),
// clipped to +-kClip.
class Normalizer {
 public:
  static constexpr float kClip = 10.f;
  explicit Normalizer(int size = 0);
  void Update(const torch::Tensor& batch);  // (rows x size)
  torch::Tensor Apply(const torch::Tensor& x) const;
  torch::Tensor mean;  // (size)
  torch::Tensor var;   // (size)
  double count = 0;    // observations seen
};

// Fully connected: tanh after every hidden layer, linear output. Gated: the first hidden layer
// is tanh(L0 x + (A x) * (B x)), which can form products of inputs directly.
class MlpImpl : public torch::nn::Module {
 public:
  MlpImpl(int input, const std::vector<int>& hidden, int output, bool gated = false);
  torch::Tensor forward(torch::Tensor x);
  std::vector<torch::nn::Linear> layers;
  torch::nn::Linear gate_a{nullptr}, gate_b{nullptr};  // set when gated
  // Orthogonal initialisation (CleanRL): gain sqrt(2) on hidden layers, `output_gain` on the last.
  void Initialise(double output_gain);
};
TORCH_MODULE(Mlp);

// What TaskModule and RobotModule share: the spec, the normaliser and the network.
class PolicyModuleBase : public torch::nn::Module {
 public:
  explicit PolicyModuleBase(const ModuleSpec& spec);
  const ModuleSpec& spec() const { return spec_; }
  ModuleSpec& mutable_spec() { return spec_; }
  Normalizer normalizer;
  Mlp mlp{nullptr};

 protected:
  ModuleSpec spec_;
};

class TaskModule : public PolicyModuleBase {
 public:
  explicit TaskModule(const ModuleSpec& spec);
  // o_task (rows x observation size, raw) -> z (rows x interface_dim), in (-1, 1).
  torch::Tensor forward(const torch::Tensor& o_task);
  // The same from an already normalised o_task (training normalises whole batches once).
  torch::Tensor ForwardNormalized(const torch::Tensor& o_task_normalized);
};

class RobotModule : public PolicyModuleBase {
 public:
  RobotModule(const ModuleSpec& spec, float init_log_std);
  // z (rows x interface_dim) and raw o_robot (rows x observation size) -> action mean (rows x dof).
  torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& o_robot);
  torch::Tensor ForwardNormalized(const torch::Tensor& z, const torch::Tensor& o_robot_normalized);
  torch::Tensor log_std;  // (dof), a parameter
};

// mosaic's networks are small: one thread per operation beats any intra-op threading, and the
// callers parallelise themselves (training differentiates two groups of worlds on two threads).
// Sets LibTorch's intra-op threads to 1 and, when the BLAS is OpenBLAS, its threads to 1 too (its
// own threads would only fight over the cores). Idempotent; call before heavy work.
void UseSingleThreadedMath();

// Module files. Saving writes atomically; loading checks the metadata, that exactly the expected
// tensors are there with the expected shapes, and that every value is finite, and turns any fault
// into an Error naming the file.
void SaveModule(const std::string& path, const PolicyModuleBase& module);
SafetensorsFile ModuleToFile(const PolicyModuleBase& module);

struct LoadedModule {
  ModuleSpec spec;
  std::shared_ptr<TaskModule> task;    // set for task modules
  std::shared_ptr<RobotModule> robot;  // set for robot modules
};
LoadedModule LoadModule(const std::string& path);
LoadedModule ModuleFromFile(const SafetensorsFile& file, const std::string& source);

}  // namespace mosaic::modules
