#include "train/training_log.hpp"

#include <sstream>
#include <vector>

#include "common/error.hpp"
#include "common/files.hpp"

namespace mosaic::train {

const char* TrainingLog::Header() {
  return "iteration,env_steps,seconds,steps_per_second,learning_rate,robot,task,episodes,mean_"
         "return,"
         "success_rate,mean_final_distance,eval_success_rate,policy_loss,value_loss,entropy,approx_"
         "kl,"
         "clip_fraction,grounding_loss";
}

TrainingLog::TrainingLog(const std::string& path, bool resume, int keep_through) : path_(path) {
  std::string kept = std::string(Header()) + "\n";
  if (resume) {
    std::istringstream old(ReadFile(path));
    std::string line;
    std::getline(old, line);  // header
    while (std::getline(old, line)) {
      if (line.empty()) continue;
      if (std::stoi(line.substr(0, line.find(','))) <= keep_through) kept += line + "\n";
    }
  }
  WriteFileAtomic(path, kept);
  out_.open(path, std::ios::app);
  if (!out_) throw Error(path + ": cannot open for appending");
}

void TrainingLog::Append(const IterationReport& r) {
  for (const auto& w : r.worlds) {
    out_ << r.iteration << ',' << r.env_steps << ',' << r.seconds << ',' << r.steps_per_second
         << ',' << r.learning_rate << ',' << w.robot << ',' << w.task << ',' << w.episodes << ','
         << w.mean_return << ',' << w.success_rate << ',' << w.mean_final_distance << ',';
    if (w.eval_success_rate >= 0) out_ << w.eval_success_rate;
    out_ << ',' << w.policy_loss << ',' << w.value_loss << ',' << w.entropy << ',' << w.approx_kl
         << ',' << w.clip_fraction << ',' << w.grounding_loss << '\n';
  }
  out_.flush();
  if (!out_) throw Error(path_ + ": write failed");
}

}  // namespace mosaic::train
