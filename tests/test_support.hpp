// Helpers shared by the test suites: test data paths, temporary folders, running the CLI.
#pragma once

#include <string>

#include "common/error.hpp"

namespace mosaic::testing {

// tests/data/<relative>
std::string DataPath(const std::string& relative);

// A fresh empty folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name and returns the full path.
  std::string Write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;     // WEXITSTATUS when the process exited normally
  bool signaled = false;  // true when it died of a signal (a crash)
  std::string output;     // stdout and stderr together
};

// The message of the mosaic::Error that body() throws, or "(no error)" when it returns normally.
template <typename Body>
std::string ErrorMessage(Body&& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// Runs a shell command and captures its stdout and stderr together.
CommandResult RunCommand(const std::string& shell_command);

// Runs `mosaic <arguments>` (the built binary) through the shell and captures its output.
CommandResult RunMosaic(const std::string& arguments);

}  // namespace mosaic::testing
