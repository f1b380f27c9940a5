#include "train/ppo_update.hpp"

#include <torch/torch.h>

#include <algorithm>

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

// The worlds one thread differentiates, ordered so that worlds sharing a robot module are adjacent.
// Every module runs one forward per minibatch on the rows of all its worlds in the group, and the
// loss is computed once on the group's rows: a world contributes its minibatch as consecutive
// rows, so per-world means are a view (worlds x minibatch) away when the worlds have the same
// number of environments, and one slice per world when `ppo.envs_by_task` makes them differ. Fewer,
// larger operations: LibTorch's cost per operation, not arithmetic, bounds these small networks.
struct Group {
  std::vector<int> worlds;  // indices into the update's world list, in group order
  struct Run {              // consecutive worlds of one robot module
    modules::RobotModule* robot;
    int first, count;
  };
  std::vector<Run> runs;
  struct TaskSet {  // the group's worlds of one task module (positions in group order)
    modules::TaskModule* task;
    std::vector<int> positions;
  };
  std::vector<TaskSet> task_sets;
};

Group MakeGroup(const std::vector<WorldSlot*>& worlds, int begin, int end) {
  Group g;
  for (int w = begin; w < end; ++w) g.worlds.push_back(w);
  std::stable_sort(g.worlds.begin(), g.worlds.end(),
                   [&](int a, int b) { return worlds[a]->spec().robot < worlds[b]->spec().robot; });
  for (int i = 0; i < static_cast<int>(g.worlds.size()); ++i) {
    WorldSlot& world = *worlds[g.worlds[i]];
    if (g.runs.empty() || g.runs.back().robot != &world.robot())
      g.runs.push_back({&world.robot(), i, 0});
    g.runs.back().count += 1;
    auto set = std::find_if(g.task_sets.begin(), g.task_sets.end(),
                            [&](const Group::TaskSet& t) { return t.task == &world.task(); });
    if (set == g.task_sets.end()) {
      g.task_sets.push_back({&world.task(), {}});
      set = g.task_sets.end() - 1;
    }
    set->positions.push_back(i);
  }
  return g;
}

torch::Tensor CatOrOne(const std::vector<torch::Tensor>& parts) {
  return parts.size() == 1 ? parts.front() : torch::cat(parts);
}

// Per-world running sums of the diagnostics, (worlds in group) tensors, so nothing syncs inside
// the loop.
struct Diagnostics {
  torch::Tensor policy_loss, value_loss, approx_kl, clip_fraction, grounding;
  void Add(const torch::Tensor& pg, const torch::Tensor& v, const torch::Tensor& kl,
           const torch::Tensor& clip, const torch::Tensor& ground) {
    if (!policy_loss.defined()) {
      policy_loss = pg, value_loss = v, approx_kl = kl, clip_fraction = clip, grounding = ground;
      return;
    }
    policy_loss += pg, value_loss += v, approx_kl += kl, clip_fraction += clip, grounding += ground;
  }
};

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

}  // namespace

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

  for (int epoch = 0; epoch < ppo.epochs; ++epoch) {
    std::vector<torch::Tensor> order;
    for (int w = 0; w < n_worlds; ++w) order.push_back(torch::randperm(samples[w], torch::kLong));
    for (int mb = 0; mb < ppo.minibatches; ++mb) {
      std::vector<torch::Tensor> idx;
      for (int w = 0; w < n_worlds; ++w)
        idx.push_back(order[w].narrow(0, mb * minibatch[w], minibatch[w]));
      pool.ParallelFor(n_groups, [&](int begin, int end) {
        for (int g = begin; g < end; ++g) {
          const torch::Tensor loss =
              GroupLoss(groups[g], worlds, packed, idx, ppo, interface, diagnostics[g]);
          group_grads[g] =
              torch::autograd::grad({loss}, parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
                                    /*create_graph=*/false, /*allow_unused=*/true);
        }
      });
      optimizer.Step(group_grads, ppo.max_grad_norm);
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

}  // namespace mosaic::train
