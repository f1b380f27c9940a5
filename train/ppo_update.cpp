#include "train/ppo_update.hpp"

#include <torch/torch.h>

namespace mosaic::train {

namespace {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;
constexpr float kGroundingScale = 0.05f;  // [m] of hand motion per step that z[0:3] = 1 stands for

// One world's rollout, flattened to (steps * envs) rows and packed column-wise into one tensor, so
// a minibatch is a single index_select and every field a view of it. The observations are
// normalised once per iteration (the normalisers do not change during the update), robot half
// first so [o_robot | o_task] is the value function's input as it stands.
struct Packed {
  torch::Tensor rows;  // (samples x columns)
  int robot_obs = 0, task_obs = 0, dim = 0, dof = 0;
  // Column offsets of the fields after the observations.
  int mask = 0, action = 0, logprob = 0, value = 0, advantage = 0, ret = 0, ee = 0, next_ee = 0;
};

Packed Pack(WorldSlot& world) {
  torch::NoGradGuard no_grad;
  const RolloutBuffers& b = world.buffers();
  Packed p;
  const torch::Tensor robot = world.robot().normalizer.Apply(b.obs_robot.flatten(0, 1));
  const torch::Tensor task = world.task().normalizer.Apply(b.obs_task.flatten(0, 1));
  torch::Tensor advantages = b.advantages.flatten();
  advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);  // per world
  p.robot_obs = static_cast<int>(robot.size(1));
  p.task_obs = static_cast<int>(task.size(1));
  p.dim = static_cast<int>(b.masks.size(2));
  p.dof = static_cast<int>(b.actions.size(2));
  p.mask = p.robot_obs + p.task_obs;
  p.action = p.mask + p.dim;
  p.logprob = p.action + p.dof;
  p.value = p.logprob + 1;
  p.advantage = p.value + 1;
  p.ret = p.advantage + 1;
  p.ee = p.ret + 1;
  p.next_ee = p.ee + 3;
  p.rows = torch::cat({robot, task, b.masks.flatten(0, 1), b.actions.flatten(0, 1),
                       b.logprobs.flatten().unsqueeze(1), b.values.flatten().unsqueeze(1),
                       advantages.unsqueeze(1), b.returns.flatten().unsqueeze(1),
                       b.ee.flatten(0, 1), b.next_ee.flatten(0, 1)},
                      1)
               .contiguous();
  return p;
}

// Running sums of one world's diagnostics (tensors, so nothing syncs inside the loop).
struct Diagnostics {
  torch::Tensor policy_loss = torch::zeros({}), value_loss = torch::zeros({}),
                approx_kl = torch::zeros({}), clip_fraction = torch::zeros({}),
                grounding = torch::zeros({});
};

// The loss of one world on the rows `idx`, and its diagnostics.
torch::Tensor WorldLoss(WorldSlot& world, const Packed& packed, const torch::Tensor& idx,
                        const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
                        Diagnostics& d) {
  const torch::Tensor rows = packed.rows.index_select(0, idx);
  auto column = [&](int offset, int width) { return rows.narrow(1, offset, width); };
  const torch::Tensor z = world.task().ForwardNormalized(column(packed.robot_obs, packed.task_obs));
  const torch::Tensor mean = world.robot().ForwardNormalized(z * column(packed.mask, packed.dim),
                                                             column(0, packed.robot_obs));
  const torch::Tensor log_std = world.robot().log_std;
  const torch::Tensor logprob =
      (-0.5 * ((column(packed.action, packed.dof) - mean) / log_std.exp()).square() - log_std -
       kLogSqrtTwoPi)
          .sum(1);
  const torch::Tensor log_ratio = logprob - column(packed.logprob, 1).squeeze(1);
  const torch::Tensor ratio = log_ratio.exp();
  const torch::Tensor advantages = column(packed.advantage, 1).squeeze(1);
  const torch::Tensor policy_loss =
      torch::max(-advantages * ratio, -advantages * ratio.clamp(1.0 - ppo.clip, 1.0 + ppo.clip))
          .mean();
  const torch::Tensor value = world.ValueNormalized(column(0, packed.robot_obs + packed.task_obs));
  const torch::Tensor returns = column(packed.ret, 1).squeeze(1);
  torch::Tensor value_loss;
  if (ppo.value_clip > 0) {
    const torch::Tensor old = column(packed.value, 1).squeeze(1);
    const torch::Tensor clipped = old + (value - old).clamp(-ppo.value_clip, ppo.value_clip);
    value_loss = 0.5 * torch::max((value - returns).square(), (clipped - returns).square()).mean();
  } else {
    value_loss = 0.5 * (value - returns).square().mean();
  }
  const torch::Tensor entropy = (0.5 + kLogSqrtTwoPi + log_std).sum();
  torch::Tensor loss = policy_loss - ppo.entropy_coef * entropy + ppo.value_coef * value_loss;
  if (interface.grounding > 0) {
    // Tie z[0:3] to where the hand goes next, the same meaning for every robot and task.
    const torch::Tensor motion =
        (column(packed.next_ee, 3) - column(packed.ee, 3)) / kGroundingScale;
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

void PpoUpdate(const std::vector<WorldSlot*>& worlds, torch::optim::Optimizer& optimizer,
               const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
               ThreadPool& pool, std::vector<WorldReport>& reports) {
  const int samples = ppo.rollout_steps * ppo.envs_per_world;
  const int minibatch = samples / ppo.minibatches;
  const int n_worlds = static_cast<int>(worlds.size());
  std::vector<Packed> packed;
  for (WorldSlot* world : worlds) packed.push_back(Pack(*world));
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
            const torch::Tensor idx =
                order[w].narrow(0, static_cast<int64_t>(mb) * minibatch, minibatch);
            loss = loss + WorldLoss(*worlds[w], packed[w], idx, ppo, interface, diagnostics[w]);
          }
          group_grads[g] =
              torch::autograd::grad({loss}, parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
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
