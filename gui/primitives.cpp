#include "gui/primitives.hpp"

#include <cmath>
#include <type_traits>

namespace mosaic::gui {

namespace {
constexpr float kPi = 3.14159265358979f;

void AddVertex(MeshData& mesh, const btVector3& position, const btVector3& normal) {
  for (int i = 0; i < 3; ++i) mesh.vertices.push_back(position[i]);
  for (int i = 0; i < 3; ++i) mesh.vertices.push_back(normal[i]);
}

uint32_t NextIndex(const MeshData& mesh) {
  return static_cast<uint32_t>(mesh.vertex_count());
}

// A quad facing `normal` from four corners in counter-clockwise order seen from outside.
void AddQuad(MeshData& mesh, const btVector3 (&corners)[4], const btVector3& normal) {
  const uint32_t first = NextIndex(mesh);
  for (const auto& corner : corners) AddVertex(mesh, corner, normal);
  for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) mesh.indices.push_back(first + i);
}

// A flat disc at height z facing +z (up = true) or -z, radius 1.
void AddCap(MeshData& mesh, float z, bool up, int segments) {
  const btVector3 normal(0, 0, up ? 1.f : -1.f);
  const uint32_t center = NextIndex(mesh);
  AddVertex(mesh, btVector3(0, 0, z), normal);
  for (int i = 0; i <= segments; ++i) {
    const float angle = 2.f * kPi * static_cast<float>(i) / static_cast<float>(segments);
    AddVertex(mesh, btVector3(std::cos(angle), std::sin(angle), z), normal);
  }
  for (int i = 0; i < segments; ++i) {
    const uint32_t a = center + 1 + i, b = center + 2 + i;
    mesh.indices.insert(mesh.indices.end(), {center, up ? a : b, up ? b : a});
  }
}
}  // namespace

MeshData UnitBox() {
  MeshData mesh;
  for (int axis = 0; axis < 3; ++axis) {
    for (float sign : {-1.f, 1.f}) {
      btVector3 normal(0, 0, 0);
      normal[axis] = sign;
      // Two in-face axes such that (u, v, normal) is right-handed: counter-clockwise seen from
      // outside.
      btVector3 u(0, 0, 0), v(0, 0, 0);
      u[(axis + 1) % 3] = 0.5f;
      v[(axis + 2) % 3] = 0.5f * sign;
      const btVector3 c = normal * 0.5f;
      const btVector3 corners[4] = {c - u - v, c + u - v, c + u + v, c - u + v};
      AddQuad(mesh, corners, normal);
    }
  }
  return mesh;
}

MeshData UnitCylinder(int segments) {
  MeshData mesh;
  const uint32_t first = NextIndex(mesh);
  for (int i = 0; i <= segments; ++i) {
    const float angle = 2.f * kPi * static_cast<float>(i) / static_cast<float>(segments);
    const btVector3 radial(std::cos(angle), std::sin(angle), 0);
    AddVertex(mesh, radial + btVector3(0, 0, -0.5f), radial);
    AddVertex(mesh, radial + btVector3(0, 0, 0.5f), radial);
  }
  for (int i = 0; i < segments; ++i) {
    const uint32_t bottom = first + 2 * i, top = bottom + 1, next_bottom = bottom + 2,
                   next_top = bottom + 3;
    mesh.indices.insert(mesh.indices.end(), {bottom, next_bottom, next_top, bottom, next_top, top});
  }
  AddCap(mesh, 0.5f, true, segments);
  AddCap(mesh, -0.5f, false, segments);
  return mesh;
}

MeshData UnitSphere(int stacks, int slices) {
  MeshData mesh;
  for (int stack = 0; stack <= stacks; ++stack) {
    const float polar = kPi * static_cast<float>(stack) / static_cast<float>(stacks);
    for (int slice = 0; slice <= slices; ++slice) {
      const float azimuth = 2.f * kPi * static_cast<float>(slice) / static_cast<float>(slices);
      const btVector3 p(std::sin(polar) * std::cos(azimuth), std::sin(polar) * std::sin(azimuth),
                        std::cos(polar));
      AddVertex(mesh, p, p);
    }
  }
  const uint32_t row = static_cast<uint32_t>(slices + 1);
  for (int stack = 0; stack < stacks; ++stack) {
    for (int slice = 0; slice < slices; ++slice) {
      const uint32_t a = stack * row + slice, b = a + row;  // b is one stack further down
      mesh.indices.insert(mesh.indices.end(), {a, b, b + 1, a, b + 1, a + 1});
    }
  }
  return mesh;
}

btVector3 UnitScale(const robots::Shape& shape) {
  return std::visit(
      [](const auto& s) -> btVector3 {
        using T = std::decay_t<decltype(s)>;
        if constexpr (std::is_same_v<T, robots::BoxShape>) {
          return s.size;
        } else if constexpr (std::is_same_v<T, robots::CylinderShape>) {
          return btVector3(s.radius, s.radius, s.length);
        } else if constexpr (std::is_same_v<T, robots::SphereShape>) {
          return btVector3(s.radius, s.radius, s.radius);
        } else {
          return btVector3(1, 1, 1);
        }
      },
      shape);
}

MeshData FromTriangleMesh(const robots::TriangleMesh& mesh) {
  MeshData out;
  for (const auto& part : mesh.parts) {
    const uint32_t first = NextIndex(out);
    if (part.normals.size() == part.vertices.size()) {
      for (size_t v = 0; v < part.vertices.size(); ++v)
        AddVertex(out, part.vertices[v], part.normals[v]);
      for (uint32_t index : part.indices) out.indices.push_back(first + index);
      continue;
    }
    for (size_t t = 0; t + 2 < part.indices.size(); t += 3) {
      const btVector3& a = part.vertices[part.indices[t]];
      const btVector3& b = part.vertices[part.indices[t + 1]];
      const btVector3& c = part.vertices[part.indices[t + 2]];
      btVector3 normal = (b - a).cross(c - a);
      // A degenerate triangle has no direction; any unit normal draws it (it has no area).
      normal = normal.length2() > 0 ? normal.normalized() : btVector3(0, 0, 1);
      const uint32_t corner = NextIndex(out);
      for (const btVector3* p : {&a, &b, &c}) AddVertex(out, *p, normal);
      out.indices.insert(out.indices.end(), {corner, corner + 1, corner + 2});
    }
  }
  return out;
}

std::vector<LineVertex> GroundGrid(float half_extent, float spacing, int major_every) {
  std::vector<LineVertex> lines;
  const int count = static_cast<int>(std::floor(half_extent / spacing + 1e-4f));
  for (int i = -count; i <= count; ++i) {
    const float offset = static_cast<float>(i) * spacing;
    const bool major = major_every > 0 && i % major_every == 0;
    const float grey = major ? 0.42f : 0.30f;
    for (int direction = 0; direction < 2; ++direction) {
      // direction 0: a line along x at y = offset; 1: along y at x = offset.
      LineVertex a{{0, 0, 0}, {grey, grey, grey, 1.f}};
      LineVertex b = a;
      a.position[direction] = -half_extent;
      b.position[direction] = half_extent;
      a.position[1 - direction] = b.position[1 - direction] = offset;
      if (i == 0) {  // the axis itself: x red, y green
        const float tint[2][3] = {{0.75f, 0.25f, 0.25f}, {0.25f, 0.7f, 0.3f}};
        for (int k = 0; k < 3; ++k) a.rgba[k] = b.rgba[k] = tint[direction][k];
      }
      lines.push_back(a);
      lines.push_back(b);
    }
  }
  return lines;
}

}  // namespace mosaic::gui
