#include "train/ppo_update.hpp"

#include <torch/torch.h>

namespace mosaic::train {

namespace {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;
constexpr float kGroundingScale = 0.05f;  // [m] of hand motion per step that z[0:3] = 1 stands for

// One world's rollout, flattened to (steps * envs) rows.
struct Flat {
  torch::Tensor obs_robot, obs_task, masks, actions, logprobs, values, advantages, returns, ee, next_ee;
};

// Running sums of one world's diagnostics (tensors, so nothing syncs inside the loop).
struct Diagnostics {
  torch::Tensor policy_loss = torch::zeros({}), value_loss = torch::zeros({}), approx_kl = torch::zeros({}),
                clip_fraction = torch::zeros({}), grounding = torch::zeros({});
};

// The loss of world w on the rows `idx`, and its diagnostics.
torch::Tensor WorldLoss(WorldSlot& world, const Flat& f, const torch::Tensor& idx, const suite::PpoConfig& ppo,
                        const suite::InterfaceConfig& interface, Diagnostics& d) {
  const torch::Tensor o_robot = f.obs_robot.index_select(0, idx), o_task = f.obs_task.index_select(0, idx);
  const torch::Tensor z = world.task().forward(o_task);
  const torch::Tensor mean = world.robot().forward(z * f.masks.index_select(0, idx), o_robot);
  const torch::Tensor log_std = world.robot().log_std;
  const torch::Tensor actions = f.actions.index_select(0, idx);
  const torch::Tensor logprob = (-0.5 * ((actions - mean) / log_std.exp()).square() - log_std - kLogSqrtTwoPi).sum(1);
  const torch::Tensor log_ratio = logprob - f.logprobs.index_select(0, idx);
  const torch::Tensor ratio = log_ratio.exp();
  const torch::Tensor advantages = f.advantages.index_select(0, idx);
  const torch::Tensor policy_loss =
      torch::max(-advantages * ratio, -advantages * ratio.clamp(1.0 - ppo.clip, 1.0 + ppo.clip)).mean();
  const torch::Tensor value = world.Value(o_robot, o_task);
  const torch::Tensor returns = f.returns.index_select(0, idx);
  torch::Tensor value_loss;
  if (ppo.value_clip > 0) {
    const torch::Tensor old = f.values.index_select(0, idx);
    const torch::Tensor clipped = old + (value - old).clamp(-ppo.value_clip, ppo.value_clip);
    value_loss = 0.5 * torch::max((value - returns).square(), (clipped - returns).square()).mean();
  } else {
    value_loss = 0.5 * (value - returns).square().mean();
  }
  const torch::Tensor entropy = (0.5 + kLogSqrtTwoPi + log_std).sum();
  torch::Tensor loss = policy_loss - ppo.entropy_coef * entropy + ppo.value_coef * value_loss;
  if (interface.grounding > 0) {
    // Tie z[0:3] to where the hand goes next, the same meaning for every robot and task.
    const torch::Tensor motion = (f.next_ee.index_select(0, idx) - f.ee.index_select(0, idx)) / kGroundingScale;
    const torch::Tensor grounding = (z.narrow(1, 0, 3) - motion.clamp(-1.0, 1.0)).square().mean();
    loss = loss + interface.grounding * grounding;
    d.grounding += grounding.detach();
  }
  torch::NoGradGuard no_grad;
  d.policy_loss += policy_loss.detach();
  d.value_loss += value_loss.detach();
  d.approx_kl += ((ratio - 1.0) - log_ratio).mean();
  d.clip_fraction += ((ratio - 1.0).abs() > ppo.clip).to(torch::kFloat32).mean();
  return loss;
}

}  // namespace

void PpoUpdate(const std::vector<WorldSlot*>& worlds, torch::optim::Optimizer& optimizer, const suite::PpoConfig& ppo,
               const suite::InterfaceConfig& interface, ThreadPool& pool, std::vector<WorldReport>& reports) {
  const int samples = ppo.rollout_steps * ppo.envs_per_world;
  const int minibatch = samples / ppo.minibatches;
  const int n_worlds = static_cast<int>(worlds.size());
  std::vector<Flat> flat;
  for (WorldSlot* world : worlds) {
    const RolloutBuffers& b = world->buffers();
    torch::Tensor advantages = b.advantages.flatten();
    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);  // per world
    flat.push_back({b.obs_robot.flatten(0, 1), b.obs_task.flatten(0, 1), b.masks.flatten(0, 1), b.actions.flatten(0, 1),
                    b.logprobs.flatten(), b.values.flatten(), advantages, b.returns.flatten(), b.ee.flatten(0, 1),
                    b.next_ee.flatten(0, 1)});
  }
  std::vector<torch::Tensor> parameters;
  for (auto& group : optimizer.param_groups()) {
    for (auto& p : group.params()) parameters.push_back(p);
  }
  // Contiguous groups of worlds, one per thread.
  const int groups = std::min(pool.size(), n_worlds);
  std::vector<std::vector<torch::Tensor>> group_grads(groups);
  std::vector<Diagnostics> diagnostics(n_worlds);

  for (int epoch = 0; epoch < ppo.epochs; ++epoch) {
    std::vector<torch::Tensor> order;
    for (int w = 0; w < n_worlds; ++w) order.push_back(torch::randperm(samples, torch::kLong));
    for (int mb = 0; mb < ppo.minibatches; ++mb) {
      pool.ParallelFor(groups, [&](int begin, int end) {
        for (int g = begin; g < end; ++g) {
          torch::Tensor loss = torch::zeros({});
          for (int w = g * n_worlds / groups; w < (g + 1) * n_worlds / groups; ++w) {
            const torch::Tensor idx = order[w].narrow(0, static_cast<int64_t>(mb) * minibatch, minibatch);
            loss = loss + WorldLoss(*worlds[w], flat[w], idx, ppo, interface, diagnostics[w]);
          }
          group_grads[g] = torch::autograd::grad({loss}, parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                                 /*create_graph=*/false, /*allow_unused=*/true);
        }
      });
      torch::NoGradGuard no_grad;
      for (size_t i = 0; i < parameters.size(); ++i) {
        torch::Tensor sum;
        for (int g = 0; g < groups; ++g) {
          if (!group_grads[g][i].defined()) continue;
          sum = sum.defined() ? sum + group_grads[g][i] : group_grads[g][i];
        }
        parameters[i].mutable_grad() = sum.defined() ? sum : torch::zeros_like(parameters[i]);
      }
      torch::nn::utils::clip_grad_norm_(parameters, ppo.max_grad_norm);
      optimizer.step();
    }
  }
  const double updates = static_cast<double>(ppo.epochs) * ppo.minibatches;
  for (int w = 0; w < n_worlds; ++w) {
    WorldReport& r = reports[w];
    const Diagnostics& d = diagnostics[w];
    r.policy_loss = d.policy_loss.item<double>() / updates;
    r.value_loss = d.value_loss.item<double>() / updates;
    r.approx_kl = d.approx_kl.item<double>() / updates;
    r.clip_fraction = d.clip_fraction.item<double>() / updates;
    r.grounding_loss = d.grounding.item<double>() / updates;
    r.entropy = (0.5 + kLogSqrtTwoPi + worlds[w]->robot().log_std).sum().item<double>();
  }
}

}  // namespace mosaic::train
