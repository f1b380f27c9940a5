// The PPO update's working data, shared by the update (ppo_update.cpp), its autograd loss
// (group_loss.hpp) and its hand-written gradient (group_gradient.hpp): each world's rollout packed
// into one tensor, the worlds one thread differentiates, and the diagnostics' running sums.
// Internal to train/.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "train/world_slot.hpp"

namespace mosaic::train {

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

Packed Pack(WorldSlot& world);

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

// The group of worlds[begin, end).
Group MakeGroup(const std::vector<WorldSlot*>& worlds, int begin, int end);

// torch::cat, without the copy for one part.
torch::Tensor CatOrOne(const std::vector<torch::Tensor>& parts);

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

}  // namespace mosaic::train
