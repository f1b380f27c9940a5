#include "train/group_gradient.hpp"

#include <algorithm>
#include <cmath>

namespace mosaic::train {

GroupGradient::GroupGradient(const Group& g, const std::vector<WorldSlot*>& worlds,
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

void GroupGradient::Compute(const std::vector<torch::Tensor>& idx, const suite::PpoConfig& ppo,
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

void GroupGradient::Gather(int i, const torch::Tensor& idx) {
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

}  // namespace mosaic::train
