#include "modules/policy_modules.hpp"

#include <torch/nn/init.h>
#include <torch/torch.h>

#include <dlfcn.h>

#include <cmath>

#include "common/error.hpp"

namespace mosaic::modules {

void UseSingleThreadedMath() {
  at::set_num_threads(1);
  // OpenBLAS (Debian's libopenblas0-pthread behind libblas.so.3) has this; other BLASes do not.
  using SetThreads = void (*)(int);
  if (auto set_threads =
          reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set_threads(1);
}

Normalizer::Normalizer(int size) : mean(torch::zeros({size})), var(torch::ones({size})) {}

void Normalizer::Update(const torch::Tensor& batch) {
  torch::NoGradGuard no_grad;
  const double n = static_cast<double>(batch.size(0));
  if (n == 0) return;
  const torch::Tensor batch_mean = batch.mean(0);
  const torch::Tensor batch_var = batch.var(0, /*unbiased=*/false);
  const double total = count + n;
  const torch::Tensor delta = batch_mean - mean;
  mean = mean + delta * (n / total);
  var = (var * count + batch_var * n + delta.square() * (count * n / total)) / total;
  count = total;
}

torch::Tensor Normalizer::Apply(const torch::Tensor& x) const {
  return ((x - mean) / torch::sqrt(var + 1e-8)).clamp(-kClip, kClip);
}

MlpImpl::MlpImpl(int input, const std::vector<int>& hidden, int output, bool gated) {
  if (gated && !hidden.empty()) {
    gate_a = register_module("gate_a", torch::nn::Linear(input, hidden.front()));
    gate_b = register_module("gate_b", torch::nn::Linear(input, hidden.front()));
  }
  int in = input;
  for (size_t i = 0; i <= hidden.size(); ++i) {
    const int out = i < hidden.size() ? hidden[i] : output;
    layers.push_back(register_module(std::to_string(i), torch::nn::Linear(in, out)));
    in = out;
  }
}

torch::Tensor MlpImpl::forward(torch::Tensor x) {
  for (size_t i = 0; i + 1 < layers.size(); ++i) {
    torch::Tensor pre = layers[i]->forward(x);
    if (i == 0 && gate_a) pre = pre + gate_a->forward(x) * gate_b->forward(x);
    x = torch::tanh(pre);
  }
  return layers.back()->forward(x);
}

void MlpImpl::Initialise(double output_gain) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < layers.size(); ++i) {
    torch::nn::init::orthogonal_(layers[i]->weight,
                                 i + 1 < layers.size() ? std::sqrt(2.0) : output_gain);
    torch::nn::init::zeros_(layers[i]->bias);
  }
  if (gate_a) {
    for (auto* gate : {&gate_a, &gate_b}) {
      torch::nn::init::orthogonal_((*gate)->weight, 1.0);
      torch::nn::init::zeros_((*gate)->bias);
    }
  }
}

PolicyModuleBase::PolicyModuleBase(const ModuleSpec& spec)
    : normalizer(spec.ObservationSize()), spec_(spec) {
  mlp = register_module("mlp", Mlp(spec.InputSize(), spec.hidden, spec.OutputSize(), spec.gated));
}

TaskModule::TaskModule(const ModuleSpec& spec) : PolicyModuleBase(spec) {
  mlp->Initialise(1.0);
}

torch::Tensor TaskModule::forward(const torch::Tensor& o_task) {
  return ForwardNormalized(normalizer.Apply(o_task));
}

torch::Tensor TaskModule::ForwardNormalized(const torch::Tensor& o_task_normalized) {
  return torch::tanh(mlp->forward(o_task_normalized));
}

RobotModule::RobotModule(const ModuleSpec& spec, float init_log_std) : PolicyModuleBase(spec) {
  mlp->Initialise(0.01);  // near-zero initial action means (CleanRL)
  log_std = register_parameter("log_std", torch::full({spec.action_size}, init_log_std));
}

torch::Tensor RobotModule::forward(const torch::Tensor& z, const torch::Tensor& o_robot) {
  return ForwardNormalized(z, normalizer.Apply(o_robot));
}

torch::Tensor RobotModule::ForwardNormalized(const torch::Tensor& z,
                                             const torch::Tensor& o_robot_normalized) {
  return mlp->forward(torch::cat({z, o_robot_normalized}, 1));
}

namespace {

FloatTensor ToFloat(const torch::Tensor& tensor) {
  const torch::Tensor t = tensor.detach().to(torch::kFloat32).contiguous();
  FloatTensor out;
  out.shape = t.sizes().vec();
  out.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
  return out;
}

torch::Tensor FromFloat(const FloatTensor& tensor) {
  return torch::from_blob(const_cast<float*>(tensor.values.data()), tensor.shape, torch::kFloat32)
      .clone();
}

// name -> tensor of a module's weights (the MLP's and, for robot modules, log_std).
std::vector<std::pair<std::string, torch::Tensor>> Weights(const PolicyModuleBase& module) {
  std::vector<std::pair<std::string, torch::Tensor>> weights;
  for (size_t i = 0; i < module.mlp->layers.size(); ++i) {
    weights.emplace_back("mlp." + std::to_string(i) + ".weight", module.mlp->layers[i]->weight);
    weights.emplace_back("mlp." + std::to_string(i) + ".bias", module.mlp->layers[i]->bias);
  }
  if (module.mlp->gate_a) {
    weights.emplace_back("mlp.gate_a.weight", module.mlp->gate_a->weight);
    weights.emplace_back("mlp.gate_a.bias", module.mlp->gate_a->bias);
    weights.emplace_back("mlp.gate_b.weight", module.mlp->gate_b->weight);
    weights.emplace_back("mlp.gate_b.bias", module.mlp->gate_b->bias);
  }
  if (const auto* robot = dynamic_cast<const RobotModule*>(&module))
    weights.emplace_back("log_std", robot->log_std);
  return weights;
}

}  // namespace

SafetensorsFile ModuleToFile(const PolicyModuleBase& module) {
  SafetensorsFile file;
  file.metadata = EncodeMetadata(module.spec(), module.normalizer.count);
  file.tensors["normalizer.mean"] = ToFloat(module.normalizer.mean);
  file.tensors["normalizer.var"] = ToFloat(module.normalizer.var);
  for (const auto& [name, tensor] : Weights(module)) file.tensors[name] = ToFloat(tensor);
  return file;
}

void SaveModule(const std::string& path, const PolicyModuleBase& module) {
  WriteSafetensors(path, ModuleToFile(module));
}

LoadedModule ModuleFromFile(const SafetensorsFile& file, const std::string& source) {
  double count = 0;
  LoadedModule loaded;
  loaded.spec = DecodeMetadata(file.metadata, source, &count);
  const auto expected = ExpectedTensors(loaded.spec);
  for (const auto& [name, shape] : expected) {
    const auto it = file.tensors.find(name);
    if (it == file.tensors.end())
      throw Error(source + ": " + loaded.spec.Label() + " lacks tensor '" + name + "'");
    if (it->second.shape != shape) {
      auto text = [](const std::vector<int64_t>& s) {
        std::string out = "[";
        for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
        return out + "]";
      };
      throw Error(source + ": tensor '" + name + "' has shape " + text(it->second.shape) +
                  ", expected " + text(shape) + " for " + loaded.spec.Label());
    }
    for (float v : it->second.values) {
      if (!std::isfinite(v))
        throw Error(source + ": tensor '" + name + "' holds a non-finite value");
    }
  }
  for (const auto& [name, tensor] : file.tensors) {
    if (expected.count(name) == 0)
      throw Error(source + ": unexpected tensor '" + name + "' for " + loaded.spec.Label());
  }
  for (float v : file.tensors.at("normalizer.var").values) {
    if (v < 0) throw Error(source + ": tensor 'normalizer.var' holds a negative variance");
  }
  std::shared_ptr<PolicyModuleBase> module;
  if (loaded.spec.kind == ModuleKind::kTask) {
    loaded.task = std::make_shared<TaskModule>(loaded.spec);
    module = loaded.task;
  } else {
    loaded.robot = std::make_shared<RobotModule>(loaded.spec, 0.f);
    module = loaded.robot;
  }
  torch::NoGradGuard no_grad;
  module->normalizer.mean = FromFloat(file.tensors.at("normalizer.mean"));
  module->normalizer.var = FromFloat(file.tensors.at("normalizer.var"));
  module->normalizer.count = count;
  for (auto& [name, tensor] : Weights(*module)) tensor.copy_(FromFloat(file.tensors.at(name)));
  return loaded;
}

LoadedModule LoadModule(const std::string& path) {
  return ModuleFromFile(ReadSafetensors(path), path);
}

}  // namespace mosaic::modules
