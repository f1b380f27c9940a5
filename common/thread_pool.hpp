// A small fork-join pool for stepping environments: ParallelFor splits [0, n) into one contiguous
// chunk per thread and returns when all chunks are done. The calling thread works too, so a pool of
// 1 thread runs everything inline. Work is split by index only, so results never depend on the
// thread count as long as each index touches its own data. ParallelFor does not allocate.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace mosaic {

class ThreadPool {
 public:
  // threads >= 1: total workers including the caller. threads <= 0 means hardware concurrency.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls body(begin, end) on disjoint chunks covering [0, n); blocks until all have returned.
  // The first exception thrown by any chunk is rethrown here.
  template <typename Body>
  void ParallelFor(int n, Body&& body) {
    Run(
        n, [](void* context, int begin, int end) { (*static_cast<Body*>(context))(begin, end); },
        static_cast<void*>(&body));
  }

 private:
  using Trampoline = void (*)(void* context, int begin, int end);
  void Run(int n, Trampoline call, void* context);
  void WorkerLoop(int worker_index);
  void RunChunk(int chunk);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  Trampoline call_ = nullptr;
  void* context_ = nullptr;
  int n_ = 0;
  uint64_t generation_ = 0;
  int pending_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
};

}  // namespace mosaic
