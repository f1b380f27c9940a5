// DIR/log.csv: one row per iteration and training world. Written row by row (flushed each
// iteration) so a crash loses at most the running iteration; on --resume, rows after the
// checkpoint's iteration are dropped so the log continues exactly.
#pragma once

#include <fstream>
#include <string>

#include "train/trainer.hpp"

namespace mosaic::train {

class TrainingLog {
 public:
  // Opens (creating or, when resuming, trimming to iterations <= keep_through) `path`.
  TrainingLog(const std::string& path, bool resume, int keep_through);
  void Append(const IterationReport& report);

  static const char* Header();

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace mosaic::train
