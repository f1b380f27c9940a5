#include "train/group_loss.hpp"

#include <algorithm>

namespace mosaic::train {

// The loss of one group's worlds on their minibatch rows idx[w], and its diagnostics.
torch::Tensor GroupLoss(const Group& g, const std::vector<WorldSlot*>& worlds,
                        const std::vector<Packed>& packed, const std::vector<torch::Tensor>& idx,
                        const suite::PpoConfig& ppo, const suite::InterfaceConfig& interface,
                        Diagnostics& d) {
  const int k = static_cast<int>(g.worlds.size());
  // Minibatch rows of each world (worlds with fewer environments have fewer), and where each
  // world's rows start in the group's concatenation.
  std::vector<int64_t> count(k), start(k + 1, 0);
  std::vector<torch::Tensor> rows(k);
  for (int i = 0; i < k; ++i) {
    const int w = g.worlds[i];
    rows[i] = packed[w].rows.index_select(0, idx[w]);
    count[i] = idx[w].size(0);
    start[i + 1] = start[i] + count[i];
  }
  const bool uniform =
      std::all_of(count.begin(), count.end(), [&](int64_t c) { return c == count[0]; });
  auto column = [&](int i, int offset, int width) { return rows[i].narrow(1, offset, width); };
  auto field = [&](int i, int Packed::*offset, int width) {
    return column(i, packed[g.worlds[i]].*offset, width);
  };

  // Task modules: one forward each over their worlds' rows.
  std::vector<torch::Tensor> z_parts(k);
  for (const auto& set : g.task_sets) {
    std::vector<torch::Tensor> inputs;
    for (int i : set.positions) {
      const Packed& p = packed[g.worlds[i]];
      inputs.push_back(column(i, p.robot_obs, p.task_obs));
    }
    const torch::Tensor z = set.task->ForwardNormalized(CatOrOne(inputs));
    int64_t offset = 0;
    for (int i : set.positions) {
      z_parts[i] = z.narrow(0, offset, count[i]);
      offset += count[i];
    }
  }
  const int dim = packed[g.worlds.front()].dim;
  std::vector<torch::Tensor> masks;
  for (int i = 0; i < k; ++i) masks.push_back(field(i, &Packed::mask, dim));
  const torch::Tensor z = CatOrOne(z_parts);
  const torch::Tensor z_masked = z * CatOrOne(masks);

  // Robot modules: one forward and one log-likelihood each over their worlds' rows.
  std::vector<torch::Tensor> logprobs;
  torch::Tensor entropy = torch::zeros({});
  for (const auto& run : g.runs) {
    std::vector<torch::Tensor> robot_obs, actions;
    const int dof = packed[g.worlds[run.first]].dof;
    for (int i = run.first; i < run.first + run.count; ++i) {
      robot_obs.push_back(column(i, 0, packed[g.worlds[i]].robot_obs));
      actions.push_back(field(i, &Packed::action, dof));
    }
    const torch::Tensor mean = run.robot->ForwardNormalized(
        z_masked.narrow(0, start[run.first], start[run.first + run.count] - start[run.first]),
        CatOrOne(robot_obs));
    const torch::Tensor& log_std = run.robot->log_std;
    logprobs.push_back(
        (-0.5 * ((CatOrOne(actions) - mean) / log_std.exp()).square() - log_std - kLogSqrtTwoPi)
            .sum(1));
    entropy = entropy + run.count * (0.5 + kLogSqrtTwoPi + log_std).sum();
  }

  // Value functions (per world), and the columns every world has alike.
  std::vector<torch::Tensor> values, tails;
  for (int i = 0; i < k; ++i) {
    const Packed& p = packed[g.worlds[i]];
    values.push_back(worlds[g.worlds[i]]->ValueNormalized(column(i, 0, p.robot_obs + p.task_obs)));
    tails.push_back(column(i, p.logprob, p.next_ee + 3 - p.logprob));
  }
  const torch::Tensor value = CatOrOne(values);
  // Every world has the same columns from `logprob` on: logprob, value, advantage, return, ee,
  // next_ee.
  const torch::Tensor tail = CatOrOne(tails);
  const Packed& layout = packed[g.worlds.front()];
  auto tail_field = [&](int Packed::*offset, int width) {
    return tail.narrow(1, layout.*offset - layout.logprob, width);
  };
  const torch::Tensor old_logprob = tail_field(&Packed::logprob, 1).squeeze(1),
                      old_value = tail_field(&Packed::value, 1).squeeze(1),
                      advantages = tail_field(&Packed::advantage, 1).squeeze(1),
                      returns = tail_field(&Packed::ret, 1).squeeze(1);

  const torch::Tensor log_ratio = CatOrOne(logprobs) - old_logprob;
  const torch::Tensor ratio = log_ratio.exp();
  const torch::Tensor policy_rows =
      torch::max(-advantages * ratio, -advantages * ratio.clamp(1.0 - ppo.clip, 1.0 + ppo.clip));
  torch::Tensor value_rows;
  if (ppo.value_clip > 0) {
    const torch::Tensor clipped =
        old_value + (value - old_value).clamp(-ppo.value_clip, ppo.value_clip);
    value_rows = 0.5 * torch::max((value - returns).square(), (clipped - returns).square());
  } else {
    value_rows = 0.5 * (value - returns).square();
  }
  torch::Tensor rows_loss = policy_rows + ppo.value_coef * value_rows;
  torch::Tensor grounding_rows;
  if (interface.grounding > 0) {
    // Tie z[0:3] to where the hand goes next, the same meaning for every robot and task.
    const torch::Tensor motion =
        (tail_field(&Packed::next_ee, 3) - tail_field(&Packed::ee, 3)) / kGroundingScale;
    grounding_rows = (z.narrow(1, 0, 3) - motion.clamp(-1.0, 1.0)).square().mean(1);
    rows_loss = rows_loss + interface.grounding * grounding_rows;
  }
  // Sum over worlds of each world's mean.
  auto world_sum = [&](int i, const torch::Tensor& r) {
    return r.narrow(0, start[i], count[i]).sum() / static_cast<double>(count[i]);
  };
  torch::Tensor loss;
  if (uniform) {
    loss = rows_loss.sum() / static_cast<double>(count[0]);
  } else {
    loss = world_sum(0, rows_loss);
    for (int i = 1; i < k; ++i) loss = loss + world_sum(i, rows_loss);
  }
  loss = loss - ppo.entropy_coef * entropy;

  torch::NoGradGuard no_grad;
  auto per_world = [&](const torch::Tensor& r) {
    if (uniform) return r.detach().view({k, count[0]}).mean(1);
    std::vector<torch::Tensor> means;
    for (int i = 0; i < k; ++i) means.push_back(r.detach().narrow(0, start[i], count[i]).mean());
    return torch::stack(means);
  };
  d.Add(per_world(policy_rows), per_world(value_rows), per_world((ratio - 1.0) - log_ratio),
        per_world(((ratio - 1.0).abs() > ppo.clip).to(torch::kFloat32)),
        grounding_rows.defined() ? per_world(grounding_rows) : torch::zeros({k}));
  return loss;
}

}  // namespace mosaic::train
