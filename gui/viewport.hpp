// Viewport: the 3-D view of the simulation — ground and grid, the robot from its RobotModel's
// visual geometry posed by the sim thread's snapshot, the task's markers, the end-effector trail,
// and a small overlay (frame time, sim rate). The camera is driven by the mouse: left drag
// orbits, right or middle drag (or shift + left drag) pans, the wheel zooms, a double click
// re-frames the robot.
#pragma once

#include <string>
#include <vector>

#include "gui/camera.hpp"
#include "gui/renderer.hpp"
#include "gui/run_stats.hpp"
#include "gui/sim_runner.hpp"
#include "robots/robot_model.hpp"

namespace mosaic::gui {

// A rectangle of the window in ImGui's coordinates (points, origin top-left).
struct ScreenRect {
  float x = 0, y = 0, width = 0, height = 0;
  bool Contains(float px, float py) const {
    return px >= x && px < x + width && py >= y && py < y + height;
  }
  float aspect() const { return height > 0 ? width / height : 1.f; }
};

// The framebuffer rectangle under `rect`, for a framebuffer `scale` pixels per point (HiDPI) and
// `framebuffer_height` pixels high (OpenGL counts rows from the bottom).
PixelRect ToPixels(const ScreenRect& rect, float scale_x, float scale_y, int framebuffer_height);

class Viewport {
 public:
  explicit Viewport(Renderer& renderer);
  ~Viewport();
  Viewport(const Viewport&) = delete;
  Viewport& operator=(const Viewport&) = delete;

  // Uploads the robot's visual geometry (nullptr: draw no robot) and frames the camera on its
  // workspace for a view of `aspect` (width / height). The model must outlive its use here.
  void SetRobot(const robots::RobotModel* model, float aspect);
  // Camera control from ImGui's mouse state; a drag counts only if it starts inside `rect`.
  void HandleInput(const ScreenRect& rect);
  // Draws the scene into `rect` (snapshot may be null: grid only).
  void Draw(const ScreenRect& rect, const PixelRect& pixels, const SimSnapshot* snapshot);
  // Text over the view: `title` (robot, task, policy) top left, frame time and sim rate bottom
  // right, and the markers' labels.
  void DrawOverlay(const ScreenRect& rect, const FrameTimer& frames, const SimSnapshot* snapshot,
                   const std::string& title) const;

  OrbitCamera& camera() { return camera_; }

 private:
  // One visual of one body: its geometry frame times the unit primitive's scale.
  struct Item {
    int body = 0;
    Mat4 local;
    Renderer::MeshId mesh = -1;
    std::array<float, 4> rgba{};
  };

  void ReleaseRobot();
  void DrawMarkers(const SimSnapshot& snapshot, bool translucent);
  void DrawTrail(const SimSnapshot& snapshot);
  void LabelMarkers(const ScreenRect& rect, const SimSnapshot& snapshot) const;

  Renderer& renderer_;
  OrbitCamera camera_;
  const robots::RobotModel* model_ = nullptr;
  std::vector<Item> items_;
  std::vector<Renderer::MeshId> robot_meshes_;  // uploaded for the current robot
  btVector3 frame_center_{0, 0, 0};             // what a double click re-frames on
  float frame_radius_ = 0.7f;                   // [m]
  float grid_extent_ = 1.f;                     // half the ground's side [m]
  std::vector<LineVertex> grid_;
  std::vector<LineVertex> trail_;  // scratch, refilled every frame
  Mat4 view_projection_;           // of the last Draw, for labels
  enum class Drag { kNone, kOrbit, kPan } drag_ = Drag::kNone;
};

}  // namespace mosaic::gui
