#include "gui/zeroshot_job.hpp"

#include <exception>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/error.hpp"
#include "composer/zeroshot.hpp"

namespace mosaic::gui {

namespace {
// Linux nice value of the job's thread: below the sim thread (10), so the live run stays smooth.
constexpr int kJobNice = 15;

struct Cancelled {};  // thrown from the progress callback to leave RunZeroShot early
}  // namespace

ZeroShotJob::~ZeroShotJob() {
  Cancel();
  Join();
}

void ZeroShotJob::Join() {
  if (thread_.joinable()) thread_.join();
}

bool ZeroShotJob::Start(const suite::Suite& suite, const std::vector<std::string>& module_folders,
                        int episodes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (progress_.running) return false;
    progress_ = ZeroShotProgress{true, 0, 0, "starting"};
    result_.reset();
  }
  Join();  // the previous job's thread has finished its work; reap it
  cancel_ = false;
  composer::ZeroShotOptions options;
  options.modules_dirs = module_folders;
  options.episodes = episodes;
  options.threads = 1;
  options.progress = [this](int done, int total, const std::string& what) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      progress_.done = done;
      progress_.total = total;
      progress_.current = what;
    }
    if (cancel_) throw Cancelled{};
  };
  thread_ = std::thread([this, suite, options] {
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), kJobNice);
    ZeroShotResult result;
    try {
      result.json = composer::FormatJson(composer::RunZeroShot(suite, options));
      result.matrix = ZeroShotMatrix::Parse(result.json, "computed (suite " + suite.name + ", " +
                                                             std::to_string(options.episodes) +
                                                             " episodes per cell)");
    } catch (const Cancelled&) {
      result.error = "cancelled";
    } catch (const std::exception& e) {
      result.error = e.what();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    progress_.running = false;
    result_ = std::move(result);
  });
  return true;
}

ZeroShotProgress ZeroShotJob::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return progress_;
}

bool ZeroShotJob::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return progress_.running || result_.has_value();
}

std::optional<ZeroShotResult> ZeroShotJob::TakeResult() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<ZeroShotResult> result = std::move(result_);
  result_.reset();
  return result;
}

}  // namespace mosaic::gui
