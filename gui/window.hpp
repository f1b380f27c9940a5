// GuiWindow: the GLFW window with its OpenGL 3.3 core context and Dear ImGui set up on it (style,
// font, GLFW and OpenGL3 backends), torn down in the right order when it goes. Only this file and
// gui_app.cpp touch GLFW.
#pragma once

struct GLFWwindow;

namespace mosaic::gui {

// Background of the panels (RGB). The app clears the framebuffer to it and draws the panels
// without a background of their own: under a software renderer, a cleared pixel is much cheaper
// than a blended one.
inline constexpr float kPanelBackground[3] = {0.095f, 0.1f, 0.11f};

class GuiWindow {
 public:
  // Throws mosaic::Error when GLFW cannot start (no display) or the context cannot be created.
  // `vsync`: wait for the display on every swap (interactive use); headless runs do not.
  GuiWindow(int width, int height, bool vsync);
  ~GuiWindow();
  GuiWindow(const GuiWindow&) = delete;
  GuiWindow& operator=(const GuiWindow&) = delete;

  GLFWwindow* handle() const { return window_; }
  bool ShouldClose() const;
  // Polls events and starts an ImGui frame.
  void BeginFrame();
  // Size of the window in screen coordinates (ImGui's points).
  void WindowSize(int& width, int& height) const;
  // Size of the framebuffer in pixels (differs from the window's on HiDPI screens).
  void FramebufferSize(int& width, int& height) const;
  // Draws ImGui's frame over what is in the framebuffer.
  void RenderImGui();
  void Swap();

 private:
  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
};

}  // namespace mosaic::gui
