// Whole-file reads and atomic writes (temp file in the same folder, fsync, rename), so a crash or
// Ctrl-C mid-write never leaves a half-written module, checkpoint or log behind.
#pragma once

#include <string>
#include <string_view>

namespace mosaic {

// Reads a whole file; throws Error naming the file when it cannot be opened or read.
std::string ReadFile(const std::string& path);

// Writes `contents` to `path` atomically; throws Error naming the file on failure.
void WriteFileAtomic(const std::string& path, std::string_view contents);

}  // namespace mosaic
