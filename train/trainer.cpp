// Multi-world PPO, top to bottom (CleanRL's ppo_continuous_action is the model).
//
// Every iteration:
//   1. reset every training world's environments with seeds derived from (seed, iteration), so an
//      iteration depends only on the weights and statistics it starts from (exact --resume);
//   2. collect rollout_steps control steps in every world: one batched forward per world per step
//      (inference mode; the worlds split over the thread pool, each with its own random stream),
//      then all worlds' physics on the thread pool;
//   3. GAE per world;
//   4. epochs x minibatches of the clipped PPO objective, summed over worlds, so every shared
//      robot and task module gets gradients from every world it takes part in (ppo_update.cpp);
//   5. update the modules' observation normalisers with the iteration's data;
//   6. log, report, checkpoint.
#include "train/trainer.hpp"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "common/thread_pool.hpp"
#include "robots/urdf_loader.hpp"
#include "train/checkpoint.hpp"
#include "train/flat_adam.hpp"
#include "train/module_specs.hpp"
#include "train/ppo_update.hpp"
#include "train/training_log.hpp"
#include "train/world_slot.hpp"

namespace mosaic::train {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string FamilyId(const suite::Suite& suite, uint64_t seed) {
  return suite.name + "-s" + std::to_string(seed) + "-" +
         suite::StableHash(suite.source_text).substr(0, 8);
}

namespace {

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

class Trainer {
 public:
  Trainer(const suite::Suite& suite, const TrainOptions& options)
      : suite_(suite),
        options_(options),
        ppo_(suite.ppo),
        pool_(options.threads >= 0 ? options.threads : suite.ppo.threads),
        family_(options.family.empty() ? FamilyId(suite, options.seed) : options.family) {
    modules::UseSingleThreadedMath();
    BuildModules();
    LoadInitialModules();
    for (const auto& world : suite.train) {
      worlds_.push_back(std::make_unique<WorldSlot>(world, models_.at(world.robot),
                                                    task_modules_.at(world.task),
                                                    robot_modules_.at(world.robot), suite, pool_));
    }
    std::vector<torch::Tensor> parameters;
    for (auto* module : TrainedModules()) {
      for (auto& p : module->parameters()) parameters.push_back(p);
    }
    optimizer_ = std::make_unique<FlatAdam>(parameters, ppo_.learning_rate, /*eps=*/1e-5);
    steps_per_iteration_ = suite.StepsPerIteration();
    const int64_t total = options.steps > 0 ? options.steps : ppo_.total_steps;
    const int64_t iterations = (total + steps_per_iteration_ - 1) / steps_per_iteration_;
    if (iterations > std::numeric_limits<int>::max()) {
      throw Error("training for " + std::to_string(total) + " env steps would take " +
                  std::to_string(iterations) + " iterations of " +
                  std::to_string(steps_per_iteration_) + " steps; at most " +
                  std::to_string(std::numeric_limits<int>::max()) + " are supported");
    }
    total_iterations_ = static_cast<int>(iterations);
  }

  TrainResult Run() {
    fs::create_directories(fs::path(options_.out_dir) / "modules");
    const std::string checkpoint = (fs::path(options_.out_dir) / "checkpoint").string();
    if (options_.resume) {
      state_ = LoadCheckpoint(checkpoint, Parts(), family_);
    }
    TrainingLog log((fs::path(options_.out_dir) / "log.csv").string(), options_.resume,
                    state_.iteration);
    TrainResult result;
    result.family = family_;
    const auto run_start = Clock::now();
    const double seconds_before = state_.seconds;
    while (state_.iteration < total_iterations_) {
      if (Stopping()) {
        result.interrupted = true;
        break;
      }
      IterationReport report;
      if (!Iteration(report)) {  // interrupted while collecting: nothing of it is kept
        result.interrupted = true;
        break;
      }
      state_.seconds = seconds_before + Seconds(run_start);
      report.seconds = state_.seconds;
      log.Append(report);
      if (options_.on_iteration) options_.on_iteration(report);
      if (state_.iteration % ppo_.checkpoint_every == 0) Save(checkpoint);
    }
    Save(checkpoint);
    result.iterations = state_.iteration;
    result.env_steps = state_.env_steps;
    result.module_files = module_files_;
    return result;
  }

 private:
  bool Stopping() const { return options_.stop != nullptr && options_.stop->load(); }

  std::string Provenance() const {
    nlohmann::json worlds = nlohmann::json::array();
    for (const auto& w : suite_.train) worlds.push_back({w.robot, w.task});
    return nlohmann::json{{"suite", suite_.name},
                          {"suite_file", suite_.path},
                          {"suite_hash", suite::StableHash(suite_.source_text)},
                          {"worlds", worlds},
                          {"env_steps", state_.env_steps},
                          {"iterations", state_.iteration},
                          {"seed", options_.seed},
                          {"command", options_.command}}
        .dump();
  }

  void BuildModules() {
    // Initialise every network from its own seed, in a fixed order: the same seed gives the same
    // weights whatever else changes.
    uint64_t stream = 0;
    for (const auto& entry : suite_.robots) {
      robots::LoadOptions load;
      load.ee_link = entry.ee;
      load.package_paths = entry.package_paths;
      models_.emplace(entry.name, robots::LoadRobot(entry.urdf, load));
    }
    for (const auto& task : suite_.tasks) {
      torch::manual_seed(DeriveSeed(options_.seed, 1000 + stream++));
      task_modules_[task] =
          std::make_shared<modules::TaskModule>(TaskModuleSpec(suite_, task, family_));
    }
    for (const auto& entry : suite_.robots) {
      const auto& model = models_.at(entry.name);
      torch::manual_seed(DeriveSeed(options_.seed, 1000 + stream++));
      robot_modules_[entry.name] = std::make_shared<modules::RobotModule>(
          RobotModuleSpec(suite_, entry.name, model, family_), ppo_.init_log_std);
    }
    torch::manual_seed(DeriveSeed(options_.seed, 1000 + stream++));  // value networks follow
  }

  // Starts modules from files (mosaic extend): weights and normaliser, after checking the shapes.
  void LoadInitialModules() {
    for (const auto& [key, path] : options_.initial_modules) {
      const size_t colon = key.find(':');
      const std::string kind = key.substr(0, colon), name = key.substr(colon + 1);
      modules::PolicyModuleBase* target = nullptr;
      if (kind == "task" && task_modules_.count(name)) target = task_modules_.at(name).get();
      if (kind == "robot" && robot_modules_.count(name)) target = robot_modules_.at(name).get();
      if (target == nullptr)
        throw Error("initial module " + key + " (" + path + ") matches no module of the run");
      const modules::LoadedModule loaded = modules::LoadModule(path);
      const modules::PolicyModuleBase& source =
          loaded.task ? static_cast<modules::PolicyModuleBase&>(*loaded.task)
                      : static_cast<modules::PolicyModuleBase&>(*loaded.robot);
      const auto from = source.named_parameters(), to = target->named_parameters();
      for (const auto& item : to) {
        const torch::Tensor* match = from.find(item.key());
        if (match == nullptr || !match->sizes().equals(item.value().sizes())) {
          throw Error(path + ": cannot start " + target->spec().Label() + " from " +
                      loaded.spec.Label() + ": parameter '" + item.key() +
                      "' differs in shape (different layout or architecture)");
        }
        torch::NoGradGuard no_grad;
        item.value().copy_(*match);
      }
      target->normalizer = source.normalizer;
    }
    if (options_.freeze_task_modules) {
      for (auto& [task, module] : task_modules_) {
        for (auto& p : module->parameters()) p.requires_grad_(false);
      }
    }
  }

  // The modules the optimiser updates (frozen task modules excluded).
  std::vector<torch::nn::Module*> TrainedModules() {
    std::vector<torch::nn::Module*> all;
    if (!options_.freeze_task_modules) {
      for (const auto& task : suite_.tasks) all.push_back(task_modules_.at(task).get());
    }
    for (const auto& robot : suite_.robots) all.push_back(robot_modules_.at(robot.name).get());
    for (auto& world : worlds_) all.push_back(world->value().ptr().get());
    return all;
  }

  train::CheckpointParts Parts() {
    train::CheckpointParts parts;
    for (const auto& task : suite_.tasks)
      parts.modules.emplace_back("task." + task, task_modules_.at(task).get());
    for (const auto& robot : suite_.robots)
      parts.modules.emplace_back("robot." + robot.name, robot_modules_.at(robot.name).get());
    for (auto& world : worlds_) {
      parts.values.emplace_back("value." + world->spec().Label(), world->value().ptr().get());
      parts.scalers.emplace_back("scaler." + world->spec().Label(), &world->scaler());
    }
    parts.optimizer = optimizer_.get();
    return parts;
  }

  void Save(const std::string& checkpoint) {
    module_files_.clear();
    const std::string provenance = Provenance();
    auto save = [&](modules::PolicyModuleBase& module, const std::string& file) {
      module.mutable_spec().provenance = provenance;
      const std::string path = (fs::path(options_.out_dir) / "modules" / file).string();
      modules::SaveModule(path, module);
      module_files_.push_back(path);
    };
    if (!options_.freeze_task_modules) {
      for (const auto& task : suite_.tasks)
        save(*task_modules_.at(task), "task_" + task + ".safetensors");
    }
    for (const auto& robot : suite_.robots)
      save(*robot_modules_.at(robot.name), "robot_" + robot.name + ".safetensors");
    state_.family = family_;
    SaveCheckpoint(checkpoint, state_, Parts());
  }

  // Runs one iteration; false when stopped during collection (the iteration is then discarded).
  bool Iteration(IterationReport& report) {
    const int iteration = state_.iteration;  // 0-based index of this iteration
    const uint64_t iteration_seed = DeriveSeed(options_.seed, static_cast<uint64_t>(iteration));
    const double progress = static_cast<double>(iteration) / total_iterations_;
    const double lr = ppo_.anneal_lr ? ppo_.learning_rate * (1.0 - progress) : ppo_.learning_rate;
    optimizer_->set_learning_rate(lr);
    torch::manual_seed(iteration_seed);

    // 1-2. Fresh episodes, then collect.
    const auto collect_start = Clock::now();
    std::vector<ReturnScaler> scalers_before;
    for (size_t w = 0; w < worlds_.size(); ++w) {
      worlds_[w]->vec().Reset(DeriveSeed(iteration_seed, w));
      worlds_[w]->SeedActions(DeriveSeed(DeriveSeed(iteration_seed, w), 1));
      scalers_before.push_back(worlds_[w]->scaler());
      std::fill(worlds_[w]->scaler().returns.begin(), worlds_[w]->scaler().returns.end(), 0.0);
    }
    for (int t = 0; t < ppo_.rollout_steps; ++t) {
      if (Stopping()) {
        for (size_t w = 0; w < worlds_.size(); ++w) worlds_[w]->scaler() = scalers_before[w];
        return false;
      }
      ForEachWorld([&](WorldSlot& world) { world.Act(t, suite_.interface.dropout, false); });
      StepAllWorlds();
      ForEachWorld([&](WorldSlot& world) { world.Record(t, ppo_.gamma, ppo_.normalize_rewards); });
    }
    report.worlds.resize(worlds_.size());
    for (size_t w = 0; w < worlds_.size(); ++w) SummariseEpisodes(*worlds_[w], report.worlds[w]);
    report.collect_seconds = Seconds(collect_start);

    // 3-4. Advantages and the PPO update.
    const auto update_start = Clock::now();
    for (auto& world : worlds_) world->ComputeAdvantages(ppo_.gamma, ppo_.gae_lambda);
    std::vector<WorldSlot*> slots;
    for (auto& world : worlds_) slots.push_back(world.get());
    PpoUpdate(slots, *optimizer_, ppo_, suite_.interface, pool_, report.worlds);
    // 5. Normalisers learn from this iteration's data (after the update, so the update saw the
    // same statistics the rollouts were collected with).
    UpdateNormalizers();
    report.update_seconds = Seconds(update_start);

    state_.iteration += 1;
    state_.env_steps += steps_per_iteration_;
    if (state_.iteration % ppo_.eval_every == 0 || state_.iteration == total_iterations_)
      Evaluate(report);
    report.iteration = state_.iteration;
    report.total_iterations = total_iterations_;
    report.env_steps = state_.env_steps;
    report.learning_rate = lr;
    report.steps_per_second =
        steps_per_iteration_ / (report.collect_seconds + report.update_seconds);
    return true;
  }

  // body(world) for every world, the worlds split over the pool (each touches only its own data).
  template <typename Body>
  void ForEachWorld(Body&& body) {
    pool_.ParallelFor(static_cast<int>(worlds_.size()), [&](int begin, int end) {
      for (int w = begin; w < end; ++w) body(*worlds_[w]);
    });
  }

  // All worlds' physics in one parallel pass: each thread takes the same share of every world's
  // environments, so the threads get the same mix of cheap (reach) and costly (push) worlds.
  void StepAllWorlds() {
    const int chunks = pool_.size();
    pool_.ParallelFor(chunks, [&](int begin, int end) {
      for (int c = begin; c < end; ++c) {
        for (auto& world : worlds_) {
          const int n = world->num_envs();
          world->vec().StepRange(world->actions(), n * c / chunks, n * (c + 1) / chunks);
        }
      }
    });
    for (auto& world : worlds_) world->vec().FinishStep();
  }

  static void SummariseEpisodes(WorldSlot& world, WorldReport& out) {
    out.robot = world.spec().robot;
    out.task = world.spec().task;
    const auto episodes = world.vec().TakeFinishedEpisodes();
    out.episodes = static_cast<int>(episodes.size());
    for (const auto& e : episodes) {
      out.mean_return += e.episode_return / episodes.size();
      out.success_rate += static_cast<double>(e.success) / episodes.size();
      out.mean_final_distance += e.final_distance / episodes.size();
    }
  }

  void UpdateNormalizers() {
    std::map<std::string, std::vector<torch::Tensor>> task_data, robot_data;
    for (auto& world : worlds_) {
      const RolloutBuffers& b = world->buffers();
      task_data[world->spec().task].push_back(b.obs_task.flatten(0, 1));
      robot_data[world->spec().robot].push_back(b.obs_robot.flatten(0, 1));
    }
    if (!options_.freeze_task_modules) {
      for (auto& [task, data] : task_data)
        task_modules_.at(task)->normalizer.Update(torch::cat(data));
    }
    for (auto& [robot, data] : robot_data)
      robot_modules_.at(robot)->normalizer.Update(torch::cat(data));
  }

  // Deterministic policy (mean action, no dropout) on fresh episodes; one episode length per world.
  void Evaluate(IterationReport& report) {
    const uint64_t seed =
        DeriveSeed(options_.seed, (1ull << 40) + static_cast<uint64_t>(state_.iteration));
    int longest = 0;
    for (size_t w = 0; w < worlds_.size(); ++w) {
      worlds_[w]->vec().Reset(DeriveSeed(seed, w));
      longest = std::max(longest, worlds_[w]->vec().env(0).max_episode_steps());
    }
    for (int t = 0; t < longest; ++t) {
      ForEachWorld([&](WorldSlot& world) { world.Act(-1, 0.f, true); });
      StepAllWorlds();
    }
    for (size_t w = 0; w < worlds_.size(); ++w) {
      const auto episodes = worlds_[w]->vec().TakeFinishedEpisodes();
      double successes = 0;
      for (const auto& e : episodes) successes += e.success;
      report.worlds[w].eval_success_rate = episodes.empty() ? 0.0 : successes / episodes.size();
    }
  }

  const suite::Suite& suite_;
  TrainOptions options_;
  const suite::PpoConfig& ppo_;
  ThreadPool pool_;
  std::string family_;
  std::map<std::string, robots::RobotModel> models_;
  std::map<std::string, std::shared_ptr<modules::TaskModule>> task_modules_;
  std::map<std::string, std::shared_ptr<modules::RobotModule>> robot_modules_;
  std::vector<std::unique_ptr<WorldSlot>> worlds_;
  std::unique_ptr<FlatAdam> optimizer_;
  int64_t steps_per_iteration_ = 0;
  int total_iterations_ = 0;
  TrainerState state_;
  std::vector<std::string> module_files_;
};

}  // namespace

TrainResult Train(const suite::Suite& suite, const TrainOptions& options) {
  return Trainer(suite, options).Run();
}

}  // namespace mosaic::train
