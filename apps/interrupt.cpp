#include "apps/interrupt.hpp"

#include <csignal>

namespace mosaic::apps {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) {
  g_interrupted = true;
}
}  // namespace

StopOnInterrupt::StopOnInterrupt() {
  g_interrupted = false;
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
}

StopOnInterrupt::~StopOnInterrupt() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool>* StopOnInterrupt::flag() const {
  return &g_interrupted;
}

}  // namespace mosaic::apps
