#include "composer/zeroshot.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.hpp"
#include "common/rng.hpp"
#include "common/thread_pool.hpp"
#include "composer/composer.hpp"
#include "composer/module_library.hpp"
#include "robots/urdf_loader.hpp"
#include "sim/observation.hpp"
#include "sim/vec_env.hpp"
#include "tasks/registry.hpp"

namespace mosaic::composer {

namespace {

// Writes actions (rows x dof) for the current observations of a VecEnv.
using BatchPolicy = std::function<void(const sim::VecEnv& vec, float* actions)>;

struct Outcome {
  double success_rate = 0, mean_return = 0, mean_final_distance = 0;
  int successes = 0, episodes = 0;
};

// `episodes` episodes, one per environment, all started together from `seed`.
Outcome Evaluate(const robots::RobotModel& model, const std::string& task, int episodes,
                 uint64_t seed, ThreadPool& pool, const BatchPolicy& policy) {
  sim::VecEnv vec(model, tasks::TaskFactory(task), episodes, pool);
  vec.Reset(seed);
  std::vector<float> actions(static_cast<size_t>(episodes) * vec.action_size());
  const int steps = vec.env(0).max_episode_steps();
  for (int t = 0; t < steps; ++t) {
    policy(vec, actions.data());
    vec.Step(actions.data());
  }
  Outcome outcome;
  const auto records = vec.TakeFinishedEpisodes();
  for (const auto& r : records) {
    outcome.successes += r.success;
    outcome.mean_return += r.episode_return / records.size();
    outcome.mean_final_distance += r.final_distance / records.size();
  }
  outcome.episodes = static_cast<int>(records.size());
  outcome.success_rate =
      records.empty() ? 0.0 : static_cast<double>(outcome.successes) / records.size();
  return outcome;
}

// The composed policy's means, or samples from it when `sample_seed` >= 0.
void Run(const ComposedPolicy& policy, int rows, const float* o_robot, const float* o_task,
         float* actions, const std::shared_ptr<Rng>& rng) {
  if (rng) {
    policy.Sample(rows, o_robot, o_task, actions, *rng);
  } else {
    policy.Act(rows, o_robot, o_task, actions);
  }
}

std::shared_ptr<Rng> SamplingRng(bool sample, uint64_t seed) {
  return sample ? std::make_shared<Rng>(seed) : nullptr;
}

BatchPolicy Composed(const ComposedPolicy& policy, std::shared_ptr<Rng> rng) {
  return [policy, rng](const sim::VecEnv& vec, float* actions) {
    Run(policy, vec.num_envs(), vec.obs_robot(), vec.obs_task(), actions, rng);
  };
}

BatchPolicy Random(uint64_t seed) {
  auto rng = std::make_shared<Rng>(seed);
  return [rng](const sim::VecEnv& vec, float* actions) {
    for (int i = 0; i < vec.num_envs() * vec.action_size(); ++i)
      actions[i] = rng->Uniform(-1.f, 1.f);
  };
}

// The composed policy of another task's module, fed this task's observation mapped by field name
// (a field of `to` takes the values of the field of `from` with the same name and size; zeros
// when there is none).
BatchPolicy Mismatched(const ComposedPolicy& policy, const std::vector<sim::ObservationField>& from,
                       const std::vector<sim::ObservationField>& to, std::shared_ptr<Rng> rng) {
  struct Copy {
    int source, destination, size;
  };
  std::vector<Copy> copies;
  int destination = 0;
  for (const auto& field : to) {
    int source = 0;
    for (const auto& candidate : from) {
      if (candidate.name == field.name && candidate.size == field.size)
        copies.push_back({source, destination, field.size});
      source += candidate.size;
    }
    destination += field.size;
  }
  const int to_size = sim::LayoutSize(to);
  auto adapted = std::make_shared<std::vector<float>>();
  return [=](const sim::VecEnv& vec, float* actions) {
    const int rows = vec.num_envs(), from_size = vec.task_obs_size();
    adapted->assign(static_cast<size_t>(rows) * to_size, 0.f);
    for (int r = 0; r < rows; ++r) {
      for (const Copy& c : copies) {
        std::copy_n(vec.obs_task() + r * from_size + c.source, c.size,
                    adapted->data() + r * to_size + c.destination);
      }
    }
    Run(policy, rows, vec.obs_robot(), adapted->data(), actions, rng);
  };
}

}  // namespace

void WilsonInterval(int successes, int n, double& low, double& high) {
  if (n <= 0) {
    low = 0;
    high = 1;
    return;
  }
  const double z = 1.959963984540054, p = static_cast<double>(successes) / n, z2 = z * z / n;
  const double center = (p + z2 / 2) / (1 + z2);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z2);
  low = successes == 0 ? 0.0 : std::max(0.0, center - half);
  high = successes == n ? 1.0 : std::min(1.0, center + half);
}

ZeroShotReport RunZeroShot(const suite::Suite& suite, const ZeroShotOptions& options) {
  ZeroShotReport report;
  report.suite = suite.name;
  report.modules_dirs = !options.modules_dirs.empty() ? options.modules_dirs
                        : !suite.module_dirs.empty()
                            ? suite.module_dirs
                            : std::vector<std::string>{ShippedModuleDir(suite.name)};
  std::string where;
  for (const auto& dir : report.modules_dirs) where += (where.empty() ? "" : ", ") + dir;
  report.episodes = options.episodes > 0 ? options.episodes : suite.evaluation.episodes;
  report.seed = options.seed >= 0 ? static_cast<uint64_t>(options.seed) : suite.evaluation.seed;
  report.sample = options.sample;
  const ModuleLibrary library = ModuleLibrary::Scan(report.modules_dirs);

  // The family: given, or the only one that has modules for this suite's robots and tasks.
  std::vector<std::string> families;
  for (const auto& family : library.Families()) {
    if (options.family.empty() || family == options.family) families.push_back(family);
  }
  if (families.size() != 1) {
    std::string listed;
    for (const auto& f : library.Families()) listed += (listed.empty() ? "" : ", ") + f;
    throw Error(where + ": " +
                (families.empty()
                     ? "no modules" +
                           (options.family.empty() ? std::string() : " of family " + options.family)
                     : std::string("several module families")) +
                " (found: " + (listed.empty() ? "none" : listed) + "); " +
                (families.empty() ? "train the suite first (mosaic train) or pass --modules DIR"
                                  : "choose one with --family"));
  }
  report.family = families.front();
  auto find = [&](modules::ModuleKind kind, const std::string& name) {
    const ModuleEntry* entry = library.Find(kind, name, report.family);
    if (entry == nullptr) {
      throw Error(where + ": no " + std::string(modules::KindName(kind)) + " module '" + name +
                  "' of family " + report.family);
    }
    return entry->path;
  };

  std::map<std::string, robots::RobotModel> models;
  for (const auto& entry : suite.robots) {
    robots::LoadOptions load;
    load.ee_link = entry.ee;
    load.package_paths = entry.package_paths;
    models.emplace(entry.name, robots::LoadRobot(entry.urdf, load));
  }
  ThreadPool pool(options.threads);
  int total = 0;
  for (const auto& robot : suite.robots) {
    for (const auto& task : suite.tasks) total += suite.IsTraining(robot.name, task) ? 1 : 3;
  }
  int done = 0;
  auto progress = [&](const std::string& what) {
    if (options.progress) options.progress(++done, total, what);
  };
  for (const auto& robot : suite.robots) {
    const auto& model = models.at(robot.name);
    for (size_t t = 0; t < suite.tasks.size(); ++t) {
      const std::string& task = suite.tasks[t];
      ZeroShotCell cell;
      cell.robot = robot.name;
      cell.task = task;
      cell.split = suite.IsTraining(robot.name, task) ? "train" : "heldout";
      const uint64_t seed = DeriveSeed(report.seed, HashString(robot.name + "/" + task));
      const ComposedPolicy policy =
          Composer()
              .RobotModuleFile(find(modules::ModuleKind::kRobot, robot.name))
              .TaskModuleFile(find(modules::ModuleKind::kTask, task))
              .ForRobot(model, robot.name)
              .ForTask(task)
              .Build();
      const Outcome outcome =
          Evaluate(model, task, report.episodes, seed, pool,
                   Composed(policy, SamplingRng(options.sample, DeriveSeed(seed, 2))));
      progress(robot.name + "/" + task);
      cell.episodes = outcome.episodes;
      cell.success_rate = outcome.success_rate;
      WilsonInterval(outcome.successes, outcome.episodes, cell.success_ci_low,
                     cell.success_ci_high);
      cell.mean_return = outcome.mean_return;
      cell.mean_final_distance = outcome.mean_final_distance;
      if (cell.split == "heldout") {
        const Outcome random =
            Evaluate(model, task, report.episodes, seed, pool, Random(DeriveSeed(seed, 1)));
        progress(robot.name + "/" + task + " random");
        cell.random_success_rate = random.success_rate;
        cell.random_mean_final_distance = random.mean_final_distance;
        cell.mismatched_task = suite.tasks[(t + 1) % suite.tasks.size()];
        const ComposedPolicy mismatched =
            Composer()
                .RobotModuleFile(find(modules::ModuleKind::kRobot, robot.name))
                .TaskModuleFile(find(modules::ModuleKind::kTask, cell.mismatched_task))
                .ForRobot(model, robot.name)
                .ForTask(cell.mismatched_task)
                .Build();
        const Outcome wrong =
            Evaluate(model, task, report.episodes, seed, pool,
                     Mismatched(mismatched, tasks::MakeTask(task)->layout(),
                                tasks::MakeTask(cell.mismatched_task)->layout(),
                                SamplingRng(options.sample, DeriveSeed(seed, 3))));
        progress(robot.name + "/" + task + " mismatched");
        cell.mismatched_success_rate = wrong.success_rate;
        cell.mismatched_mean_final_distance = wrong.mean_final_distance;
      }
      report.cells.push_back(cell);
    }
  }
  return report;
}

namespace {
std::string Fixed(double v, int digits) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(digits) << v;
  return out.str();
}
}  // namespace

std::string FormatMarkdown(const ZeroShotReport& report) {
  std::vector<std::string> robots, tasks;
  for (const auto& c : report.cells) {
    if (std::find(robots.begin(), robots.end(), c.robot) == robots.end()) robots.push_back(c.robot);
    if (std::find(tasks.begin(), tasks.end(), c.task) == tasks.end()) tasks.push_back(c.task);
  }
  std::ostringstream out;
  out << "Zero-shot matrix: suite `" << report.suite << "`, family `" << report.family << "`, "
      << report.episodes << " episodes per cell, seed " << report.seed
      << (report.sample ? ", actions sampled from the policies" : ", the policies' mean actions")
      << ".\n"
      << "Each cell: success rate [95% CI], mean final distance; **bold** = held out (zero-shot), "
         "plain = trained.\n\n| robot |";
  for (const auto& t : tasks) out << " " << t << " |";
  out << "\n| --- |";
  for (size_t i = 0; i < tasks.size(); ++i) out << " --- |";
  out << "\n";
  for (const auto& r : robots) {
    out << "| " << r << " |";
    for (const auto& t : tasks) {
      for (const auto& c : report.cells) {
        if (c.robot != r || c.task != t) continue;
        const std::string rate = Fixed(c.success_rate, 2);
        const std::string text = (c.split == "heldout" ? "**" + rate + "**" : rate) + " [" +
                                 Fixed(c.success_ci_low, 2) + ", " + Fixed(c.success_ci_high, 2) +
                                 "], " + Fixed(c.mean_final_distance, 3) + " m";
        out << " " << text << " |";
      }
    }
    out << "\n";
  }
  out << "\nHeld-out cells against baselines (success rate, mean final distance):\n\n"
      << "| cell | composed (zero-shot) | random policy | mismatched task module |\n| --- | --- | "
         "--- | --- |\n";
  for (const auto& c : report.cells) {
    if (c.split != "heldout") continue;
    out << "| " << c.robot << "/" << c.task << " | " << Fixed(c.success_rate, 2) << ", "
        << Fixed(c.mean_final_distance, 3) << " m | " << Fixed(c.random_success_rate, 2) << ", "
        << Fixed(c.random_mean_final_distance, 3) << " m | " << Fixed(c.mismatched_success_rate, 2)
        << ", " << Fixed(c.mismatched_mean_final_distance, 3) << " m (" << c.mismatched_task
        << " module) |\n";
  }
  return out.str();
}

std::string FormatCsv(const ZeroShotReport& report) {
  std::ostringstream out;
  out << "suite,family,robot,task,split,episodes,success_rate,success_ci_low,success_ci_high,mean_"
         "return,"
         "mean_final_distance,random_success_rate,mismatched_success_rate,mismatched_task\n";
  for (const auto& c : report.cells) {
    out << report.suite << ',' << report.family << ',' << c.robot << ',' << c.task << ',' << c.split
        << ',' << c.episodes << ',' << c.success_rate << ',' << c.success_ci_low << ','
        << c.success_ci_high << ',' << c.mean_return << ',' << c.mean_final_distance << ',';
    if (c.split == "heldout")
      out << c.random_success_rate << ',' << c.mismatched_success_rate << ',' << c.mismatched_task;
    else
      out << ",,";
    out << '\n';
  }
  return out.str();
}

std::string FormatJson(const ZeroShotReport& report) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : report.cells) {
    nlohmann::json cell = {{"robot", c.robot},
                           {"task", c.task},
                           {"split", c.split},
                           {"success_rate", c.success_rate},
                           {"success_ci", {c.success_ci_low, c.success_ci_high}},
                           {"mean_return", c.mean_return},
                           {"mean_final_distance", c.mean_final_distance},
                           {"episodes", c.episodes}};
    if (c.split == "heldout") {
      cell["random_success_rate"] = c.random_success_rate;
      cell["random_mean_final_distance"] = c.random_mean_final_distance;
      cell["mismatched_success_rate"] = c.mismatched_success_rate;
      cell["mismatched_mean_final_distance"] = c.mismatched_mean_final_distance;
      cell["mismatched_task"] = c.mismatched_task;
    } else {
      cell["random_success_rate"] = nullptr;
      cell["mismatched_success_rate"] = nullptr;
    }
    cells.push_back(cell);
  }
  return nlohmann::json{{"suite", report.suite},
                        {"family", report.family},
                        {"modules", report.modules_dirs},
                        {"episodes", report.episodes},
                        {"seed", report.seed},
                        {"sample", report.sample},
                        {"cells", cells}}
             .dump(2) +
         "\n";
}

}  // namespace mosaic::composer
