#include "suite/suite.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "common/error.hpp"
#include "common/files.hpp"
#include "common/rng.hpp"
#include "tasks/registry.hpp"

namespace mosaic::suite {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Reads one JSON object, remembering which keys were used, so the leftovers can be reported.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where, const std::string& file)
      : object_(object), where_(std::move(where)), file_(file) {
    if (!object.is_object())
      Fail(where_.empty() ? "the suite" : where_, "must be an object, got " + Type(object));
  }

  bool Has(const char* key) const { return object_.contains(key); }
  const json& Get(const char* key) {
    used_.insert(key);
    return object_.at(key);
  }
  std::string Path(const char* key) const { return where_.empty() ? key : where_ + "." + key; }

  std::string String(const char* key, const std::string& fallback, bool required = false) {
    if (!Has(key)) return Required(key, required, fallback);
    const json& v = Get(key);
    if (!v.is_string()) Fail(Path(key), "must be a string, got " + Type(v));
    return v.get<std::string>();
  }
  template <typename Int>
  Int Integer(const char* key, Int fallback, Int minimum) {
    if (!Has(key)) return fallback;
    const json& v = Get(key);
    if (!v.is_number_integer()) Fail(Path(key), "must be an integer, got " + Type(v));
    const auto value = v.get<int64_t>();
    if (value < static_cast<int64_t>(minimum))
      Fail(Path(key), "must be >= " + std::to_string(minimum) + ", got " + std::to_string(value));
    if (value > 0 &&
        static_cast<uint64_t>(value) > static_cast<uint64_t>(std::numeric_limits<Int>::max()))
      Fail(Path(key), "must be <= " + std::to_string(std::numeric_limits<Int>::max()) + ", got " +
                          std::to_string(value));
    return static_cast<Int>(value);
  }
  float Number(const char* key, float fallback, float minimum, float maximum) {
    if (!Has(key)) return fallback;
    const json& v = Get(key);
    if (!v.is_number()) Fail(Path(key), "must be a number, got " + Type(v));
    const double value = v.get<double>();
    if (!(value >= minimum && value <= maximum)) {
      Fail(Path(key),
           "must be in [" + Format(minimum) + ", " + Format(maximum) + "], got " + Format(value));
    }
    return static_cast<float>(value);
  }
  bool Bool(const char* key, bool fallback) {
    if (!Has(key)) return fallback;
    const json& v = Get(key);
    if (!v.is_boolean()) Fail(Path(key), "must be true or false, got " + Type(v));
    return v.get<bool>();
  }
  std::vector<int> Sizes(const char* key, const std::vector<int>& fallback) {
    if (!Has(key)) return fallback;
    const json& v = Get(key);
    if (!v.is_array() || v.empty()) Fail(Path(key), "must be a non-empty array of layer sizes");
    std::vector<int> sizes;
    for (const auto& item : v) {
      if (!item.is_number_integer() || item.get<int>() <= 0)
        Fail(Path(key), "must hold positive integers");
      sizes.push_back(item.get<int>());
    }
    return sizes;
  }
  // Every key not read is an error.
  void Finish() const {
    std::string known;
    for (const auto& k : used_) known += (known.empty() ? "" : ", ") + k;
    for (const auto& [key, value] : object_.items()) {
      if (used_.count(key) == 0) {
        Fail(Path(key.c_str()),
             "unknown key" + (known.empty() ? std::string() : " (read here: " + known + ")"));
      }
    }
  }

  [[noreturn]] void Fail(const std::string& key, const std::string& message) const {
    throw Error(file_ + ": '" + key + "' " + message);
  }
  static std::string Type(const json& v) { return v.type_name(); }
  static std::string Format(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  }

 private:
  std::string Required(const char* key, bool required, const std::string& fallback) const {
    if (required) Fail(Path(key), "is required");
    return fallback;
  }

  const json& object_;
  std::string where_;
  const std::string& file_;
  std::set<std::string> used_;
};

// Registers which keys ObjectReader knows for a section, so Finish() can list them; the
// function is just "read every known key, then Finish()".
void ReadInterface(ObjectReader r, InterfaceConfig& c) {
  c.dim = r.Integer("dim", c.dim, 1);
  c.dropout = r.Number("dropout", c.dropout, 0.f, 0.95f);
  c.grounding = r.Number("grounding", c.grounding, 0.f, 100.f);
  r.Finish();
}

void ReadArchitecture(ObjectReader r, ArchitectureConfig& c) {
  c.task_hidden = r.Sizes("task_hidden", c.task_hidden);
  c.task_gated = r.Bool("task_gated", c.task_gated);
  c.robot_hidden = r.Sizes("robot_hidden", c.robot_hidden);
  c.value_hidden = r.Sizes("value_hidden", c.value_hidden);
  r.Finish();
}

void ReadPpo(ObjectReader r, PpoConfig& c, const std::vector<std::string>& tasks) {
  c.envs_per_world = r.Integer("envs_per_world", c.envs_per_world, 1);
  if (r.Has("envs_by_task")) {
    const json& by_task = r.Get("envs_by_task");
    if (!by_task.is_object())
      r.Fail("ppo.envs_by_task", "must be an object of task name -> environments per world");
    for (const auto& [task, value] : by_task.items()) {
      const std::string key = "ppo.envs_by_task." + task;
      if (std::find(tasks.begin(), tasks.end(), task) == tasks.end())
        r.Fail(key, "names a task that is not in 'tasks'");
      if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
          value.get<int64_t>() > std::numeric_limits<int>::max())
        r.Fail(key, "must be a positive integer (environments per world), got " + value.dump());
      c.envs_by_task[task] = value.get<int>();
    }
  }
  c.rollout_steps = r.Integer("rollout_steps", c.rollout_steps, 1);
  c.total_steps = r.Integer<int64_t>("total_steps", c.total_steps, 1);
  c.epochs = r.Integer("epochs", c.epochs, 1);
  c.minibatches = r.Integer("minibatches", c.minibatches, 1);
  c.learning_rate = r.Number("learning_rate", c.learning_rate, 0.f, 1.f);
  c.anneal_lr = r.Bool("anneal_lr", c.anneal_lr);
  c.gamma = r.Number("gamma", c.gamma, 0.f, 1.f);
  c.gae_lambda = r.Number("gae_lambda", c.gae_lambda, 0.f, 1.f);
  c.clip = r.Number("clip", c.clip, 0.f, 10.f);
  c.value_clip = r.Number("value_clip", c.value_clip, 0.f, 100.f);
  c.entropy_coef = r.Number("entropy_coef", c.entropy_coef, 0.f, 10.f);
  c.value_coef = r.Number("value_coef", c.value_coef, 0.f, 100.f);
  c.max_grad_norm = r.Number("max_grad_norm", c.max_grad_norm, 0.f, 1e6f);
  c.init_log_std = r.Number("init_log_std", c.init_log_std, -10.f, 2.f);
  c.normalize_rewards = r.Bool("normalize_rewards", c.normalize_rewards);
  c.autograd = r.Bool("autograd", c.autograd);
  c.checkpoint_every = r.Integer("checkpoint_every", c.checkpoint_every, 1);
  c.eval_every = r.Integer("eval_every", c.eval_every, 1);
  c.threads = r.Integer("threads", c.threads, 0);
  r.Finish();
}

void ReadEvaluation(ObjectReader r, EvaluationConfig& c) {
  c.episodes = r.Integer("episodes", c.episodes, 1);
  c.seed = r.Integer<uint64_t>("seed", c.seed, 0);
  r.Finish();
}

std::string Resolve(const std::string& base_dir, const std::string& path) {
  fs::path p(path);
  return (p.is_relative() ? fs::path(base_dir) / p : p).lexically_normal().string();
}

std::vector<WorldSpec> ReadWorlds(const json& list, const std::string& key, const ObjectReader& r,
                                  const Suite& suite) {
  if (!list.is_array())
    r.Fail(key, "must be an array of [robot, task] pairs, got " + ObjectReader::Type(list));
  std::vector<WorldSpec> worlds;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    const std::string at = key + "[" + std::to_string(i) + "]";
    if (!item.is_array() || item.size() != 2 || !item[0].is_string() || !item[1].is_string()) {
      r.Fail(at, "must be a [\"robot\", \"task\"] pair, got " + item.dump());
    }
    WorldSpec world{item[0].get<std::string>(), item[1].get<std::string>()};
    const bool robot_known =
        std::any_of(suite.robots.begin(), suite.robots.end(),
                    [&](const RobotEntry& e) { return e.name == world.robot; });
    if (!robot_known) r.Fail(at, "names robot '" + world.robot + "', which is not in 'robots'");
    if (std::find(suite.tasks.begin(), suite.tasks.end(), world.task) == suite.tasks.end()) {
      r.Fail(at, "names task '" + world.task + "', which is not in 'tasks'");
    }
    if (std::find(worlds.begin(), worlds.end(), world) != worlds.end())
      r.Fail(at, "repeats world " + world.Label());
    worlds.push_back(world);
  }
  return worlds;
}

}  // namespace

int PpoConfig::EnvsFor(const std::string& task) const {
  const auto it = envs_by_task.find(task);
  return it == envs_by_task.end() ? envs_per_world : it->second;
}

const RobotEntry& Suite::Robot(const std::string& robot) const {
  for (const auto& entry : robots) {
    if (entry.name == robot) return entry;
  }
  throw Error(path + ": robot '" + robot + "' is not in this suite");
}

bool Suite::IsTraining(const std::string& robot, const std::string& task) const {
  return std::find(train.begin(), train.end(), WorldSpec{robot, task}) != train.end();
}

int64_t Suite::StepsPerIteration() const {
  int64_t steps = 0;
  for (const auto& world : train) steps += int64_t{ppo.EnvsFor(world.task)} * ppo.rollout_steps;
  return steps;
}

bool Suite::IsHeldOut(const std::string& robot, const std::string& task) const {
  return std::find(heldout.begin(), heldout.end(), WorldSpec{robot, task}) != heldout.end();
}

std::string StableHash(const std::string& text) {
  char buffer[17];
  std::snprintf(buffer, sizeof(buffer), "%016llx",
                static_cast<unsigned long long>(HashString(text)));
  return buffer;
}

Suite ParseSuite(const std::string& json_text, const std::string& path) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    // nlohmann reports a byte offset; turn it into a line number.
    const size_t offset = std::min<size_t>(e.byte, json_text.size());
    const int line =
        1 + static_cast<int>(std::count(json_text.begin(), json_text.begin() + offset, '\n'));
    ThrowAt(path, line, std::string("not valid JSON: ") + e.what());
  }
  Suite suite;
  suite.path = path;
  suite.source_text = json_text;
  const std::string base_dir = fs::path(path).parent_path().string();
  ObjectReader r(root, "", path);
  suite.name = r.String("name", "", true);
  if (suite.name.empty() || suite.name.find_first_of("/\\ ") != std::string::npos) {
    r.Fail("name", "must be a non-empty name without spaces or slashes");
  }
  suite.description = r.String("description", "");

  if (!r.Has("robots")) r.Fail("robots", "is required");
  const json& robots = r.Get("robots");
  if (!robots.is_object() || robots.empty())
    r.Fail("robots", "must be a non-empty object of name -> URDF path");
  for (const auto& [name, value] : robots.items()) {
    RobotEntry entry;
    entry.name = name;
    const std::string key = "robots." + name;
    if (value.is_string()) {
      entry.urdf = Resolve(base_dir, value.get<std::string>());
    } else {
      ObjectReader robot(value, key, path);
      entry.urdf = Resolve(base_dir, robot.String("urdf", "", true));
      entry.ee = robot.String("ee", "");
      if (robot.Has("package_paths")) {
        const json& dirs = robot.Get("package_paths");
        if (!dirs.is_array()) robot.Fail(key + ".package_paths", "must be an array of folders");
        for (const auto& dir : dirs) {
          if (!dir.is_string()) robot.Fail(key + ".package_paths", "must hold strings");
          entry.package_paths.push_back(Resolve(base_dir, dir.get<std::string>()));
        }
      }
      robot.Finish();
    }
    std::error_code ec;
    if (!fs::is_regular_file(entry.urdf, ec))
      r.Fail(key, "points to " + entry.urdf + ", which is not a file");
    suite.robots.push_back(entry);
  }

  if (!r.Has("tasks")) r.Fail("tasks", "is required");
  const json& tasks_json = r.Get("tasks");
  if (!tasks_json.is_array() || tasks_json.empty())
    r.Fail("tasks", "must be a non-empty array of task names");
  for (const auto& task : tasks_json) {
    if (!task.is_string()) r.Fail("tasks", "must hold task names (strings)");
    const std::string name = task.get<std::string>();
    try {
      tasks::FindTask(name);
    } catch (const Error& e) {
      r.Fail("tasks", std::string("names ") + e.what());
    }
    if (std::find(suite.tasks.begin(), suite.tasks.end(), name) != suite.tasks.end())
      r.Fail("tasks", "repeats '" + name + "'");
    suite.tasks.push_back(name);
  }

  if (!r.Has("train")) r.Fail("train", "is required");
  suite.train = ReadWorlds(r.Get("train"), "train", r, suite);
  if (suite.train.empty()) r.Fail("train", "must list at least one world");
  for (const auto& robot : suite.robots) {
    if (std::none_of(suite.train.begin(), suite.train.end(),
                     [&](const WorldSpec& w) { return w.robot == robot.name; })) {
      r.Fail("train", "never uses robot '" + robot.name +
                          "': every robot needs a training world to learn its module");
    }
  }
  for (const auto& task : suite.tasks) {
    if (std::none_of(suite.train.begin(), suite.train.end(),
                     [&](const WorldSpec& w) { return w.task == task; })) {
      r.Fail("train", "never uses task '" + task +
                          "': every task needs a training world to learn its module");
    }
  }

  const json heldout = r.Has("heldout") ? r.Get("heldout") : json("rest");
  if (heldout.is_string()) {
    if (heldout.get<std::string>() != "rest")
      r.Fail("heldout", "must be \"rest\" or a list of [robot, task] pairs");
    for (const auto& robot : suite.robots) {
      for (const auto& task : suite.tasks) {
        if (!suite.IsTraining(robot.name, task)) suite.heldout.push_back({robot.name, task});
      }
    }
  } else {
    suite.heldout = ReadWorlds(heldout, "heldout", r, suite);
    for (const auto& world : suite.heldout) {
      if (suite.IsTraining(world.robot, world.task)) {
        r.Fail("heldout", "lists " + world.Label() + ", which is also a training world");
      }
    }
  }

  if (r.Has("modules")) {
    const json& dirs = r.Get("modules");
    const json list = dirs.is_string() ? json::array({dirs}) : dirs;
    if (!list.is_array() || list.empty())
      r.Fail("modules", "must be a folder or a non-empty array of folders");
    for (const auto& dir : list) {
      if (!dir.is_string()) r.Fail("modules", "must hold folder names (strings)");
      suite.module_dirs.push_back(Resolve(base_dir, dir.get<std::string>()));
    }
  }
  if (r.Has("interface"))
    ReadInterface(ObjectReader(r.Get("interface"), "interface", path), suite.interface);
  if (r.Has("architecture"))
    ReadArchitecture(ObjectReader(r.Get("architecture"), "architecture", path), suite.architecture);
  if (r.Has("ppo")) ReadPpo(ObjectReader(r.Get("ppo"), "ppo", path), suite.ppo, suite.tasks);
  for (const auto& world : suite.train) {
    const int64_t samples =
        static_cast<int64_t>(suite.ppo.EnvsFor(world.task)) * suite.ppo.rollout_steps;
    if (samples < suite.ppo.minibatches) {
      r.Fail("ppo.minibatches", "is " + std::to_string(suite.ppo.minibatches) + ", but world " +
                                    world.Label() + " collects only " + std::to_string(samples) +
                                    " samples per iteration (environments x rollout_steps)");
    }
  }
  if (r.Has("evaluation"))
    ReadEvaluation(ObjectReader(r.Get("evaluation"), "evaluation", path), suite.evaluation);
  if (suite.interface.grounding > 0 && suite.interface.dim < 3) {
    r.Fail("interface.grounding", "needs interface.dim >= 3 (z[0:3] is tied to the hand's motion)");
  }
  r.Finish();
  return suite;
}

std::string ApplyAssignments(const std::string& json_text, const std::string& path,
                             const std::vector<std::string>& assignments) {
  if (assignments.empty()) return json_text;
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error&) {
    return json_text;  // ParseSuite reports it with a line number
  }
  for (const std::string& assignment : assignments) {
    auto fail = [&](const std::string& why) {
      throw Error(path + ": --set " + assignment + ": " + why);
    };
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos) fail("expected KEY=VALUE, e.g. ppo.epochs=2");
    const std::string key = assignment.substr(0, equals), text = assignment.substr(equals + 1);
    std::vector<std::string> parts;
    for (size_t begin = 0;;) {
      const size_t dot = key.find('.', begin);
      parts.push_back(
          key.substr(begin, dot == std::string::npos ? std::string::npos : dot - begin));
      if (parts.back().empty()) fail("the key has an empty part");
      if (dot == std::string::npos) break;
      begin = dot + 1;
    }
    if (!root.is_object()) fail("the suite is not a JSON object");
    json* node = &root;
    std::string walked;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      walked += (i ? "." : "") + parts[i];
      json& child = (*node)[parts[i]];
      if (child.is_null()) child = json::object();  // e.g. --set ppo.epochs=2 without "ppo"
      if (!child.is_object()) fail(walked + " is not an object");
      node = &child;
    }
    json value;
    try {
      value = json::parse(text);
    } catch (const json::parse_error&) {
      value = text;  // a bare word: a string
    }
    (*node)[parts.back()] = value;
  }
  return root.dump(2) + "\n";
}

Suite LoadSuite(const std::string& path, const std::vector<std::string>& assignments) {
  return ParseSuite(ApplyAssignments(ReadFile(path), path, assignments), path);
}

}  // namespace mosaic::suite
