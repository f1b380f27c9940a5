#include "gui/run_stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mosaic::gui {

void RunStats::Clear() {
  *this = RunStats();
}

void RunStats::RecordStep(float reward, float distance) {
  step_rewards_.push_back(reward);
  step_distances_.push_back(distance);
  current_return_ += reward;
}

const EpisodeSummary& RunStats::FinishEpisode(bool success, bool blew_up) {
  EpisodeSummary summary;
  summary.number = ++episodes_finished_;
  summary.episode_return = current_return_;
  summary.final_distance = step_distances_.empty() ? 0.f : step_distances_.back();
  summary.steps = static_cast<int>(step_rewards_.size());
  summary.success = success;
  summary.blew_up = blew_up;
  successes_ += success;
  blow_ups_ += blew_up;
  history_.push_back(summary);
  if (history_.size() > kHistory) history_.pop_front();
  step_rewards_.clear();
  step_distances_.clear();
  current_return_ = 0;
  return history_.back();
}

double RunStats::SuccessRate() const {
  return episodes_finished_ > 0 ? static_cast<double>(successes_) / episodes_finished_ : 0.0;
}

void Pacer::Restart(double now) {
  last_ = now;
  owed_ = 0;
}

int Pacer::StepsDue(double now, double speed, double control_dt) {
  owed_ += std::max(0.0, now - last_) * speed;
  last_ = now;
  if (owed_ > kMaxBacklog) owed_ = kMaxBacklog;
  // The tolerance absorbs rounding in the sums of wall-clock differences (a step due at exactly
  // now is due, not one call later).
  const int steps = static_cast<int>(std::floor(owed_ / control_dt + 1e-6));
  owed_ = std::max(0.0, owed_ - steps * control_dt);
  return steps;
}

double Pacer::SecondsToNextStep(double speed, double control_dt) const {
  return std::max(0.0, control_dt - owed_) / speed;
}

void FrameTimer::Add(double seconds) {
  all_.push_back(seconds);
}

double FrameTimer::RecentMean() const {
  if (all_.empty()) return 0;
  const size_t n = std::min<size_t>(kWindow, all_.size());
  return std::accumulate(all_.end() - n, all_.end(), 0.0) / n;
}

double FrameTimer::Mean(int skip) const {
  if (static_cast<int>(all_.size()) <= skip) return 0;
  return std::accumulate(all_.begin() + skip, all_.end(), 0.0) / (all_.size() - skip);
}

double FrameTimer::Percentile95(int skip) const {
  if (static_cast<int>(all_.size()) <= skip) return 0;
  std::vector<double> sorted(all_.begin() + skip, all_.end());
  std::sort(sorted.begin(), sorted.end());
  const size_t index = static_cast<size_t>(std::ceil(0.95 * sorted.size())) - 1;
  return sorted[index];
}

}  // namespace mosaic::gui
