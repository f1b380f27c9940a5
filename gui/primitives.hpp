// Triangle meshes for the viewport, built on the CPU (no OpenGL here, so they are unit-tested
// without a window): unit primitives that the renderer scales per draw, a RobotModel's triangle
// meshes, and the ground grid's lines.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "robots/robot_model.hpp"

namespace mosaic::gui {

struct MeshData {
  std::vector<float> vertices;    // interleaved position [m] and unit normal, (n_vertices x 6)
  std::vector<uint32_t> indices;  // triangle corners, (3 x n_triangles)
  size_t vertex_count() const { return vertices.size() / 6; }
};

// Unit primitives, centred at the origin.
MeshData UnitBox();                                     // edge 1 along x, y and z
MeshData UnitCylinder(int segments = 32);               // radius 1, length 1 along z, with caps
MeshData UnitSphere(int stacks = 16, int slices = 32);  // radius 1

// Scale that turns the unit primitive of `shape` into the shape (box: edges; cylinder: radius,
// radius, length; sphere: radius on every axis). Meshes are already scaled: (1, 1, 1).
btVector3 UnitScale(const robots::Shape& shape);

// All parts of a loaded mesh in one MeshData. Parts without normals get flat (per-face)
// normals, which needs one vertex per triangle corner.
MeshData FromTriangleMesh(const robots::TriangleMesh& mesh);

struct LineVertex {
  float position[3];  // [m]
  float rgba[4];
};

// Lines of a square grid on the ground (z = 0), `half_extent` metres each way from the origin,
// every `spacing` metres; every `major_every`-th line is brighter, and the x and y axes through
// the origin are tinted red and green. Two vertices per line.
std::vector<LineVertex> GroundGrid(float half_extent, float spacing, int major_every);

}  // namespace mosaic::gui
