#include "train/ppo_batch.hpp"

#include <algorithm>

namespace mosaic::train {

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

}  // namespace mosaic::train
