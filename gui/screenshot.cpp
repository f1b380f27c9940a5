#include "gui/screenshot.hpp"

#include <stb/stb_image_write.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/files.hpp"
#include "gui/gl_api.hpp"

namespace mosaic::gui {

std::vector<uint8_t> ReadFramebuffer(int width, int height) {
  std::vector<uint8_t> bottom_up(static_cast<size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
  // OpenGL's rows start at the bottom; images start at the top.
  std::vector<uint8_t> top_down(bottom_up.size());
  const size_t row = static_cast<size_t>(width) * 3;
  for (int y = 0; y < height; ++y) {
    std::copy_n(bottom_up.data() + row * (height - 1 - y), row, top_down.data() + row * y);
  }
  return top_down;
}

void WritePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgb) {
  if (rgb.size() != static_cast<size_t>(width) * height * 3 || width <= 0 || height <= 0) {
    throw Error(path + ": cannot write the PNG: expected " + std::to_string(width) + "x" +
                std::to_string(height) + " RGB pixels, got " + std::to_string(rgb.size()) +
                " bytes");
  }
  // Encode in memory (stb's public callback API), then write atomically: a half-written PNG is
  // never left behind.
  std::string png;
  auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<size_t>(size));
  };
  if (stbi_write_png_to_func(append, &png, width, height, 3, rgb.data(), width * 3) == 0) {
    throw Error(path + ": cannot encode the PNG");
  }
  WriteFileAtomic(path, png);
}

}  // namespace mosaic::gui
