#include "tests/test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace mosaic::testing {

std::string DataPath(const std::string& relative) {
  return std::string(MOSAIC_TEST_DATA) + "/" + relative;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mosaic-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, const std::string& contents) const {
  const std::string file = path_ + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path());
  std::ofstream(file, std::ios::binary) << contents;
  return file;
}

CommandResult RunMosaic(const std::string& arguments) {
  return RunCommand(std::string("'") + MOSAIC_BINARY + "' " + arguments);
}

CommandResult RunCommand(const std::string& shell_command) {
  const std::string command = shell_command + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  CommandResult result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  // The shell reports a child killed by signal N as exit status 128 + N.
  if (WIFSIGNALED(status)) {
    result.signaled = true;
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    result.signaled = result.exit_code > 128;
  }
  return result;
}

}  // namespace mosaic::testing
