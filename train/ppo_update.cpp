#include "train/ppo_update.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "train/manual_mlp.hpp"

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

// GroupLoss and its gradient worked out by hand (the update's default; GroupLoss with autograd is
// the reference, `ppo.autograd`). The same loss, term by term:
//   loss = sum over worlds i of mean over i's rows of
//            max(-A r, -A clip(r, 1 - eps, 1 + eps))            r = exp(logprob - old logprob)
//            + value_coef * 0.5 * max((v - R)^2, (v_clipped - R)^2)
//            + grounding * mean_j<3 (z_j - clip(motion_j))^2
//          - entropy_coef * sum over robot runs of (worlds in run) * sum(0.5 + log sqrt(2 pi) +
//          log_std)
// Each world's rows are gathered once per minibatch; every module runs one forward over all its
// worlds' rows (as in GroupLoss) and one backward, writing into the group's flat gradient.
class GroupGradient {
 public:
  GroupGradient(const Group& g, const std::vector<WorldSlot*>& worlds,
                const std::vector<Packed>& packed, FlatAdam& optimizer)
      : g_(g), packed_(packed), gradient_(torch::zeros({optimizer.size()})) {
    optimizer.Bind();  // before taking the parameters' data pointers
    float* grad = gradient_.data_ptr<float>();
    const int k = static_cast<int>(g.worlds.size());
    for (const auto& set : g.task_sets)
      tasks_.push_back({BindMlp(*set.task->mlp, optimizer, grad), {}, {}, {}, {}});
    for (const auto& run : g.runs) {
      Run r;
      r.mlp = BindMlp(*run.robot->mlp, optimizer, grad);
      r.log_std = run.robot->log_std.data_ptr<float>();
      r.log_std_grad = GradientSlot(run.robot->log_std, optimizer, grad);
      runs_.push_back(std::move(r));
    }
    worlds_.resize(k);
    for (int i = 0; i < k; ++i)
      worlds_[i].value = BindMlp(*worlds[g.worlds[i]]->value(), optimizer, grad);
  }

  const torch::Tensor& gradient() const { return gradient_; }

  // Sets gradient() to d(loss)/d(parameters) on rows idx[w] of each world w and adds this
  // minibatch's per-world means of the diagnostics to sums (5 per world in group order: policy,
  // value, approx_kl, clip fraction, grounding).
  void Compute(const std::vector<torch::Tensor>& idx, const suite::PpoConfig& ppo,
               const suite::InterfaceConfig& interface, std::vector<double>& sums) {
    gradient_.zero_();
    const int k = static_cast<int>(g_.worlds.size());
    const int dim = packed_[g_.worlds.front()].dim;
    for (int i = 0; i < k; ++i) Gather(i, idx[g_.worlds[i]]);

    // Task modules: z = tanh(mlp(o_task)) over all their worlds' rows.
    for (size_t s = 0; s < g_.task_sets.size(); ++s) {
      TaskPass& t = tasks_[s];
      int rows = 0;
      for (int i : g_.task_sets[s].positions) rows += worlds_[i].count;
      const int task_obs = packed_[g_.worlds[g_.task_sets[s].positions.front()]].task_obs;
      t.input.resize(static_cast<size_t>(rows) * task_obs);
      float* in = t.input.data();
      for (int i : g_.task_sets[s].positions) {
        const World& w = worlds_[i];
        const Packed& p = packed_[g_.worlds[i]];
        for (int r = 0; r < w.count; ++r, in += task_obs)
          std::copy_n(w.Row(r) + p.robot_obs, task_obs, in);
      }
      const float* out = t.pass.Forward(t.mlp, t.input.data(), rows, task_obs);
      t.z.assign(out, out + static_cast<size_t>(rows) * dim);
      TanhInPlace(t.z.data(), static_cast<int64_t>(t.z.size()));
      int64_t offset = 0;
      for (int i : g_.task_sets[s].positions) {
        worlds_[i].z = t.z.data() + offset * dim;
        worlds_[i].dz.assign(static_cast<size_t>(worlds_[i].count) * dim, 0.f);
        offset += worlds_[i].count;
      }
    }

    // Robot modules: action means, the clipped surrogate, and d(loss)/d(mean, log_std, z).
    for (size_t q = 0; q < g_.runs.size(); ++q) {
      Run& run = runs_[q];
      const Group::Run& span = g_.runs[q];
      const Packed& first = packed_[g_.worlds[span.first]];
      const int robot_obs = first.robot_obs, dof = first.dof, width = dim + robot_obs;
      int rows = 0;
      for (int i = span.first; i < span.first + span.count; ++i) rows += worlds_[i].count;
      run.input.resize(static_cast<size_t>(rows) * width);
      float* in = run.input.data();
      for (int i = span.first; i < span.first + span.count; ++i) {
        const World& w = worlds_[i];
        const int mask = packed_[g_.worlds[i]].mask;
        for (int r = 0; r < w.count; ++r, in += width) {
          const float* row = w.Row(r);
          const float* z = w.z + static_cast<size_t>(r) * dim;
          for (int j = 0; j < dim; ++j) in[j] = z[j] * row[mask + j];
          std::copy_n(row, robot_obs, in + dim);
        }
      }
      const float* mean = run.pass.Forward(run.mlp, run.input.data(), rows, width);
      run.dmean.resize(static_cast<size_t>(rows) * dof);
      std::vector<double> dlog_std(dof, 0.0);
      std::vector<float> inv_var(dof);
      for (int j = 0; j < dof; ++j) inv_var[j] = std::exp(-2.f * run.log_std[j]);
      int row0 = 0;
      for (int i = span.first; i < span.first + span.count; ++i) {
        const World& w = worlds_[i];
        const Packed& p = packed_[g_.worlds[i]];  // columns differ by task
        const float scale = 1.f / static_cast<float>(w.count);
        double pg_sum = 0, kl_sum = 0, clip_sum = 0;
        for (int r = 0; r < w.count; ++r) {
          const float* row = w.Row(r);
          const float* m = mean + static_cast<size_t>(row0 + r) * dof;
          const float* a = row + p.action;
          float logprob = 0;
          for (int j = 0; j < dof; ++j) {
            const float e = a[j] - m[j];
            logprob +=
                -0.5f * e * e * inv_var[j] - run.log_std[j] - static_cast<float>(kLogSqrtTwoPi);
          }
          const float advantage = row[p.advantage];
          const float log_ratio = logprob - row[p.logprob];
          const float ratio = std::exp(log_ratio);
          const float clipped = std::clamp(ratio, 1.f - ppo.clip, 1.f + ppo.clip);
          const float unclipped_loss = -advantage * ratio, clipped_loss = -advantage * clipped;
          pg_sum += std::max(unclipped_loss, clipped_loss);
          kl_sum += (ratio - 1.f) - log_ratio;
          clip_sum += std::abs(ratio - 1.f) > ppo.clip ? 1.0 : 0.0;
          // d/d(logprob): the unclipped term's when it is the larger (on a tie, inside the clip
          // range, both terms are the same function of the ratio).
          const float dlogprob = unclipped_loss >= clipped_loss ? -advantage * ratio * scale : 0.f;
          float* dm = run.dmean.data() + static_cast<size_t>(row0 + r) * dof;
          for (int j = 0; j < dof; ++j) {
            const float e = a[j] - m[j];
            dm[j] = dlogprob * e * inv_var[j];
            dlog_std[j] += dlogprob * (e * e * inv_var[j] - 1.f);
          }
        }
        sums[5 * i + 0] += pg_sum / w.count;
        sums[5 * i + 2] += kl_sum / w.count;
        sums[5 * i + 3] += clip_sum / w.count;
        row0 += w.count;
      }
      if (run.log_std_grad != nullptr) {
        for (int j = 0; j < dof; ++j)
          run.log_std_grad[j] += static_cast<float>(dlog_std[j]) - ppo.entropy_coef * span.count;
      }
      run.dinput.resize(run.input.size());
      run.pass.Backward(run.mlp, run.dmean.data(), run.dinput.data());
      // d(z) = d(z * mask) * mask.
      const float* din = run.dinput.data();
      for (int i = span.first; i < span.first + span.count; ++i) {
        World& w = worlds_[i];
        const int mask_column = packed_[g_.worlds[i]].mask;
        for (int r = 0; r < w.count; ++r, din += width) {
          const float* mask = w.Row(r) + mask_column;
          float* dz = w.dz.data() + static_cast<size_t>(r) * dim;
          for (int j = 0; j < dim; ++j) dz[j] += din[j] * mask[j];
        }
      }
    }

    // Value functions, per world, on [o_robot | o_task] as packed.
    for (int i = 0; i < k; ++i) {
      World& w = worlds_[i];
      const Packed& p = packed_[g_.worlds[i]];
      const float* value = w.value_pass.Forward(w.value, w.rows.data(), w.count, w.columns);
      w.dvalue.resize(w.count);
      const float scale = ppo.value_coef / static_cast<float>(w.count);
      double sum = 0;
      for (int r = 0; r < w.count; ++r) {
        const float* row = w.Row(r);
        const float v = value[r], target = row[p.ret], old = row[p.value];
        const float error = v - target;
        float d = error;
        if (ppo.value_clip > 0) {
          const float inside = std::abs(v - old) <= ppo.value_clip ? 1.f : 0.f;
          const float clipped = old + std::clamp(v - old, -ppo.value_clip, ppo.value_clip);
          const float a = error * error, b = (clipped - target) * (clipped - target);
          // max's gradient goes to the larger term, half to each on a tie.
          d = a > b   ? error
              : a < b ? (clipped - target) * inside
                      : 0.5f * error + 0.5f * (clipped - target) * inside;
          sum += 0.5 * std::max(a, b);
        } else {
          sum += 0.5 * error * error;
        }
        w.dvalue[r] = d * scale;
      }
      sums[5 * i + 1] += sum / w.count;
      w.value_pass.Backward(w.value, w.dvalue.data(), nullptr);
    }

    // Grounding: z[0:3] toward the hand's next motion (clipped to +-1 after scaling).
    if (interface.grounding > 0) {
      for (int i = 0; i < k; ++i) {
        World& w = worlds_[i];
        const Packed& p = packed_[g_.worlds[i]];
        const float scale = interface.grounding / static_cast<float>(w.count);
        double sum = 0;
        for (int r = 0; r < w.count; ++r) {
          const float* row = w.Row(r);
          const float* z = w.z + static_cast<size_t>(r) * dim;
          float* dz = w.dz.data() + static_cast<size_t>(r) * dim;
          float row_sum = 0;
          for (int j = 0; j < 3; ++j) {
            const float motion =
                std::clamp((row[p.next_ee + j] - row[p.ee + j]) / kGroundingScale, -1.f, 1.f);
            const float e = z[j] - motion;
            row_sum += e * e;
            dz[j] += scale * 2.f * e / 3.f;
          }
          sum += row_sum / 3.f;
        }
        sums[5 * i + 4] += sum / w.count;
      }
    }

    // Back through z = tanh(.) into the task modules.
    for (size_t s = 0; s < g_.task_sets.size(); ++s) {
      TaskPass& t = tasks_[s];
      if (!t.mlp.trained) continue;
      t.dout.resize(t.z.size());
      float* d = t.dout.data();
      for (int i : g_.task_sets[s].positions) {
        const World& w = worlds_[i];
        for (size_t e = 0; e < w.dz.size(); ++e) d[e] = w.dz[e] * (1.f - w.z[e] * w.z[e]);
        d += w.dz.size();
      }
      t.pass.Backward(t.mlp, t.dout.data(), nullptr);
    }
  }

 private:
  struct World {
    std::vector<float> rows;  // this minibatch's packed rows
    int count = 0, columns = 0;
    const float* z = nullptr;  // its rows of its task module's z (unmasked)
    std::vector<float> dz;     // d(loss)/d(z)
    MlpParams value;
    MlpPass value_pass;
    std::vector<float> dvalue;
    const float* Row(int r) const { return rows.data() + static_cast<size_t>(r) * columns; }
  };
  struct TaskPass {
    MlpParams mlp;
    MlpPass pass;
    std::vector<float> input, z, dout;
  };
  struct Run {
    MlpParams mlp;
    MlpPass pass;
    const float* log_std = nullptr;
    float* log_std_grad = nullptr;
    std::vector<float> input, dmean, dinput;
  };

  void Gather(int i, const torch::Tensor& idx) {
    World& w = worlds_[i];
    const torch::Tensor& source = packed_[g_.worlds[i]].rows;
    w.columns = static_cast<int>(source.size(1));
    w.count = static_cast<int>(idx.size(0));
    w.rows.resize(static_cast<size_t>(w.count) * w.columns);
    const float* from = source.data_ptr<float>();
    const int64_t* index = idx.data_ptr<int64_t>();
    for (int r = 0; r < w.count; ++r)
      std::copy_n(from + index[r] * w.columns, w.columns,
                  w.rows.data() + static_cast<size_t>(r) * w.columns);
  }

  const Group& g_;
  const std::vector<Packed>& packed_;
  torch::Tensor gradient_;
  std::vector<TaskPass> tasks_;
  std::vector<Run> runs_;
  std::vector<World> worlds_;
};

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
