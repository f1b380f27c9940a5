// Ctrl-C (SIGINT) and SIGTERM for long commands (train, extend): while a StopOnInterrupt lives,
// those signals set a flag the trainer polls — it then writes a checkpoint and returns — instead of
// killing the process.
#pragma once

#include <atomic>

namespace mosaic::apps {

class StopOnInterrupt {
 public:
  StopOnInterrupt();   // installs the handlers
  ~StopOnInterrupt();  // restores the default handlers
  StopOnInterrupt(const StopOnInterrupt&) = delete;
  StopOnInterrupt& operator=(const StopOnInterrupt&) = delete;

  const std::atomic<bool>* flag() const;
};

}  // namespace mosaic::apps
