#include "train/checkpoint.hpp"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <cstdio>
#include <filesystem>

#include "common/error.hpp"

namespace mosaic::train {

namespace fs = std::filesystem;

namespace {
std::string StatePath(const std::string& dir) {
  return (fs::path(dir) / "state.pt").string();
}

// A fresh tensor per read: InputArchive::read into a defined tensor keeps that tensor's dtype and
// reinterprets the stored bytes.
torch::Tensor Read(torch::serialize::InputArchive& archive, const std::string& key) {
  torch::Tensor tensor;
  archive.read(key, tensor);
  return tensor;
}

}  // namespace

void SaveCheckpoint(const std::string& dir, const TrainerState& state,
                    const CheckpointParts& parts) {
  fs::create_directories(dir);
  torch::serialize::OutputArchive archive;
  archive.write("iteration", torch::tensor(static_cast<int64_t>(state.iteration)));
  archive.write("env_steps", torch::tensor(state.env_steps));
  archive.write("seconds", torch::tensor(state.seconds, torch::kFloat64));
  archive.write("family", c10::IValue(state.family));
  for (const auto& [name, module] : parts.modules) {
    torch::serialize::OutputArchive sub;
    module->save(sub);
    sub.write("normalizer.mean", module->normalizer.mean);
    sub.write("normalizer.var", module->normalizer.var);
    sub.write("normalizer.count", torch::tensor(module->normalizer.count, torch::kFloat64));
    archive.write(name, sub);
  }
  for (const auto& [name, module] : parts.values) {
    torch::serialize::OutputArchive sub;
    module->save(sub);
    archive.write(name, sub);
  }
  for (const auto& [name, scaler] : parts.scalers) {
    archive.write(name, torch::tensor({scaler->mean, scaler->var, scaler->count}, torch::kFloat64));
  }
  torch::serialize::OutputArchive optimizer;
  parts.optimizer->Save(optimizer);
  archive.write("optimizer", optimizer);
  const std::string path = StatePath(dir), temp = path + ".tmp";
  archive.save_to(temp);
  if (std::rename(temp.c_str(), path.c_str()) != 0)
    throw Error(path + ": cannot move the new checkpoint into place");
}

TrainerState LoadCheckpoint(const std::string& dir, const CheckpointParts& parts,
                            const std::string& family) {
  const std::string path = StatePath(dir);
  if (!fs::exists(path))
    throw Error(path + ": no checkpoint to resume from (train without --resume first)");
  TrainerState state;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    state.iteration = static_cast<int>(Read(archive, "iteration").item<int64_t>());
    state.env_steps = Read(archive, "env_steps").item<int64_t>();
    state.seconds = Read(archive, "seconds").item<double>();
    c10::IValue stored_family;
    archive.read("family", stored_family);
    state.family = stored_family.toStringRef();
    if (state.family != family) {  // before the modules, whose shapes may differ too
      throw Error(path + ": made by training run " + state.family +
                  ", but this suite and seed give " + family +
                  " (resume with the same suite file, --set changes and --seed)");
    }
    torch::NoGradGuard no_grad;
    for (const auto& [name, module] : parts.modules) {
      torch::serialize::InputArchive sub;
      archive.read(name, sub);
      module->load(sub);
      module->normalizer.mean = Read(sub, "normalizer.mean");
      module->normalizer.var = Read(sub, "normalizer.var");
      module->normalizer.count = Read(sub, "normalizer.count").item<double>();
    }
    for (const auto& [name, module] : parts.values) {
      torch::serialize::InputArchive sub;
      archive.read(name, sub);
      module->load(sub);
    }
    for (const auto& [name, scaler] : parts.scalers) {
      const torch::Tensor value = Read(archive, name);
      scaler->mean = value[0].item<double>();
      scaler->var = value[1].item<double>();
      scaler->count = value[2].item<double>();
    }
    torch::serialize::InputArchive optimizer;
    archive.read("optimizer", optimizer);
    parts.optimizer->Load(optimizer);
  } catch (const c10::Error& e) {
    throw Error(path + ": cannot read the checkpoint (" + std::string(e.what_without_backtrace()) +
                "); was it written by another suite or mosaic version?");
  }
  return state;
}

}  // namespace mosaic::train
