#include "common/error.hpp"

namespace mosaic {

std::string Located(const std::string& file, int line, const std::string& message) {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  }
  return out + message;
}

void ThrowAt(const std::string& file, int line, const std::string& message) {
  throw Error(Located(file, line, message));
}

const char* Version() {
  return MOSAIC_VERSION;
}

}  // namespace mosaic
