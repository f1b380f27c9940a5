#include "gui/renderer.hpp"

#include <algorithm>
#include <string>

#include "common/error.hpp"
#include "gui/gl_api.hpp"

namespace mosaic::gui {

namespace {

// Lit triangles. Lighting is in world space (z up): a key light from above front-right, a weak
// fill from the back-left, and a hemisphere ambient that is brighter on upward faces, so shapes
// read clearly without shadows. Normals facing away from the viewer are flipped: mesh files of
// unknown winding then still shade correctly on their visible side.
constexpr const char* kLitVertex = R"(#version 330 core
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
uniform mat4 u_model;
uniform mat4 u_view_projection;
uniform mat3 u_normal_matrix;
out vec3 v_world;
out vec3 v_normal;
void main() {
  vec4 world = u_model * vec4(a_position, 1.0);
  v_world = world.xyz;
  v_normal = u_normal_matrix * a_normal;
  gl_Position = u_view_projection * world;
}
)";

constexpr const char* kLitFragment = R"(#version 330 core
in vec3 v_world;
in vec3 v_normal;
uniform vec4 u_color;
uniform vec3 u_eye;
out vec4 frag_color;
const vec3 kKey = normalize(vec3(0.35, -0.5, 0.8));
const vec3 kFill = normalize(vec3(-0.6, 0.55, 0.3));
void main() {
  vec3 to_eye = normalize(u_eye - v_world);
  vec3 n = normalize(v_normal);
  if (dot(n, to_eye) < 0.0) n = -n;
  float key = max(dot(n, kKey), 0.0);
  float fill = max(dot(n, kFill), 0.0);
  float sky = 0.5 + 0.5 * n.z;
  float specular = 0.22 * pow(max(dot(n, normalize(kKey + to_eye)), 0.0), 40.0);
  vec3 lit = u_color.rgb * (0.18 + 0.2 * sky + 0.62 * key + 0.15 * fill) + vec3(specular);
  frag_color = vec4(lit, u_color.a);
}
)";

constexpr const char* kLineVertex = R"(#version 330 core
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec4 a_color;
uniform mat4 u_view_projection;
out vec4 v_color;
void main() {
  v_color = a_color;
  gl_Position = u_view_projection * vec4(a_position, 1.0);
}
)";

constexpr const char* kLineFragment = R"(#version 330 core
in vec4 v_color;
out vec4 frag_color;
void main() { frag_color = v_color; }
)";

constexpr const char* kFlatVertex = R"(#version 330 core
layout(location = 0) in vec3 a_position;
uniform mat4 u_model;
uniform mat4 u_view_projection;
void main() { gl_Position = u_view_projection * u_model * vec4(a_position, 1.0); }
)";

constexpr const char* kFlatFragment = R"(#version 330 core
uniform vec4 u_color;
out vec4 frag_color;
void main() { frag_color = u_color; }
)";

constexpr float kBackground[3] = {0.13f, 0.14f, 0.16f};

unsigned CompileShader(GLenum kind, const char* source, const char* name) {
  const unsigned shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[2048] = {0};
    glGetShaderInfoLog(shader, sizeof(log), nullptr, log);
    glDeleteShader(shader);
    throw Error(std::string("OpenGL: the ") + name +
                " shader does not compile (needs OpenGL 3.3 core): " + log);
  }
  return shader;
}

unsigned LinkProgram(const char* vertex_source, const char* fragment_source, const char* name) {
  const unsigned vertex = CompileShader(GL_VERTEX_SHADER, vertex_source, name);
  const unsigned fragment = CompileShader(GL_FRAGMENT_SHADER, fragment_source, name);
  const unsigned program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, fragment);
  glLinkProgram(program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[2048] = {0};
    glGetProgramInfoLog(program, sizeof(log), nullptr, log);
    glDeleteProgram(program);
    throw Error(std::string("OpenGL: the ") + name + " shader program does not link: " + log);
  }
  return program;
}

}  // namespace

Renderer::Renderer() {
  lit_.id = LinkProgram(kLitVertex, kLitFragment, "lit");
  lit_.model = glGetUniformLocation(lit_.id, "u_model");
  lit_.view_projection = glGetUniformLocation(lit_.id, "u_view_projection");
  lit_.normal_matrix = glGetUniformLocation(lit_.id, "u_normal_matrix");
  lit_.color = glGetUniformLocation(lit_.id, "u_color");
  lit_.eye = glGetUniformLocation(lit_.id, "u_eye");
  lines_.id = LinkProgram(kLineVertex, kLineFragment, "line");
  lines_.view_projection = glGetUniformLocation(lines_.id, "u_view_projection");
  flat_.id = LinkProgram(kFlatVertex, kFlatFragment, "flat");
  flat_.model = glGetUniformLocation(flat_.id, "u_model");
  flat_.view_projection = glGetUniformLocation(flat_.id, "u_view_projection");
  flat_.color = glGetUniformLocation(flat_.id, "u_color");

  glGenVertexArrays(1, &line_array_);
  glGenBuffers(1, &line_buffer_);
  glBindVertexArray(line_array_);
  glBindBuffer(GL_ARRAY_BUFFER, line_buffer_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, sizeof(LineVertex),
                        reinterpret_cast<void*>(offsetof(LineVertex, position)));
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(LineVertex),
                        reinterpret_cast<void*>(offsetof(LineVertex, rgba)));
  glBindVertexArray(0);

  GLfloat range[2] = {1.f, 1.f};
  glGetFloatv(GL_ALIASED_LINE_WIDTH_RANGE, range);
  max_line_width_ = std::max(1.f, range[1]);

  box_ = Upload(UnitBox());
  cylinder_ = Upload(UnitCylinder());
  sphere_ = Upload(UnitSphere());
}

Renderer::~Renderer() {
  for (MeshId id = 0; id < static_cast<MeshId>(meshes_.size()); ++id) Release(id);
  glDeleteBuffers(1, &line_buffer_);
  glDeleteVertexArrays(1, &line_array_);
  glDeleteProgram(lit_.id);
  glDeleteProgram(lines_.id);
  glDeleteProgram(flat_.id);
}

Renderer::MeshId Renderer::Upload(const MeshData& mesh) {
  GpuMesh gpu;
  gpu.index_count = static_cast<int>(mesh.indices.size());
  glGenVertexArrays(1, &gpu.vertex_array);
  glGenBuffers(1, &gpu.vertex_buffer);
  glGenBuffers(1, &gpu.index_buffer);
  glBindVertexArray(gpu.vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, gpu.vertex_buffer);
  glBufferData(GL_ARRAY_BUFFER, mesh.vertices.size() * sizeof(float), mesh.vertices.data(),
               GL_STATIC_DRAW);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gpu.index_buffer);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, mesh.indices.size() * sizeof(uint32_t), mesh.indices.data(),
               GL_STATIC_DRAW);
  constexpr GLsizei kStride = 6 * sizeof(float);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, kStride, nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, kStride,
                        reinterpret_cast<void*>(3 * sizeof(float)));
  glBindVertexArray(0);
  for (MeshId id = 0; id < static_cast<MeshId>(meshes_.size()); ++id) {
    if (meshes_[id].vertex_array == 0) {
      meshes_[id] = gpu;
      return id;
    }
  }
  meshes_.push_back(gpu);
  return static_cast<MeshId>(meshes_.size()) - 1;
}

void Renderer::Release(MeshId id) {
  if (id < 0 || id >= static_cast<MeshId>(meshes_.size()) || meshes_[id].vertex_array == 0) return;
  GpuMesh& gpu = meshes_[id];
  glDeleteBuffers(1, &gpu.vertex_buffer);
  glDeleteBuffers(1, &gpu.index_buffer);
  glDeleteVertexArrays(1, &gpu.vertex_array);
  gpu = GpuMesh{};
}

void Renderer::Begin(const PixelRect& rect, const Mat4& view, const Mat4& projection,
                     const btVector3& eye) {
  glViewport(rect.x, rect.y, rect.width, rect.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(rect.x, rect.y, rect.width, rect.height);
  glClearColor(kBackground[0], kBackground[1], kBackground[2], 1.f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  glDisable(GL_CULL_FACE);  // URDF meshes come with any winding; both sides are drawn
  glDisable(GL_BLEND);
  view_projection_ = projection * view;
  glUseProgram(lit_.id);
  glUniformMatrix4fv(lit_.view_projection, 1, GL_FALSE, view_projection_.data());
  glUniform3f(lit_.eye, eye.x(), eye.y(), eye.z());
  glUseProgram(lines_.id);
  glUniformMatrix4fv(lines_.view_projection, 1, GL_FALSE, view_projection_.data());
  glUseProgram(flat_.id);
  glUniformMatrix4fv(flat_.view_projection, 1, GL_FALSE, view_projection_.data());
}

void Renderer::DrawElements(MeshId id) {
  glBindVertexArray(meshes_[id].vertex_array);
  glDrawElements(GL_TRIANGLES, meshes_[id].index_count, GL_UNSIGNED_INT, nullptr);
}

void Renderer::DrawFlat(MeshId id, const Mat4& model, const std::array<float, 4>& rgba) {
  if (id < 0 || id >= static_cast<MeshId>(meshes_.size()) || meshes_[id].vertex_array == 0) return;
  glUseProgram(flat_.id);
  glUniformMatrix4fv(flat_.model, 1, GL_FALSE, model.data());
  glUniform4f(flat_.color, rgba[0], rgba[1], rgba[2], rgba[3]);
  DrawElements(id);
}

void Renderer::DrawMesh(MeshId id, const Mat4& model, const std::array<float, 4>& rgba) {
  if (id < 0 || id >= static_cast<MeshId>(meshes_.size()) || meshes_[id].vertex_array == 0) return;
  const bool translucent = rgba[3] < 0.999f;
  if (translucent) {
    glEnable(GL_BLEND);
    glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
    glDepthMask(GL_FALSE);  // translucent surfaces do not hide what is drawn after them
  }
  glUseProgram(lit_.id);
  glUniformMatrix4fv(lit_.model, 1, GL_FALSE, model.data());
  const std::array<float, 9> normal_matrix = NormalMatrix(model);
  glUniformMatrix3fv(lit_.normal_matrix, 1, GL_FALSE, normal_matrix.data());
  glUniform4f(lit_.color, rgba[0], rgba[1], rgba[2], rgba[3]);
  DrawElements(id);
  if (translucent) {
    glDisable(GL_BLEND);
    glDepthMask(GL_TRUE);
  }
}

void Renderer::DrawLines(const std::vector<LineVertex>& vertices, bool strip, float width) {
  if (vertices.size() < 2) return;
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glLineWidth(std::clamp(width, 1.f, max_line_width_));
  glUseProgram(lines_.id);
  glBindVertexArray(line_array_);
  glBindBuffer(GL_ARRAY_BUFFER, line_buffer_);
  // Orphan and refill: lines change every frame (the trail), and the driver then need not wait
  // for the previous frame's draw.
  glBufferData(GL_ARRAY_BUFFER, vertices.size() * sizeof(LineVertex), vertices.data(),
               GL_STREAM_DRAW);
  glDrawArrays(strip ? GL_LINE_STRIP : GL_LINES, 0, static_cast<GLsizei>(vertices.size()));
  glLineWidth(1.f);
  glDisable(GL_BLEND);
}

void Renderer::End() {
  glBindVertexArray(0);
  glUseProgram(0);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_SCISSOR_TEST);
  glDepthMask(GL_TRUE);
}

}  // namespace mosaic::gui
