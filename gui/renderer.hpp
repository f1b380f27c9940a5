// Renderer: the OpenGL 3.3 core side of the viewport — two shader programs (lit triangles with a
// key light, a fill light and hemisphere ambient; coloured lines), meshes on the GPU, and the GL
// state around drawing the 3-D scene under the ImGui panels. It knows meshes and matrices, not
// robots or tasks (gui/viewport.cpp decides what to draw).
#pragma once

#include <array>
#include <vector>

#include "gui/math3d.hpp"
#include "gui/primitives.hpp"

namespace mosaic::gui {

// A rectangle of the framebuffer in pixels, origin at the bottom-left (OpenGL's convention).
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

class Renderer {
 public:
  using MeshId = int;

  // Needs a current OpenGL 3.3 core context; throws mosaic::Error when a shader does not build.
  Renderer();
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  MeshId Upload(const MeshData& mesh);
  void Release(MeshId id);
  // Unit primitives (gui/primitives.hpp), scaled per draw.
  MeshId box() const { return box_; }
  MeshId cylinder() const { return cylinder_; }
  MeshId sphere() const { return sphere_; }

  // Starts a frame of the scene in `rect`: clears it to the background and sets the camera.
  void Begin(const PixelRect& rect, const Mat4& view, const Mat4& projection, const btVector3& eye);
  // Lit mesh; rgba alpha < 1 draws it translucent (draw those after everything opaque).
  void DrawMesh(MeshId id, const Mat4& model, const std::array<float, 4>& rgba);
  // Unlit, one colour: for large flat surfaces (the ground), where lighting would be constant
  // anyway and a software rasteriser pays for every shaded pixel.
  void DrawFlat(MeshId id, const Mat4& model, const std::array<float, 4>& rgba);
  // Lines with per-vertex colour: pairs of vertices (strip = false) or one polyline (strip =
  // true), `width` pixels wide where the driver allows.
  void DrawLines(const std::vector<LineVertex>& vertices, bool strip, float width);
  // Restores the state the ImGui backend expects (no depth test, full viewport, no scissor).
  void End();

 private:
  struct GpuMesh {
    unsigned vertex_array = 0, vertex_buffer = 0, index_buffer = 0;
    int index_count = 0;
  };
  struct LitProgram {
    unsigned id = 0;
    int model = -1, view_projection = -1, normal_matrix = -1, color = -1, eye = -1;
  };
  struct LineProgram {
    unsigned id = 0;
    int view_projection = -1;
  };
  struct FlatProgram {
    unsigned id = 0;
    int model = -1, view_projection = -1, color = -1;
  };

  void DrawElements(MeshId id);

  std::vector<GpuMesh> meshes_;  // index = MeshId; released slots have vertex_array == 0
  LitProgram lit_;
  LineProgram lines_;
  FlatProgram flat_;
  unsigned line_array_ = 0, line_buffer_ = 0;
  MeshId box_ = -1, cylinder_ = -1, sphere_ = -1;
  Mat4 view_projection_;
  float max_line_width_ = 1.f;  // what the driver supports [pixels]
};

}  // namespace mosaic::gui
