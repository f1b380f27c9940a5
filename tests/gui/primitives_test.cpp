// CPU-side meshes of the viewport: unit primitives, meshes from URDF files, the ground grid.
#include <doctest/doctest.h>

#include <cmath>

#include "gui/primitives.hpp"
#include "robots/urdf_loader.hpp"
#include "tests/test_support.hpp"

using namespace mosaic;
using namespace mosaic::gui;

namespace {
btVector3 Position(const MeshData& mesh, uint32_t v) {
  return btVector3(mesh.vertices[6 * v], mesh.vertices[6 * v + 1], mesh.vertices[6 * v + 2]);
}
btVector3 Normal(const MeshData& mesh, uint32_t v) {
  return btVector3(mesh.vertices[6 * v + 3], mesh.vertices[6 * v + 4], mesh.vertices[6 * v + 5]);
}

// Every index in range, every normal of unit length, and (for convex shapes centred at the
// origin) every normal and every triangle's winding facing outward.
void CheckMesh(const MeshData& mesh, bool convex_about_origin) {
  REQUIRE(mesh.indices.size() % 3 == 0);
  REQUIRE(!mesh.indices.empty());
  for (uint32_t index : mesh.indices) REQUIRE(index < mesh.vertex_count());
  for (uint32_t v = 0; v < mesh.vertex_count(); ++v)
    CHECK(Normal(mesh, v).length() == doctest::Approx(1.f).epsilon(1e-4));
  if (!convex_about_origin) return;
  int inward = 0;
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const btVector3 a = Position(mesh, mesh.indices[t]), b = Position(mesh, mesh.indices[t + 1]),
                    c = Position(mesh, mesh.indices[t + 2]);
    const btVector3 face = (b - a).cross(c - a);
    if (face.length2() < 1e-12f) continue;  // sliver at a sphere's pole
    if (face.dot(a + b + c) <= 0.f) ++inward;
    if (Normal(mesh, mesh.indices[t]).dot(Position(mesh, mesh.indices[t])) <= 0.f) ++inward;
  }
  CHECK(inward == 0);
}
}  // namespace

TEST_CASE("unit primitives are closed, outward-facing and of unit size") {
  const MeshData box = UnitBox(), cylinder = UnitCylinder(24), sphere = UnitSphere(12, 24);
  CheckMesh(box, true);
  CheckMesh(cylinder, true);
  CheckMesh(sphere, true);
  CHECK(box.vertex_count() == 24);
  CHECK(box.indices.size() == 36);
  for (uint32_t v = 0; v < box.vertex_count(); ++v) {
    for (int i = 0; i < 3; ++i) CHECK(std::fabs(Position(box, v)[i]) == doctest::Approx(0.5f));
  }
  for (uint32_t v = 0; v < sphere.vertex_count(); ++v)
    CHECK(Position(sphere, v).length() == doctest::Approx(1.f).epsilon(1e-4));
  for (uint32_t v = 0; v < cylinder.vertex_count(); ++v) {
    const btVector3 p = Position(cylinder, v);
    CHECK(std::fabs(p.z()) <= 0.5f + 1e-6f);
    CHECK(std::hypot(p.x(), p.y()) <= 1.f + 1e-5f);
  }
}

TEST_CASE("unit scales turn the primitives into the URDF shapes") {
  const btVector3 box = UnitScale(robots::BoxShape{btVector3(0.25f, 0.03f, 0.02f)});
  CHECK(box.x() == doctest::Approx(0.25f));
  CHECK(box.z() == doctest::Approx(0.02f));
  const btVector3 cylinder = UnitScale(robots::CylinderShape{0.04f, 0.06f});
  CHECK(cylinder.x() == doctest::Approx(0.04f));
  CHECK(cylinder.y() == doctest::Approx(0.04f));
  CHECK(cylinder.z() == doctest::Approx(0.06f));
  CHECK(UnitScale(robots::SphereShape{0.1f}).y() == doctest::Approx(0.1f));
  CHECK(UnitScale(robots::MeshShape{}).x() == doctest::Approx(1.f));  // meshes arrive scaled
}

TEST_CASE("a mesh part without normals gets flat normals, one vertex per corner") {
  robots::TriangleMesh mesh;
  robots::TriangleMesh::Part part;
  part.vertices = {btVector3(0, 0, 0), btVector3(1, 0, 0), btVector3(0, 1, 0), btVector3(0, 0, 1)};
  part.indices = {0, 2, 1, 0, 1, 3};  // a triangle facing -z, one facing -y
  mesh.parts.push_back(part);
  const MeshData data = FromTriangleMesh(mesh);
  CheckMesh(data, false);
  REQUIRE(data.vertex_count() == 6);
  CHECK(Normal(data, 0).z() == doctest::Approx(-1.f));
  CHECK(Normal(data, 3).y() == doctest::Approx(-1.f));
}

TEST_CASE("the urdf-zoo meshes become drawable meshes") {
  for (const char* file : {"urdf-zoo/kuka_iiwa/model.urdf", "urdf-zoo/xarm/xarm6_robot.urdf"}) {
    CAPTURE(file);
    robots::LoadOptions options;
    options.package_paths = {testing::DataPath("urdf-zoo/xarm")};
    const robots::RobotModel model = robots::LoadRobot(testing::DataPath(file), options);
    int meshes = 0;
    for (const auto& body : model.bodies) {
      for (const auto& visual : body.visuals) {
        const auto* shape = std::get_if<robots::MeshShape>(&visual.shape);
        if (shape == nullptr) continue;
        ++meshes;
        const MeshData data = FromTriangleMesh(*shape->mesh);
        CheckMesh(data, false);
        CHECK(data.indices.size() == 3 * shape->mesh->TriangleCount());
      }
    }
    CHECK(meshes >= 6);
  }
}

TEST_CASE("the ground grid spans the extent, with the axes tinted") {
  const auto lines = GroundGrid(1.f, 0.1f, 5);
  CHECK(lines.size() == 2 * 2 * 21);  // 21 lines each way, two vertices each
  int red_axis = 0, green_axis = 0;
  for (const auto& vertex : lines) {
    CHECK(vertex.position[2] == 0.f);
    CHECK(std::fabs(vertex.position[0]) <= 1.f + 1e-5f);
    CHECK(std::fabs(vertex.position[1]) <= 1.f + 1e-5f);
    red_axis += vertex.rgba[0] > vertex.rgba[1] + 0.2f;
    green_axis += vertex.rgba[1] > vertex.rgba[0] + 0.2f;
  }
  CHECK(red_axis == 2);
  CHECK(green_axis == 2);
}
