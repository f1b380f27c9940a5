#include "gui/window.hpp"

// gl_api.hpp first: it must be the one that brings in gl.h.
#include "gui/gl_api.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace mosaic::gui {

namespace {
std::string last_glfw_error;  // GLFW reports errors through a callback; kept for our messages

void OnGlfwError(int code, const char* description) {
  last_glfw_error = std::string(description) + " (GLFW error " + std::to_string(code) + ")";
}

// DejaVu Sans reads better than ImGui's built-in bitmap font; Debian's fonts-dejavu-core puts it
// here. Without it, the built-in font is used.
constexpr const char* kFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr float kFontSize = 15.f;  // [pixels]

void ApplyStyle() {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0.f;
  style.FrameRounding = 3.f;
  style.GrabRounding = 3.f;
  style.WindowPadding = ImVec2(10.f, 10.f);
  style.ItemSpacing = ImVec2(7.f, 5.f);
  style.WindowBorderSize = 0.f;
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_WindowBg] =
      ImVec4(kPanelBackground[0], kPanelBackground[1], kPanelBackground[2], 1.f);
  colors[ImGuiCol_Header] = ImVec4(0.2f, 0.25f, 0.32f, 1.f);
  colors[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.33f, 0.42f, 1.f);
  colors[ImGuiCol_Button] = ImVec4(0.2f, 0.3f, 0.42f, 1.f);
  colors[ImGuiCol_PlotHistogram] = ImVec4(0.24f, 0.6f, 0.36f, 1.f);
}
}  // namespace

GuiWindow::GuiWindow(int width, int height, bool vsync) {
  glfwSetErrorCallback(OnGlfwError);
  if (glfwInit() != GLFW_TRUE) {
    throw Error("cannot open a window: " + last_glfw_error +
                ". Without a display, run under Xvfb: xvfb-run -a -s \"-screen 0 1280x720x24\" "
                "mosaic gui ...");
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  window_ = glfwCreateWindow(width, height, "mosaic", nullptr, nullptr);
  if (window_ == nullptr) {
    const std::string reason = last_glfw_error;
    glfwTerminate();
    throw Error("cannot create a " + std::to_string(width) + "x" + std::to_string(height) +
                " window with OpenGL 3.3 core: " + reason);
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing worth saving next to the user's files
  ApplyStyle();
  std::error_code error;
  if (std::filesystem::exists(kFontPath, error)) io.Fonts->AddFontFromFileTTF(kFontPath, kFontSize);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
}

GuiWindow::~GuiWindow() {
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool GuiWindow::ShouldClose() const {
  return glfwWindowShouldClose(window_) != 0;
}

void GuiWindow::BeginFrame() {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GuiWindow::WindowSize(int& width, int& height) const {
  glfwGetWindowSize(window_, &width, &height);
}

void GuiWindow::FramebufferSize(int& width, int& height) const {
  glfwGetFramebufferSize(window_, &width, &height);
}

void GuiWindow::RenderImGui() {
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GuiWindow::Swap() {
  glfwSwapBuffers(window_);
}

}  // namespace mosaic::gui
