// render.cpp: picks the renderer and passes each call to it; the two WebGL renderers are Dear
// ImGui's OpenGL3 backend (compiled for ES 3, which also runs on a WebGL 1 context given
// "#version 100" shaders and the two fixes below). The 2D-canvas renderer is render_canvas.cpp.
#include "editor/render.h"

#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui_impl_opengl3.h>

namespace jm::render {

static Kind g_kind = Kind::None;

Kind create_gl_context() {
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  // As GLFW asked for them before: no multisampling (ImGui anti-aliases its own shapes).
  attrs.antialias = EM_FALSE;
  attrs.depth = EM_FALSE;
  attrs.stencil = EM_FALSE;
  // Emscripten enables every extension the browser offers by default (one getExtension call
  // each: 60-80 ms before the first frame with a software GL). ImGui's backend needs none on
  // WebGL 2, and on WebGL 1 only vertex array objects (enabled below).
  attrs.enableExtensionsByDefault = EM_FALSE;
  const int majors[] = {2, 1};
  for (int major : majors) {
    attrs.majorVersion = major;
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE ctx = emscripten_webgl_create_context("#canvas", &attrs);
    if (ctx <= 0) continue;
    if (emscripten_webgl_make_context_current(ctx) != EMSCRIPTEN_RESULT_SUCCESS) {
      emscripten_webgl_destroy_context(ctx);
      continue;
    }
    if (major == 1 && !emscripten_webgl_enable_extension(ctx, "OES_vertex_array_object")) {
      emscripten_webgl_destroy_context(ctx);
      continue;
    }
    return major == 2 ? Kind::WebGL2 : Kind::WebGL1;
  }
  return Kind::None;
}

bool init(Kind kind) {
  bool ok = false;
  if (kind == Kind::WebGL2) ok = ImGui_ImplOpenGL3_Init("#version 300 es");
  if (kind == Kind::WebGL1) {
    // The backend, built for ES 3, resets the sampler binding every frame: WebGL 1 has no
    // samplers, and Emscripten would call a method its context lacks. A no-op stands in.
    EM_ASM({ if (GLctx && !GLctx.bindSampler) GLctx.bindSampler = function () {}; });
    ok = ImGui_ImplOpenGL3_Init("#version 100");
  }
  if (kind == Kind::Canvas2D) ok = canvas::init();
  g_kind = ok ? kind : Kind::None;
  return ok;
}

Kind kind() { return g_kind; }

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::WebGL2: return "webgl2";
    case Kind::WebGL1: return "webgl1";
    case Kind::Canvas2D: return "canvas2d";
    default: return "none";
  }
}

// WebGL 1 samples a texture whose size is not a power of two only with CLAMP_TO_EDGE wrapping
// (else it reads black); the backend leaves the default REPEAT on the font atlas.
static void clamp_font_texture() {
  GLuint tex = (GLuint)(intptr_t)ImGui::GetIO().Fonts->TexID;
  if (!tex) return;
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, (GLuint)last);
}

// Whether the backend's shaders and buffers exist (its NewFrame makes them when they do not).
static bool g_device = false;

void new_frame() {
  if (g_kind == Kind::Canvas2D) { canvas::new_frame(); return; }
  bool had_fonts = ImGui::GetIO().Fonts->TexID != 0;
  ImGui_ImplOpenGL3_NewFrame();   // creates its device objects (and the font texture) the first time
  g_device = true;
  if (!had_fonts) clamp_font_texture();
}

void draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear) {
  if (g_kind == Kind::Canvas2D) { canvas::draw(data, fb_w, fb_h, clear); return; }
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(clear.x, clear.y, clear.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(data);
}

void fonts_changed() {
  if (g_kind == Kind::Canvas2D) { canvas::fonts_changed(); return; }
  if (g_kind == Kind::None) return;
  // Before the first frame the device objects are made here, font texture included, so the
  // backend's NewFrame does not upload the atlas a second time (it reads pixels that look.cpp
  // frees after this upload, and would have to build the atlas again).
  if (!g_device) { ImGui_ImplOpenGL3_CreateDeviceObjects(); g_device = true; }
  else { ImGui_ImplOpenGL3_DestroyFontsTexture(); ImGui_ImplOpenGL3_CreateFontsTexture(); }
  clamp_font_texture();
}

ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse) {
  if (g_kind == Kind::Canvas2D) return canvas::image_create(w, h, rgba, reuse);
  if (g_kind == Kind::None) return nullptr;
  GLuint tex = (GLuint)(intptr_t)reuse;
  if (!tex) glGenTextures(1, &tex);
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  glBindTexture(GL_TEXTURE_2D, tex);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glBindTexture(GL_TEXTURE_2D, (GLuint)last);
  return (ImTextureID)(intptr_t)tex;
}

void image_destroy(ImTextureID tex) {
  if (!tex) return;
  if (g_kind == Kind::Canvas2D) { canvas::image_destroy(tex); return; }
  GLuint t = (GLuint)(intptr_t)tex;
  if (g_kind != Kind::None) glDeleteTextures(1, &t);
}

}  // namespace jm::render
