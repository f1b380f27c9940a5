#include "gui/sim_runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/rng.hpp"

namespace mosaic::gui {

namespace {
constexpr double kRateWindow = 0.5;   // steps/s is measured over this long [wall s]
constexpr double kFastSlice = 0.008;  // "max" speed publishes at least this often [wall s]
constexpr size_t kMaxTrail = 4000;    // end-effector points kept per episode
constexpr int kSimThreadNice = 10;    // Linux nice value of the sim thread (0: normal, 19: lowest)

double Now() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}
}  // namespace

SimRunner::SimRunner(const robots::RobotModel& model, std::unique_ptr<sim::Task> task,
                     std::vector<PolicyEntry> policies, const RunSettings& settings)
    : model_(model),
      env_(std::make_unique<sim::Env>(model, std::move(task))),
      policies_(std::move(policies)) {
  for (auto& entry : BuiltinPolicies(*env_)) policies_.push_back(std::move(entry));
  control_dt_ = env_->world().settings().control_dt();
  o_robot_.resize(env_->robot_obs_size());
  o_task_.resize(env_->task_obs_size());
  action_.resize(env_->action_size());
  staging_.control_dt = control_dt_;
  staging_.max_episode_steps = env_->max_episode_steps();

  controls_.playing = settings.playing;
  controls_.speed_index =
      std::clamp(settings.speed_index, 0, static_cast<int>(kSpeedOptions.size()) - 1);
  controls_.policy_index = std::max(0, PickPolicy(policies_, settings.policy));
  controls_.seed = settings.seed;
  ResetRun(settings.seed, controls_.policy_index);
  Publish(controls_);
  thread_ = std::thread([this] { Loop(); });
}

SimRunner::~SimRunner() {
  Command([](Controls& controls) { controls.quit = true; });
  thread_.join();
}

template <typename Change>
void SimRunner::Command(Change change) {
  {
    std::lock_guard<std::mutex> lock(control_mutex_);
    change(controls_);
    ++controls_.generation;
  }
  wake_.notify_all();
}

void SimRunner::SetPlaying(bool playing) {
  Command([playing](Controls& controls) { controls.playing = playing; });
}

void SimRunner::StepOnce() {
  Command([](Controls& controls) { ++controls.pending_steps; });
}

void SimRunner::Reset(uint64_t seed) {
  Command([seed](Controls& controls) {
    controls.reset = true;
    controls.seed = seed;
  });
}

void SimRunner::SetSpeed(int speed_index) {
  if (speed_index < 0 || speed_index >= static_cast<int>(kSpeedOptions.size())) return;
  Command([speed_index](Controls& controls) { controls.speed_index = speed_index; });
}

void SimRunner::SelectPolicy(int index) {
  if (index < 0 || index >= static_cast<int>(policies_.size())) return;
  if (!policies_[index].unavailable.empty()) return;
  Command([index](Controls& controls) {
    controls.policy_index = index;
    controls.reset = true;  // a new policy starts a new run, with the same seed
  });
}

void SimRunner::CopySnapshot(SimSnapshot& out) const {
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  out = snapshot_;
}

void SimRunner::ResetRun(uint64_t seed, int policy_index) {
  seed_ = seed;
  episode_ = 0;
  staging_.stats.Clear();
  staging_.error.clear();
  staging_.interface.clear();
  staging_.seed = seed;
  staging_.policy_index = policy_index;
  try {
    policy_ = policies_[policy_index].make(*env_, seed);
    StartEpisode();
  } catch (const std::exception& e) {
    policy_ = PolicyChoice{};
    Fail(policies_[policy_index].name + ": " + e.what());
  }
}

void SimRunner::StartEpisode() {
  env_->Reset(DeriveSeed(seed_, static_cast<uint64_t>(episode_)), o_robot_.data(), o_task_.data());
  staging_.trail.clear();
  staging_.trail.push_back(env_->world().robot().EndEffectorWorld());
}

void SimRunner::StepSimulation() {
  policy_.act(*env_, o_robot_.data(), o_task_.data(), action_.data());
  if (policy_.interface) staging_.interface = policy_.interface();
  const sim::StepResult result = env_->Step(action_.data(), o_robot_.data(), o_task_.data());
  staging_.stats.RecordStep(result.reward, result.info.distance);
  if (staging_.trail.size() < kMaxTrail)
    staging_.trail.push_back(env_->world().robot().EndEffectorWorld());
  ++steps_since_rate_;
  if (result.terminated || result.truncated) {
    staging_.stats.FinishEpisode(result.info.success, result.info.blew_up);
    ++episode_;
    StartEpisode();
  }
}

void SimRunner::Fail(const std::string& message) {
  staging_.error = message;
  std::lock_guard<std::mutex> lock(control_mutex_);
  controls_.playing = false;
  controls_.pending_steps = 0;
}

void SimRunner::Publish(const Controls& controls) {
  const auto& robot = env_->world().robot();
  staging_.body_frames.resize(model_.bodies.size());
  for (size_t b = 0; b < model_.bodies.size(); ++b)
    staging_.body_frames[b] = robot.BodyFrameWorld(static_cast<int>(b));
  staging_.markers.clear();
  env_->task().Markers(env_->world(), staging_.markers);
  staging_.episode_step = env_->episode_step();
  staging_.playing = controls.playing && staging_.error.empty();
  staging_.speed_index = controls.speed_index;
  const double now = Now();
  if (!staging_.playing) {
    staging_.steps_per_second = 0;
    steps_since_rate_ = 0;
    rate_started_ = now;
  } else if (now - rate_started_ >= kRateWindow) {
    staging_.steps_per_second = steps_since_rate_ / (now - rate_started_);
    steps_since_rate_ = 0;
    rate_started_ = now;
  }
  ++staging_.version;
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  snapshot_ = staging_;
}

void SimRunner::Loop() {
  // Lower this thread's priority a little: at "as fast as possible" it would otherwise take the
  // CPU time the UI thread and the software rasteriser need for a steady frame rate.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), kSimThreadNice);
  Pacer pacer;
  bool was_paced = false;
  int paced_speed = -1;
  std::unique_lock<std::mutex> lock(control_mutex_);
  // Commands are counted from construction (generation 0), so one sent before this thread got
  // the lock is still seen.
  uint64_t handled = 0;
  for (;;) {
    wake_.wait(lock, [&] {
      return controls_.playing || controls_.quit || controls_.generation != handled;
    });
    if (controls_.quit) return;
    handled = controls_.generation;
    Controls commands = controls_;
    controls_.pending_steps = 0;
    controls_.reset = false;
    lock.unlock();

    if (commands.reset) ResetRun(commands.seed, commands.policy_index);
    if (!staging_.error.empty() && commands.playing) {
      // A stopped run plays again only after a reset (else "max" speed would spin on nothing).
      lock.lock();
      controls_.playing = false;
      lock.unlock();
      commands.playing = false;
    }
    const double speed = kSpeedOptions[commands.speed_index].factor;
    const bool paced = commands.playing && speed > 0;
    if (paced && (!was_paced || paced_speed != commands.speed_index)) pacer.Restart(Now());
    was_paced = paced;
    paced_speed = commands.speed_index;

    int steps = commands.pending_steps;
    if (paced) steps += pacer.StepsDue(Now(), speed, control_dt_);
    try {
      for (int i = 0; i < steps && staging_.error.empty(); ++i) StepSimulation();
      if (commands.playing && speed <= 0) {
        // As fast as possible: step for a slice of wall time, then publish and look at commands.
        const double slice_end = Now() + kFastSlice;
        while (staging_.error.empty() && Now() < slice_end) StepSimulation();
      }
    } catch (const std::exception& e) {
      Fail(e.what());
    }
    lock.lock();
    commands.playing = controls_.playing;  // Fail() may have paused the run
    lock.unlock();
    Publish(commands);
    lock.lock();
    if (paced && controls_.playing && controls_.generation == handled) {
      wake_.wait_for(lock,
                     std::chrono::duration<double>(pacer.SecondsToNextStep(speed, control_dt_)),
                     [&] { return controls_.generation != handled; });
    }
  }
}

}  // namespace mosaic::gui
