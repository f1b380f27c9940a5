#include "gui/viewport.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

#include "sim/workspace.hpp"

namespace mosaic::gui {

namespace {
constexpr float kGridSpacing = 0.1f;  // [m]
constexpr int kGridMajorEvery = 5;    // a brighter line every 0.5 m
constexpr std::array<float, 4> kGroundColor = {0.19f, 0.2f, 0.22f, 1.f};
constexpr float kGroundThickness = 0.002f;  // [m]; its top sits just below z = 0
constexpr float kTrailWidth = 2.5f;         // [pixels]
constexpr float kTrailColor[3] = {0.35f, 0.85f, 1.f};
constexpr float kMinDiscThickness = 0.001f;  // [m]
}  // namespace

PixelRect ToPixels(const ScreenRect& rect, float scale_x, float scale_y, int framebuffer_height) {
  PixelRect pixels;
  pixels.x = static_cast<int>(std::lround(rect.x * scale_x));
  pixels.width = static_cast<int>(std::lround(rect.width * scale_x));
  pixels.height = static_cast<int>(std::lround(rect.height * scale_y));
  pixels.y = framebuffer_height - static_cast<int>(std::lround(rect.y * scale_y)) - pixels.height;
  return pixels;
}

Viewport::Viewport(Renderer& renderer) : renderer_(renderer) {
  grid_ = GroundGrid(grid_extent_, kGridSpacing, kGridMajorEvery);
}

Viewport::~Viewport() {
  ReleaseRobot();
}

void Viewport::ReleaseRobot() {
  for (Renderer::MeshId id : robot_meshes_) renderer_.Release(id);
  robot_meshes_.clear();
  items_.clear();
  model_ = nullptr;
}

void Viewport::SetRobot(const robots::RobotModel* model, float aspect) {
  ReleaseRobot();
  model_ = model;
  if (model == nullptr) return;
  std::map<const robots::TriangleMesh*, Renderer::MeshId>
      uploaded;  // a mesh file used twice is uploaded once
  for (size_t b = 0; b < model->bodies.size(); ++b) {
    for (const auto& visual : model->bodies[b].visuals) {
      Item item;
      item.body = static_cast<int>(b);
      item.local = FromTransform(visual.origin) * Scaling(UnitScale(visual.shape));
      item.rgba = visual.rgba;
      item.rgba[3] = 1.f;  // robots are drawn opaque: translucency would need sorting per frame
      if (const auto* mesh = std::get_if<robots::MeshShape>(&visual.shape)) {
        if (!mesh->mesh) continue;
        auto [it, added] = uploaded.try_emplace(mesh->mesh.get(), -1);
        if (added) {
          it->second = renderer_.Upload(FromTriangleMesh(*mesh->mesh));
          robot_meshes_.push_back(it->second);
        }
        item.mesh = it->second;
      } else if (std::holds_alternative<robots::BoxShape>(visual.shape)) {
        item.mesh = renderer_.box();
      } else if (std::holds_alternative<robots::CylinderShape>(visual.shape)) {
        item.mesh = renderer_.cylinder();
      } else {
        item.mesh = renderer_.sphere();
      }
      items_.push_back(item);
    }
  }
  // Frame the workspace: planar robots around their plane, spatial ones around their lower
  // half-sphere of reach (where their tasks put goals).
  const sim::Workspace workspace = sim::MakeWorkspace(*model);
  const float reach = std::max(0.1f, model->reach);
  frame_center_ = workspace.center + btVector3(0, 0, workspace.planar ? 0.f : 0.3f * reach);
  frame_radius_ = 0.85f * reach;  // the workspace, not every pose of the arm
  camera_.Frame(frame_center_, frame_radius_, aspect);
  grid_extent_ = std::max(1.f, std::ceil(1.6f * reach * 2.f) / 2.f);
  grid_ = GroundGrid(grid_extent_, kGridSpacing, kGridMajorEvery);
}

void Viewport::HandleInput(const ScreenRect& rect) {
  const ImGuiIO& io = ImGui::GetIO();
  const bool hovered = !io.WantCaptureMouse && rect.Contains(io.MousePos.x, io.MousePos.y);
  if (drag_ == Drag::kNone && hovered) {
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
      drag_ = io.KeyShift ? Drag::kPan : Drag::kOrbit;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Right) ||
        ImGui::IsMouseClicked(ImGuiMouseButton_Middle)) {
      drag_ = Drag::kPan;
    }
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
      camera_.Frame(frame_center_, frame_radius_, rect.aspect());
    if (io.MouseWheel != 0.f) camera_.Zoom(io.MouseWheel);
  }
  const bool any_down = io.MouseDown[ImGuiMouseButton_Left] ||
                        io.MouseDown[ImGuiMouseButton_Right] ||
                        io.MouseDown[ImGuiMouseButton_Middle];
  if (!any_down) {
    drag_ = Drag::kNone;
    return;
  }
  if (drag_ == Drag::kOrbit) camera_.Orbit(io.MouseDelta.x, io.MouseDelta.y);
  if (drag_ == Drag::kPan) camera_.Pan(io.MouseDelta.x, io.MouseDelta.y, rect.height);
}

void Viewport::Draw(const ScreenRect& rect, const PixelRect& pixels, const SimSnapshot* snapshot) {
  if (pixels.width <= 0 || pixels.height <= 0) return;
  const Mat4 view = camera_.View(), projection = camera_.Projection(rect.aspect());
  view_projection_ = projection * view;
  renderer_.Begin(pixels, view, projection, camera_.Eye());
  const btVector3 ground_size(2.f * grid_extent_, 2.f * grid_extent_, kGroundThickness);
  btTransform ground = btTransform::getIdentity();
  ground.setOrigin(btVector3(0, 0, -0.5f * kGroundThickness - 1e-4f));
  renderer_.DrawFlat(renderer_.box(), FromTransform(ground) * Scaling(ground_size), kGroundColor);
  renderer_.DrawLines(grid_, false, 1.f);
  if (snapshot != nullptr) {
    if (model_ != nullptr && snapshot->body_frames.size() == model_->bodies.size()) {
      for (const Item& item : items_) {
        renderer_.DrawMesh(item.mesh, FromTransform(snapshot->body_frames[item.body]) * item.local,
                           item.rgba);
      }
    }
    DrawMarkers(*snapshot, false);
    DrawTrail(*snapshot);
    DrawMarkers(*snapshot, true);
  }
  renderer_.End();
}

void Viewport::DrawMarkers(const SimSnapshot& snapshot, bool translucent) {
  for (const sim::Marker& marker : snapshot.markers) {
    if ((marker.rgba[3] < 0.999f) != translucent) continue;
    // Unit primitive and its scale, following sim::Marker's size conventions. No default case:
    // a new marker shape is a compiler warning here, not a silently wrong picture.
    Renderer::MeshId mesh = -1;
    btVector3 scale = marker.size;
    switch (marker.shape) {
      case sim::Marker::Shape::kSphere:  // radius in x
        mesh = renderer_.sphere();
        scale = btVector3(marker.size.x(), marker.size.x(), marker.size.x());
        break;
      case sim::Marker::Shape::kBox:  // full edge lengths
        mesh = renderer_.box();
        break;
      case sim::Marker::Shape::kDisc:  // radius in x, thickness in z
        mesh = renderer_.cylinder();
        scale = btVector3(marker.size.x(), marker.size.x(),
                          std::max(marker.size.z(), kMinDiscThickness));
        break;
      case sim::Marker::Shape::kCylinder:  // diameter in x, height in z
        mesh = renderer_.cylinder();
        scale = btVector3(0.5f * marker.size.x(), 0.5f * marker.size.x(), marker.size.z());
        break;
    }
    renderer_.DrawMesh(mesh, FromTransform(marker.pose) * Scaling(scale), marker.rgba);
  }
}

void Viewport::DrawTrail(const SimSnapshot& snapshot) {
  const size_t n = snapshot.trail.size();
  trail_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const btVector3& p = snapshot.trail[i];
    // Older points fade out, so the direction of motion reads at a glance.
    const float age = n > 1 ? static_cast<float>(i) / static_cast<float>(n - 1) : 1.f;
    trail_[i] = LineVertex{{p.x(), p.y(), p.z()},
                           {kTrailColor[0], kTrailColor[1], kTrailColor[2], 0.15f + 0.85f * age}};
  }
  renderer_.DrawLines(trail_, true, kTrailWidth);
}

void Viewport::LabelMarkers(const ScreenRect& rect, const SimSnapshot& snapshot) const {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  const float line = ImGui::GetTextLineHeight();
  std::vector<ImVec2> placed;  // labels already drawn; one landing on another moves down a line
  for (const sim::Marker& marker : snapshot.markers) {
    if (marker.label.empty() || marker.label == "success radius") continue;
    const btVector3 top = marker.pose.getOrigin() + btVector3(0, 0, marker.size.z() + 0.01f);
    const btVector3 ndc = ProjectPoint(view_projection_, top);
    if (ndc.z() < -1.f || ndc.z() > 1.f) continue;  // behind the camera or beyond the far plane
    ImVec2 at(rect.x + (0.5f + 0.5f * ndc.x()) * rect.width + 6.f,
              rect.y + (0.5f - 0.5f * ndc.y()) * rect.height - line - 4.f);
    for (const ImVec2& other : placed) {
      if (std::fabs(other.x - at.x) < 40.f && std::fabs(other.y - at.y) < line)
        at.y = other.y + line;
    }
    if (!rect.Contains(at.x, at.y)) continue;
    placed.push_back(at);
    draw->AddText(at, IM_COL32(235, 235, 235, 210), marker.label.c_str());
  }
}

void Viewport::DrawOverlay(const ScreenRect& rect, const FrameTimer& frames,
                           const SimSnapshot* snapshot, const std::string& title) const {
  ImDrawList* draw = ImGui::GetBackgroundDrawList();
  draw->PushClipRect(ImVec2(rect.x, rect.y), ImVec2(rect.x + rect.width, rect.y + rect.height));
  if (snapshot != nullptr) LabelMarkers(rect, *snapshot);
  char text[160];
  const double frame_ms = 1000.0 * frames.RecentMean();
  std::snprintf(text, sizeof(text), "%.1f ms/frame (%.0f fps)", frame_ms,
                frame_ms > 0 ? 1000.0 / frame_ms : 0.0);
  if (snapshot != nullptr) {
    const size_t used = std::strlen(text);
    std::snprintf(text + used, sizeof(text) - used, "\nsim %.0f steps/s (%.1fx real time)",
                  snapshot->steps_per_second, snapshot->steps_per_second * snapshot->control_dt);
  }
  const ImVec2 size = ImGui::CalcTextSize(text);
  // Bottom right: the top edge holds the title, and a narrow view has no room for both.
  const ImVec2 corner(rect.x + rect.width - size.x - 10.f, rect.y + rect.height - size.y - 8.f);
  draw->AddRectFilled(ImVec2(corner.x - 6.f, corner.y - 4.f),
                      ImVec2(corner.x + size.x + 6.f, corner.y + size.y + 4.f),
                      IM_COL32(0, 0, 0, 120), 4.f);
  draw->AddText(corner, IM_COL32(220, 220, 220, 255), text);
  if (!title.empty())
    draw->AddText(ImVec2(rect.x + 10.f, rect.y + 8.f), IM_COL32(235, 235, 235, 230), title.c_str());
  draw->PopClipRect();
}

}  // namespace mosaic::gui
