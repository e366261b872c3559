// render.cpp: picks the renderer and passes each call to it: render_webgl.cpp on a WebGL 2 or
// WebGL 1 context, render_canvas.cpp on a 2D canvas when the browser has no WebGL.
#include "editor/render.h"

#include <emscripten/html5.h>

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
  // each: 60-80 ms before the first frame with a software GL). The renderer needs no
  // extension on WebGL 2 or WebGL 1 (render_webgl.cpp draws without vertex array objects).
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
    return major == 2 ? Kind::WebGL2 : Kind::WebGL1;
  }
  return Kind::None;
}

bool init(Kind kind) {
  bool ok = false;
  if (kind == Kind::WebGL2 || kind == Kind::WebGL1) ok = webgl::init(kind == Kind::WebGL2);
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

void new_frame() {
  if (g_kind == Kind::Canvas2D) canvas::new_frame();
}

bool draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear) {
  if (g_kind == Kind::Canvas2D) canvas::draw(data, fb_w, fb_h, clear);
  else if (g_kind != Kind::None && !webgl::draw(data, fb_w, fb_h, clear)) g_kind = Kind::None;
  return g_kind != Kind::None;
}

void fonts_changed() {
  if (g_kind == Kind::Canvas2D) canvas::fonts_changed();
  else if (g_kind != Kind::None) webgl::fonts_changed();
}

ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse) {
  if (g_kind == Kind::Canvas2D) return canvas::image_create(w, h, rgba, reuse);
  if (g_kind == Kind::None) return nullptr;
  return webgl::image_create(w, h, rgba, reuse);
}

void image_destroy(ImTextureID tex) {
  if (!tex) return;
  if (g_kind == Kind::Canvas2D) canvas::image_destroy(tex);
  else if (g_kind != Kind::None) webgl::image_destroy(tex);
}

}  // namespace jm::render
