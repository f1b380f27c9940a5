// Screenshots: reading the rendered frame back and writing it as a PNG (stb_image_write).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mosaic::gui {

// RGB pixels of the current OpenGL read buffer, (height x width x 3), top row first.
std::vector<uint8_t> ReadFramebuffer(int width, int height);

// Writes RGB pixels (height x width x 3, top row first) as a PNG, atomically; throws
// mosaic::Error naming the file when it cannot.
void WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb);

}  // namespace mosaic::gui
