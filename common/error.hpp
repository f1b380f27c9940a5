// mosaic::Error — the one exception type for bad *input* (URDF, suite JSON, module files, CLI
// arguments, module mismatches). Its message says what was expected, what arrived and where
// (`file:line: ...` when a file is at fault). Internal invariants use assert, not Error.
#pragma once

#include <stdexcept>
#include <string>

namespace mosaic {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// "file:line: message" (line omitted when <= 0, file omitted when empty).
std::string Located(const std::string& file, int line, const std::string& message);

// Throws Error(Located(file, line, message)).
[[noreturn]] void ThrowAt(const std::string& file, int line, const std::string& message);

// Version string of this build ("0.1.0").
const char* Version();

}  // namespace mosaic
