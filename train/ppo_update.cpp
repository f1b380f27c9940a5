#include "train/ppo_update.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <memory>

#include "train/group_gradient.hpp"
#include "train/group_loss.hpp"
#include "train/ppo_batch.hpp"

namespace mosaic::train {

void PpoUpdate(const std::vector<WorldSlot*>& worlds, FlatAdam& optimizer,
               const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
               ThreadPool& pool, std::vector<WorldReport>& reports) {
  const int n_worlds = static_cast<int>(worlds.size());
  // Each world's samples and minibatch size (its environments x rollout_steps, in minibatches).
  std::vector<int64_t> samples, minibatch;
  for (WorldSlot* world : worlds) {
    samples.push_back(static_cast<int64_t>(ppo.rollout_steps) * world->num_envs());
    minibatch.push_back(samples.back() / ppo.minibatches);
  }
  std::vector<Packed> packed;
  for (WorldSlot* world : worlds) packed.push_back(Pack(*world));
  const std::vector<torch::Tensor>& parameters = optimizer.parameters();
  // Contiguous groups of worlds, one per thread.
  const int n_groups = std::min(pool.size(), n_worlds);
  std::vector<Group> groups;
  for (int g = 0; g < n_groups; ++g)
    groups.push_back(MakeGroup(worlds, g * n_worlds / n_groups, (g + 1) * n_worlds / n_groups));
  std::vector<std::vector<torch::Tensor>> group_grads(n_groups);
  std::vector<Diagnostics> diagnostics(n_groups);
  std::vector<std::unique_ptr<GroupGradient>> manual;
  std::vector<std::vector<double>> sums(n_groups);
  std::vector<torch::Tensor> flat_grads;
  if (!ppo.autograd) {
    for (int g = 0; g < n_groups; ++g) {
      manual.push_back(std::make_unique<GroupGradient>(groups[g], worlds, packed, optimizer));
      sums[g].assign(5 * groups[g].worlds.size(), 0.0);
      flat_grads.push_back(manual.back()->gradient());
    }
  }

  for (int epoch = 0; epoch < ppo.epochs; ++epoch) {
    std::vector<torch::Tensor> order;
    for (int w = 0; w < n_worlds; ++w) order.push_back(torch::randperm(samples[w], torch::kLong));
    for (int mb = 0; mb < ppo.minibatches; ++mb) {
      std::vector<torch::Tensor> idx;
      for (int w = 0; w < n_worlds; ++w)
        idx.push_back(order[w].narrow(0, mb * minibatch[w], minibatch[w]));
      pool.ParallelFor(n_groups, [&](int begin, int end) {
        for (int g = begin; g < end; ++g) {
          if (!ppo.autograd) {
            manual[g]->Compute(idx, ppo, interface, sums[g]);
            continue;
          }
          const torch::Tensor loss =
              GroupLoss(groups[g], worlds, packed, idx, ppo, interface, diagnostics[g]);
          group_grads[g] =
              torch::autograd::grad({loss}, parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                    /*create_graph=*/false, /*allow_unused=*/true);
        }
      });
      if (ppo.autograd) {
        optimizer.Step(group_grads, ppo.max_grad_norm);
      } else {
        optimizer.StepFlat(flat_grads, ppo.max_grad_norm);
      }
    }
  }
  if (!ppo.autograd) {
    for (int g = 0; g < n_groups; ++g) {
      const int k = static_cast<int>(groups[g].worlds.size());
      auto column = [&](int c) {
        std::vector<float> v(k);
        for (int i = 0; i < k; ++i) v[i] = static_cast<float>(sums[g][5 * i + c]);
        return torch::tensor(v);
      };
      diagnostics[g].Add(column(0), column(1), column(2), column(3), column(4));
    }
  }
  const double updates = static_cast<double>(ppo.epochs) * ppo.minibatches;
  for (int g = 0; g < n_groups; ++g) {
    const Diagnostics& d = diagnostics[g];
    for (size_t i = 0; i < groups[g].worlds.size(); ++i) {
      const int w = groups[g].worlds[i];
      WorldReport& r = reports[w];
      r.policy_loss = d.policy_loss[i].item<double>() / updates;
      r.value_loss = d.value_loss[i].item<double>() / updates;
      r.approx_kl = d.approx_kl[i].item<double>() / updates;
      r.clip_fraction = d.clip_fraction[i].item<double>() / updates;
      r.grounding_loss = d.grounding[i].item<double>() / updates;
      r.entropy = (0.5 + kLogSqrtTwoPi + worlds[w]->robot().log_std).sum().item<double>();
    }
  }
}

torch::Tensor MinibatchGradient(const std::vector<WorldSlot*>& worlds, FlatAdam& optimizer,
                                const suite::PpoConfig& ppo,
                                const suite::InterfaceConfig& interface,
                                const std::vector<torch::Tensor>& idx, bool autograd) {
  std::vector<Packed> packed;
  for (WorldSlot* world : worlds) packed.push_back(Pack(*world));
  const Group group = MakeGroup(worlds, 0, static_cast<int>(worlds.size()));
  if (!autograd) {
    GroupGradient manual(group, worlds, packed, optimizer);
    std::vector<double> sums(5 * worlds.size(), 0.0);
    manual.Compute(idx, ppo, interface, sums);
    return manual.gradient().clone();
  }
  Diagnostics diagnostics;
  const torch::Tensor loss = GroupLoss(group, worlds, packed, idx, ppo, interface, diagnostics);
  return optimizer.Flatten(
      torch::autograd::grad({loss}, optimizer.parameters(), {}, false, false, true));
}

}  // namespace mosaic::train
