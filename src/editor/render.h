// render.h: the seam between Dear ImGui's draw lists and the browser's pixels. Three renderers,
// the best one the browser has, chosen once at start (main.cpp):
//   WebGL2    render_webgl.cpp on a WebGL 2 context ("#version 300 es");
//   WebGL1    the same on a WebGL 1 context ("#version 100"): older or blocklisted GPUs;
//   Canvas2D  no WebGL at all (GPU-less virtual desktops, Chromium without its software WebGL):
//             the draw lists are turned into rectangles, glyph runs, images and triangle paths
//             (render_canvas.cpp) and painted on a CanvasRenderingContext2D by web/render2d.js.
// Textures (the font atlas, persona pictures) go through here too, so the editor's code never
// names a GL call.
#pragma once
#include <imgui.h>

namespace jm::render {

enum class Kind { None, WebGL2, WebGL1, Canvas2D };

// A WebGL context on #canvas, WebGL 2 first, then WebGL 1; None when the browser has neither.
Kind create_gl_context();
// The ImGui renderer for `kind` (after ImGui::CreateContext). Canvas2D needs web/render2d.js
// loaded (main.cpp waits for it). False when it cannot start.
bool init(Kind kind);
Kind kind();
const char* kind_name(Kind kind);   // "webgl2", "webgl1", "canvas2d", "none"

void new_frame();
// Clears to `clear` and draws the frame's draw data on the fb_w x fb_h canvas. False when the
// renderer cannot draw (its shaders did not link): it is gone, kind() is None.
bool draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear);
// The font atlas was rebuilt (look.cpp): upload it again.
void fonts_changed();

// An RGBA picture (w x h, 4 bytes a pixel, not premultiplied) as something ImGui can draw;
// `reuse` (an earlier result, or null) is replaced in place.
ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse);
void image_destroy(ImTextureID tex);

// WebGL 2 or 1 (render_webgl.cpp), called through render.cpp.
namespace webgl {
bool init(bool webgl2);
bool draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear);
void fonts_changed();
ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse);
void image_destroy(ImTextureID tex);
}  // namespace webgl

// Canvas2D (render_canvas.cpp), called through render.cpp.
namespace canvas {
bool init();
void new_frame();
void draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear);
void fonts_changed();
ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse);
void image_destroy(ImTextureID tex);
}  // namespace canvas

}  // namespace jm::render
