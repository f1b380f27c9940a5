#include "train/world_slot.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

#include "common/error.hpp"
#include "tasks/registry.hpp"

namespace mosaic::train {

namespace {
torch::Tensor Blob(const float* data, int64_t rows, int64_t cols) {
  return torch::from_blob(const_cast<float*>(data), {rows, cols}, torch::kFloat32);
}
}  // namespace

void ReturnScaler::Update(const std::vector<double>& batch) {
  double batch_mean = 0, batch_var = 0;
  for (double x : batch) batch_mean += x;
  batch_mean /= batch.size();
  for (double x : batch) batch_var += (x - batch_mean) * (x - batch_mean);
  batch_var /= batch.size();
  const double n = static_cast<double>(batch.size()), total = count + n, delta = batch_mean - mean;
  mean += delta * n / total;
  var = (var * count + batch_var * n + delta * delta * count * n / total) / total;
  count = total;
}

WorldSlot::WorldSlot(const suite::WorldSpec& spec, const robots::RobotModel& model,
                     std::shared_ptr<modules::TaskModule> task,
                     std::shared_ptr<modules::RobotModule> robot, const suite::Suite& suite,
                     ThreadPool& pool)
    : spec_(spec),
      task_(std::move(task)),
      robot_(std::move(robot)),
      generator_(at::make_generator<at::CPUGeneratorImpl>(0)) {
  const auto& ppo = suite.ppo;
  vec_ = std::make_unique<sim::VecEnv>(model, tasks::TaskFactory(spec.task), ppo.EnvsFor(spec.task),
                                       pool);
  const int n = vec_->num_envs(), steps = ppo.rollout_steps;
  const int robot_obs = vec_->robot_obs_size(), task_obs = vec_->task_obs_size(),
            dof = vec_->action_size();
  if (robot_obs != robot_->spec().ObservationSize() ||
      task_obs != task_->spec().ObservationSize()) {
    throw Error("world " + spec.Label() + ": observation sizes do not match its modules");
  }
  value_ = modules::Mlp(robot_obs + task_obs, suite.architecture.value_hidden, 1);
  value_->Initialise(1.0);
  ee_offset_ = sim::FieldOffset(vec_->env(0).task_layout(), "ee");
  const int dim = suite.interface.dim;
  buffers_.obs_robot = torch::zeros({steps, n, robot_obs});
  buffers_.obs_task = torch::zeros({steps, n, task_obs});
  buffers_.masks = torch::ones({steps, n, dim});
  buffers_.actions = torch::zeros({steps, n, dof});
  buffers_.logprobs = torch::zeros({steps, n});
  buffers_.values = torch::zeros({steps, n});
  buffers_.rewards = torch::zeros({steps, n});
  buffers_.dones = torch::zeros({steps, n});
  buffers_.ee = torch::zeros({steps, n, 3});
  buffers_.next_ee = torch::zeros({steps, n, 3});
  buffers_.advantages = torch::zeros({steps, n});
  buffers_.returns = torch::zeros({steps, n});
  scaler_.returns.assign(n, 0.0);
  actions_.assign(static_cast<size_t>(n) * dof, 0.f);
  reward_batch_.assign(n, 0.0);
}

torch::Tensor WorldSlot::Value(const torch::Tensor& o_robot, const torch::Tensor& o_task) {
  return ValueNormalized(
      torch::cat({robot_->normalizer.Apply(o_robot), task_->normalizer.Apply(o_task)}, 1));
}

torch::Tensor WorldSlot::ValueNormalized(const torch::Tensor& robot_then_task) {
  return value_->forward(robot_then_task).squeeze(1);
}

void WorldSlot::SeedActions(uint64_t seed) {
  generator_ = at::make_generator<at::CPUGeneratorImpl>(seed);
}

void WorldSlot::Act(int t, float dropout, bool deterministic) {
  c10::InferenceMode inference;
  const int n = num_envs();
  const torch::Tensor o_robot = Blob(vec_->obs_robot(), n, vec_->robot_obs_size());
  const torch::Tensor o_task = Blob(vec_->obs_task(), n, vec_->task_obs_size());
  torch::Tensor z = task_->forward(o_task);
  torch::Tensor mask;
  if (dropout > 0 && !deterministic) {
    mask = torch::bernoulli(torch::full_like(z, 1.0 - dropout), generator_) / (1.0 - dropout);
    z = z * mask;
  }
  const torch::Tensor mean = robot_->forward(z, o_robot);
  torch::Tensor action = mean;
  if (!deterministic) {
    const torch::Tensor std = robot_->log_std.exp();
    const torch::Tensor noise = torch::randn(mean.sizes(), generator_, mean.options());
    action = mean + std * noise;
    if (t >= 0) {
      const torch::Tensor logprob =
          (-0.5 * noise.square() - robot_->log_std - kLogSqrtTwoPi).sum(1);
      RolloutBuffers& b = buffers_;
      b.obs_robot[t].copy_(o_robot);
      b.obs_task[t].copy_(o_task);
      if (mask.defined()) b.masks[t].copy_(mask);
      b.actions[t].copy_(action);
      b.logprobs[t].copy_(logprob);
      if (ee_offset_ >= 0) b.ee[t].copy_(o_task.narrow(1, ee_offset_, 3));
    }
  }
  const torch::Tensor out = action.contiguous();
  std::memcpy(actions_.data(), out.data_ptr<float>(), sizeof(float) * actions_.size());
}

void WorldSlot::Record(int t, float gamma, bool normalize_rewards) {
  c10::InferenceMode inference;
  const int n = num_envs();
  const float* rewards = vec_->rewards();
  bool any_truncated = false;
  for (int i = 0; i < n; ++i) {
    const bool done = vec_->terminated()[i] || vec_->truncated()[i];
    scaler_.returns[i] = scaler_.returns[i] * gamma + rewards[i];
    reward_batch_[i] = scaler_.returns[i];
    if (done) scaler_.returns[i] = 0.0;
    any_truncated |= vec_->truncated()[i] && !vec_->terminated()[i];
  }
  if (normalize_rewards) scaler_.Update(reward_batch_);
  const float scale = normalize_rewards ? scaler_.Scale() : 1.f;
  torch::Tensor scaled = Blob(rewards, n, 1).squeeze(1) * scale;
  const torch::Tensor final_robot = Blob(vec_->final_obs_robot(), n, vec_->robot_obs_size());
  const torch::Tensor final_task = Blob(vec_->final_obs_task(), n, vec_->task_obs_size());
  if (any_truncated) {
    // A time limit is not a terminal state: bootstrap with V(final observation).
    std::vector<float> truncated(n);
    for (int i = 0; i < n; ++i)
      truncated[i] = vec_->truncated()[i] && !vec_->terminated()[i] ? 1.f : 0.f;
    scaled = scaled + gamma * Value(final_robot, final_task) *
                          torch::from_blob(truncated.data(), {n}).clone();
  }
  RolloutBuffers& b = buffers_;
  b.rewards[t].copy_(scaled);
  std::vector<float> dones(n);
  for (int i = 0; i < n; ++i) dones[i] = vec_->terminated()[i] || vec_->truncated()[i] ? 1.f : 0.f;
  const torch::Tensor done = torch::from_blob(dones.data(), {n}).clone();
  b.dones[t].copy_(done);
  if (ee_offset_ >= 0) {
    const torch::Tensor now =
        Blob(vec_->obs_task(), n, vec_->task_obs_size()).narrow(1, ee_offset_, 3);
    const torch::Tensor last = final_task.narrow(1, ee_offset_, 3);
    b.next_ee[t].copy_(torch::where(done.unsqueeze(1) > 0.5, last, now));
  }
}

void WorldSlot::ComputeAdvantages(float gamma, float lambda) {
  torch::NoGradGuard no_grad;
  const int n = num_envs();
  RolloutBuffers& b = buffers_;
  const int steps = static_cast<int>(b.rewards.size(0));
  // V(s_t) of the whole rollout in one batch (cheaper than one small forward per step).
  b.values.copy_(Value(b.obs_robot.flatten(0, 1), b.obs_task.flatten(0, 1)).view({steps, n}));
  torch::Tensor next_value = Value(Blob(vec_->obs_robot(), n, vec_->robot_obs_size()),
                                   Blob(vec_->obs_task(), n, vec_->task_obs_size()));
  torch::Tensor last_gae = torch::zeros({n});
  for (int t = steps - 1; t >= 0; --t) {
    const torch::Tensor not_done = 1.0 - b.dones[t];
    const torch::Tensor delta = b.rewards[t] + gamma * next_value * not_done - b.values[t];
    last_gae = delta + gamma * lambda * not_done * last_gae;
    b.advantages[t].copy_(last_gae);
    next_value = b.values[t];
  }
  b.returns.copy_(b.advantages + b.values);
}

}  // namespace mosaic::train
