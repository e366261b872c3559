// render_webgl.cpp: Dear ImGui's draw lists on a WebGL 2 or WebGL 1 context, written for this page
// in place of ImGui's OpenGL3 backend.
//
// Why not the stock backend: it is written for a context it shares with an application, so every
// frame it saves and restores the GL state it touches, with 20 glGetIntegerv/glIsEnabled calls.
// In a browser each of those is a synchronous round trip to the GPU process, which may be busy
// presenting the previous frame: measured with Chromium's software GL (SwiftShader), the page's
// main thread waited about 40 ms a frame in GetIntegerv for the GPU process to finish its swap.
// The page owns its context, so here the state is set once and kept, the renderer remembers what
// it bound, and nothing is ever read back. The font atlas is uploaded as one byte a texel
// (ALPHA), not converted to four (ImGui's RGBA32 copy of a 2048-wide atlas, built at start and at
// each zoom rebake, then uploaded at four times the size).
//
// One shader serves both texture kinds: an ALPHA texture samples as (0, 0, 0, a), so for the
// atlas the shader takes white with the sampled alpha (AlphaTex = 1); persona pictures are RGBA.
// Vertex offsets (ImGuiBackendFlags_RendererHasVtxOffset: a draw list over 65,536 vertices, a
// large map, keeps 16-bit indices) are attribute pointers at the offset: WebGL has no base vertex.
#include "editor/render.h"

#include <GLES3/gl3.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace jm::render::webgl {

namespace {

struct State {
  GLuint program = 0, vbo = 0, ibo = 0, font = 0;
  GLuint vs = 0, fs = 0;                    // the shaders, until the link is known to be good
  GLint u_proj = -1, u_tex = -1, u_alpha = -1;
  GLuint bound_tex = 0;                     // what TEXTURE_2D holds (set only here)
};
State g;

enum : GLuint { kPos = 0, kUV = 1, kColor = 2 };   // attribute locations, bound before linking

const char* const kVertex2 =
    "#version 300 es\n"
    "precision highp float;\n"
    "in vec2 Position; in vec2 UV; in vec4 Color;\n"
    "uniform mat4 ProjMtx;\n"
    "out vec2 Frag_UV; out vec4 Frag_Color;\n"
    "void main() { Frag_UV = UV; Frag_Color = Color; gl_Position = ProjMtx * vec4(Position, 0.0, 1.0); }\n";
const char* const kFragment2 =
    "#version 300 es\n"
    "precision mediump float;\n"
    "uniform sampler2D Texture; uniform float AlphaTex;\n"
    "in vec2 Frag_UV; in vec4 Frag_Color;\n"
    "layout (location = 0) out vec4 Out_Color;\n"
    "void main() { vec4 t = texture(Texture, Frag_UV); t.rgb = mix(t.rgb, vec3(1.0), AlphaTex); Out_Color = Frag_Color * t; }\n";
const char* const kVertex1 =
    "#version 100\n"
    "precision highp float;\n"
    "attribute vec2 Position; attribute vec2 UV; attribute vec4 Color;\n"
    "uniform mat4 ProjMtx;\n"
    "varying vec2 Frag_UV; varying vec4 Frag_Color;\n"
    "void main() { Frag_UV = UV; Frag_Color = Color; gl_Position = ProjMtx * vec4(Position, 0.0, 1.0); }\n";
const char* const kFragment1 =
    "#version 100\n"
    "precision mediump float;\n"
    "uniform sampler2D Texture; uniform float AlphaTex;\n"
    "varying vec2 Frag_UV; varying vec4 Frag_Color;\n"
    "void main() { vec4 t = texture2D(Texture, Frag_UV); t.rgb = mix(t.rgb, vec3(1.0), AlphaTex); gl_FragColor = Frag_Color * t; }\n";

GLuint compile(GLenum type, const char* src) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);   // its status is read only if linking fails (each query is a round trip)
  return s;
}

void bind_texture(GLuint tex) {
  if (tex == g.bound_tex) return;
  glBindTexture(GL_TEXTURE_2D, tex);
  g.bound_tex = tex;
}

// A texture for `pixels` (format GL_ALPHA or GL_RGBA), replacing `reuse`'s contents when given.
// Linear, clamped, no mipmaps: what WebGL 1 requires of a texture whose size is not a power of two.
GLuint upload(GLuint reuse, int w, int h, GLenum format, const void* pixels) {
  GLuint tex = reuse;
  if (!tex) glGenTextures(1, &tex);
  bind_texture(tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);   // rows of an ALPHA texture are not 4-byte aligned
  glTexImage2D(GL_TEXTURE_2D, 0, (GLint)format, w, h, 0, format, GL_UNSIGNED_BYTE, pixels);
  return tex;
}

// The vertex attributes read the vertex buffer from vertex `first` on. The offsets are byte
// offsets into the buffer, made as integers (arithmetic on a null pointer is undefined).
const void* at_byte(size_t offset) { return reinterpret_cast<const void*>(static_cast<uintptr_t>(offset)); }
void point_attributes(size_t first) {
  size_t base = first * sizeof(ImDrawVert);
  glVertexAttribPointer(kPos, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at_byte(base + offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(kUV, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at_byte(base + offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(kColor, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at_byte(base + offsetof(ImDrawVert, col)));
}

// The state every frame draws with, set once (and again only if a draw callback asks for it).
void set_state() {
  glUseProgram(g.program);
  glUniform1i(g.u_tex, 0);
  glActiveTexture(GL_TEXTURE0);
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glBindBuffer(GL_ARRAY_BUFFER, g.vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.ibo);
  glEnableVertexAttribArray(kPos);
  glEnableVertexAttribArray(kUV);
  glEnableVertexAttribArray(kColor);
}

// The frame's lists in one buffer each: one upload a frame with the data (a store allocated
// empty is zeroed first, as WebGL requires, and would then be filled a second time).
// Kept between frames, so a frame allocates nothing once the map's size is reached.
std::vector<ImDrawVert> g_vtx;
std::vector<ImDrawIdx> g_idx;

// The first draw: whether the program linked, then its uniforms and the state every frame draws
// with. Run here, not in init(): any read of the program (its status, a uniform's location) waits
// for the GPU process to compile it, and it compiles while the editor starts and builds its first
// frame (main.cpp starts the renderer first). A program that did not link leaves its log on the
// console.
bool ready() {
  if (!g.vs) return g.program != 0;
  GLint ok = 0;
  glGetProgramiv(g.program, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[1024] = "";
    GLuint shaders[2] = {g.vs, g.fs};
    for (GLuint s : shaders) {
      glGetShaderInfoLog(s, sizeof log, nullptr, log);
      if (log[0]) std::fprintf(stderr, "WebGL shader: %s\n", log);
    }
    glGetProgramInfoLog(g.program, sizeof log, nullptr, log);
    std::fprintf(stderr, "WebGL program did not link: %s\n", log);
  }
  glDetachShader(g.program, g.vs);
  glDetachShader(g.program, g.fs);
  glDeleteShader(g.vs);
  glDeleteShader(g.fs);
  g.vs = g.fs = 0;
  if (!ok) {
    glDeleteProgram(g.program);
    g.program = 0;
    return false;
  }
  g.u_proj = glGetUniformLocation(g.program, "ProjMtx");
  g.u_tex = glGetUniformLocation(g.program, "Texture");
  g.u_alpha = glGetUniformLocation(g.program, "AlphaTex");
  set_state();
  return true;
}

}  // namespace

bool init(bool webgl2) {
  g = State{};
  GLuint vs = compile(GL_VERTEX_SHADER, webgl2 ? kVertex2 : kVertex1);
  GLuint fs = compile(GL_FRAGMENT_SHADER, webgl2 ? kFragment2 : kFragment1);
  g.program = glCreateProgram();
  glAttachShader(g.program, vs);
  glAttachShader(g.program, fs);
  glBindAttribLocation(g.program, kPos, "Position");
  glBindAttribLocation(g.program, kUV, "UV");
  glBindAttribLocation(g.program, kColor, "Color");
  glLinkProgram(g.program);
  // Nothing is read back here (ready(), at the first draw).
  g.vs = vs;
  g.fs = fs;
  glGenBuffers(1, &g.vbo);
  glGenBuffers(1, &g.ibo);

  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = webgl2 ? "journeymap_webgl2" : "journeymap_webgl1";
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
  return true;
}

void fonts_changed() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  g.font = upload(g.font, w, h, GL_ALPHA, pixels);
  io.Fonts->SetTexID((ImTextureID)(intptr_t)g.font);
}

bool draw(ImDrawData* d, int fb_w, int fb_h, ImVec4 clear) {
  if (!ready()) return false;
  glViewport(0, 0, fb_w, fb_h);
  glDisable(GL_SCISSOR_TEST);   // glClear honours the scissor box
  glClearColor(clear.x, clear.y, clear.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glEnable(GL_SCISSOR_TEST);
  if (!d || d->CmdListsCount == 0 || d->DisplaySize.x <= 0 || d->DisplaySize.y <= 0) return true;

  // Pixels to clip space, y down.
  float l = d->DisplayPos.x, r = d->DisplayPos.x + d->DisplaySize.x;
  float t = d->DisplayPos.y, b = d->DisplayPos.y + d->DisplaySize.y;
  const float proj[16] = {2.0f / (r - l), 0, 0, 0, 0, 2.0f / (t - b), 0, 0, 0, 0, -1.0f, 0,
                          (r + l) / (l - r), (t + b) / (b - t), 0, 1.0f};
  glUniformMatrix4fv(g.u_proj, 1, GL_FALSE, proj);

  if (d->TotalVtxCount == 0 || d->TotalIdxCount == 0) return true;
  const ImDrawVert* vtx = d->CmdLists[0]->VtxBuffer.Data;
  const ImDrawIdx* idx = d->CmdLists[0]->IdxBuffer.Data;
  if (d->CmdListsCount > 1) {
    g_vtx.clear();
    g_idx.clear();
    for (int n = 0; n < d->CmdListsCount; n++) {
      const ImDrawList* list = d->CmdLists[n];
      g_vtx.insert(g_vtx.end(), list->VtxBuffer.begin(), list->VtxBuffer.end());
      g_idx.insert(g_idx.end(), list->IdxBuffer.begin(), list->IdxBuffer.end());
    }
    vtx = g_vtx.data();
    idx = g_idx.data();
  }
  glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)d->TotalVtxCount * (GLsizeiptr)sizeof(ImDrawVert), vtx, GL_STREAM_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)d->TotalIdxCount * (GLsizeiptr)sizeof(ImDrawIdx), idx, GL_STREAM_DRAW);

  const GLenum idx_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  ImVec2 clip_off = d->DisplayPos, scale = d->FramebufferScale;
  size_t pointed = ~(size_t)0;   // the first vertex the attributes point at
  float alpha_tex = -1;
  size_t vtx_at = 0, idx_at = 0;
  for (int n = 0; n < d->CmdListsCount; n++) {
    const ImDrawList* list = d->CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback == ImDrawCallback_ResetRenderState) { set_state(); pointed = ~(size_t)0; alpha_tex = -1; g.bound_tex = 0; }
        else cmd.UserCallback(list, &cmd);
        continue;
      }
      float x0 = (cmd.ClipRect.x - clip_off.x) * scale.x, y0 = (cmd.ClipRect.y - clip_off.y) * scale.y;
      float x1 = (cmd.ClipRect.z - clip_off.x) * scale.x, y1 = (cmd.ClipRect.w - clip_off.y) * scale.y;
      if (x0 < 0) x0 = 0;
      if (y0 < 0) y0 = 0;
      if (x1 > (float)fb_w) x1 = (float)fb_w;
      if (y1 > (float)fb_h) y1 = (float)fb_h;
      if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
      glScissor((int)x0, (int)((float)fb_h - y1), (int)(x1 - x0), (int)(y1 - y0));
      size_t first = vtx_at + cmd.VtxOffset;
      if (first != pointed) { point_attributes(first); pointed = first; }
      GLuint tex = (GLuint)(intptr_t)cmd.GetTexID();
      bind_texture(tex);
      float a = tex == g.font ? 1.0f : 0.0f;
      if (a != alpha_tex) { glUniform1f(g.u_alpha, a); alpha_tex = a; }
      glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount, idx_type, at_byte((idx_at + cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
    vtx_at += (size_t)list->VtxBuffer.Size;
    idx_at += (size_t)list->IdxBuffer.Size;
  }
  return true;
}

ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse) {
  return (ImTextureID)(intptr_t)upload((GLuint)(intptr_t)reuse, w, h, GL_RGBA, rgba);
}

void image_destroy(ImTextureID tex) {
  GLuint t = (GLuint)(intptr_t)tex;
  if (t == g.bound_tex) g.bound_tex = 0;
  glDeleteTextures(1, &t);
}

}  // namespace jm::render::webgl
