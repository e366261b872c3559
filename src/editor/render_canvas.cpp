// render_canvas.cpp: the renderer for browsers without WebGL. Dear ImGui's draw lists are
// textured triangles, but nearly all of them are axis-aligned quads: solid rectangles (the
// atlas' white pixel), glyphs (a rectangle of the font atlas) and pictures. This file sorts each
// frame's triangles into a compact list of 2D operations, which web/render2d.js paints on a
// CanvasRenderingContext2D (fillRect, drawImage, path fills) in the same order.
//
// ImGui's own anti-aliasing (transparent fringe triangles) is switched off for this renderer:
// the canvas anti-aliases every path it fills, and without fringes a rounded rectangle or a curve
// is a plain fan of triangles of one colour, filled as one path (so no seams between them).
//
// The operation list is 32-bit words (floats, and colours as ImGui's packed RGBA):
//   1 CLIP   x y w h                          later operations are clipped to this rectangle
//   2 RECT   col x0 y0 x1 y1                  a solid rectangle
//   3 GLYPHS col n, n x (sx sy sw sh dx dy dw dh)   atlas rectangles (texels) tinted to col
//   4 IMAGE  tex col u0 v0 u1 v1 x0 y0 x1 y1  a picture (uv 0..1) in a rectangle
//   5 TRIS   col n, n x (x0 y0 x1 y1 x2 y2)   triangles of one colour, filled as one path
//   6 IMGTRIS tex col u0 v0 u1 v1 x0 y0 x1 y1 n, n x (6 floats)   a picture mapped linearly
//            from uv to position, shown inside the triangles (a rounded avatar)
#include "editor/render.h"

#include <emscripten.h>
#include <imgui_internal.h>   // ImMin, ImMax
#include <cstdint>
#include <cstring>
#include <vector>

EM_JS(int, js_r2d_init, (), { return window.JMRender2D && JMRender2D.init(Module.canvas) ? 1 : 0; });
EM_JS(void, js_r2d_font, (const unsigned char* rgba, int w, int h), { JMRender2D.font(rgba, w, h); });
EM_JS(void, js_r2d_image, (int id, const unsigned char* rgba, int w, int h), { JMRender2D.image(id, rgba, w, h); });
EM_JS(void, js_r2d_image_free, (int id), { JMRender2D.freeImage(id); });
EM_JS(void, js_r2d_draw, (const uint32_t* ops, int words, int w, int h, uint32_t clear), {
  JMRender2D.draw(ops, words, w, h, clear);
});

namespace jm::render::canvas {

namespace {

enum Op : uint32_t { kClip = 1, kRect = 2, kGlyphs = 3, kImage = 4, kTris = 5, kImgTris = 6 };
constexpr intptr_t kFontTex = 1;

std::vector<uint32_t> g_ops;
bool g_font_sent = false;
int g_next_image = 2;
float g_atlas_w = 1, g_atlas_h = 1;
ImVec2 g_white;
// The operation the next primitive may join: its kind and colour, and where its count is.
uint32_t g_run_op = 0, g_run_col = 0;
size_t g_run_count = 0;

void word(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  g_ops.push_back(u);
}
void end_run() { g_run_op = 0; }

void upload_font() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  js_r2d_font(px, w, h);
  io.Fonts->SetTexID((ImTextureID)kFontTex);
  g_atlas_w = (float)w;
  g_atlas_h = (float)h;
  g_white = io.Fonts->TexUvWhitePixel;
  g_font_sent = true;
}

bool same(const ImVec2& a, const ImVec2& b) { return a.x == b.x && a.y == b.y; }

// The four vertices of ImGui's quad (PrimRect/PrimRectUV, glyphs: indices b, b+1, b+2, b, b+2,
// b+3, corners top-left, top-right, bottom-right, bottom-left) when the quad is axis-aligned and
// of one colour, its texture coordinates axis-aligned too.
bool quad(const ImDrawIdx* ix, const ImDrawVert* vb, const ImDrawVert** q) {
  unsigned b = ix[0];
  if (ix[1] != b + 1 || ix[2] != b + 2 || ix[3] != b || ix[4] != b + 2 || ix[5] != b + 3) return false;
  const ImDrawVert *a = &vb[b], *c1 = &vb[b + 1], *c2 = &vb[b + 2], *c3 = &vb[b + 3];
  if (a->pos.y != c1->pos.y || c1->pos.x != c2->pos.x || c2->pos.y != c3->pos.y || c3->pos.x != a->pos.x) return false;
  if (a->uv.y != c1->uv.y || c1->uv.x != c2->uv.x || c2->uv.y != c3->uv.y || c3->uv.x != a->uv.x) return false;
  if (a->col != c1->col || a->col != c2->col || a->col != c3->col) return false;
  q[0] = a; q[1] = c1; q[2] = c2; q[3] = c3;
  return true;
}

// One triangle's colour: its vertices' (they are one colour unless something shades them).
uint32_t tri_color(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c) {
  if (a.col == b.col && a.col == c.col) return a.col;
  uint32_t out = 0;
  for (int s = 0; s < 32; s += 8)
    out |= ((((a.col >> s) & 255) + ((b.col >> s) & 255) + ((c.col >> s) & 255)) / 3) << s;
  return out;
}

// A triangle with the same winding as every other (so a path of many fills their union).
void tri_words(const ImVec2& p0, ImVec2 p1, ImVec2 p2) {
  if ((p1.x - p0.x) * (p2.y - p0.y) - (p1.y - p0.y) * (p2.x - p0.x) < 0) std::swap(p1, p2);
  word(p0.x); word(p0.y); word(p1.x); word(p1.y); word(p2.x); word(p2.y);
}

void emit_rect(uint32_t col, const ImDrawVert* const* q) {
  end_run();
  g_ops.push_back(kRect);
  g_ops.push_back(col);
  word(q[0]->pos.x); word(q[0]->pos.y); word(q[2]->pos.x); word(q[2]->pos.y);
}

// One more item in a run of one op and colour (glyphs, triangles): a new run when either changes.
void run_item(uint32_t op, uint32_t col) {
  if (g_run_op != op || g_run_col != col) {
    g_ops.push_back(op);
    g_ops.push_back(col);
    g_run_count = g_ops.size();
    g_ops.push_back(0);
    g_run_op = op;
    g_run_col = col;
  }
  g_ops[g_run_count]++;
}

void emit_glyph(uint32_t col, const ImDrawVert* const* q) {
  run_item(kGlyphs, col);
  float sx = q[0]->uv.x * g_atlas_w, sy = q[0]->uv.y * g_atlas_h;
  word(sx); word(sy); word(q[2]->uv.x * g_atlas_w - sx); word(q[2]->uv.y * g_atlas_h - sy);
  word(q[0]->pos.x); word(q[0]->pos.y); word(q[2]->pos.x - q[0]->pos.x); word(q[2]->pos.y - q[0]->pos.y);
}

void emit_image(intptr_t tex, uint32_t col, const ImDrawVert* const* q) {
  end_run();
  g_ops.push_back(kImage);
  g_ops.push_back((uint32_t)tex);
  g_ops.push_back(col);
  word(q[0]->uv.x); word(q[0]->uv.y); word(q[2]->uv.x); word(q[2]->uv.y);
  word(q[0]->pos.x); word(q[0]->pos.y); word(q[2]->pos.x); word(q[2]->pos.y);
}

void emit_tri(uint32_t col, const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c) {
  run_item(kTris, col);
  tri_words(a.pos, b.pos, c.pos);
}

// Triangles showing a picture (ImGui's AddImageRounded: a fan with linear UVs).
void emit_image_tris(intptr_t tex, const ImDrawIdx* ix, unsigned count, const ImDrawVert* vb) {
  end_run();
  ImVec2 pmin(1e30f, 1e30f), pmax(-1e30f, -1e30f), umin(1e30f, 1e30f), umax(-1e30f, -1e30f);
  for (unsigned i = 0; i < count; i++) {
    const ImDrawVert& v = vb[ix[i]];
    pmin = ImMin(pmin, v.pos); pmax = ImMax(pmax, v.pos);
    umin = ImMin(umin, v.uv); umax = ImMax(umax, v.uv);
  }
  g_ops.push_back(kImgTris);
  g_ops.push_back((uint32_t)tex);
  g_ops.push_back(vb[ix[0]].col);
  word(umin.x); word(umin.y); word(umax.x); word(umax.y);
  word(pmin.x); word(pmin.y); word(pmax.x); word(pmax.y);
  g_ops.push_back(count / 3);
  for (unsigned i = 0; i + 2 < count; i += 3) tri_words(vb[ix[i]].pos, vb[ix[i + 1]].pos, vb[ix[i + 2]].pos);
}

void emit_command(const ImDrawCmd& cmd, const ImDrawIdx* ix, const ImDrawVert* vb) {
  intptr_t tex = (intptr_t)cmd.GetTexID();
  unsigned n = cmd.ElemCount;
  if (tex != kFontTex) {
    const ImDrawVert* q[4];
    if (n == 6 && quad(ix, vb, q)) emit_image(tex, q[0]->col, q);
    else if (n >= 3) emit_image_tris(tex, ix, n, vb);
    return;
  }
  for (unsigned i = 0; i + 2 < n;) {
    const ImDrawVert* q[4];
    if (i + 6 <= n && quad(ix + i, vb, q)) {
      uint32_t col = q[0]->col;
      if ((col >> 24) != 0) {   // fully transparent: nothing to draw
        if (same(q[0]->uv, g_white) && same(q[2]->uv, g_white)) emit_rect(col, q);
        else emit_glyph(col, q);
      }
      i += 6;
      continue;
    }
    const ImDrawVert &a = vb[ix[i]], &b = vb[ix[i + 1]], &c = vb[ix[i + 2]];
    uint32_t col = tri_color(a, b, c);
    if ((col >> 24) != 0) emit_tri(col, a, b, c);
    i += 3;
  }
}

}  // namespace

bool init() {
  if (!js_r2d_init()) return false;
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "journeymap_canvas2d";
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;   // vertices are read by offset here
  return true;
}

void new_frame() {
  // Anti-aliasing is the canvas' (see the top of this file): set every frame, as a theme change
  // may reset the style.
  ImGuiStyle& style = ImGui::GetStyle();
  style.AntiAliasedLines = false;
  style.AntiAliasedLinesUseTex = false;
  style.AntiAliasedFill = false;
  if (!g_font_sent) upload_font();
}

void fonts_changed() { upload_font(); }

void draw(ImDrawData* data, int fb_w, int fb_h, ImVec4 clear) {
  g_ops.clear();
  end_run();
  ImVec2 off = data->DisplayPos;
  float last[4] = {-1, -1, -1, -1};
  for (int l = 0; l < data->CmdListsCount; l++) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      // As the GL backends' scissor: whole pixels, inside the canvas.
      float x0 = ImMax(0.0f, cmd.ClipRect.x - off.x), y0 = ImMax(0.0f, cmd.ClipRect.y - off.y);
      float x1 = ImMin((float)fb_w, cmd.ClipRect.z - off.x), y1 = ImMin((float)fb_h, cmd.ClipRect.w - off.y);
      if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
      float clip[4] = {(float)(int)x0, (float)(int)y0, (float)(int)(x1 - x0), (float)(int)(y1 - y0)};
      if (std::memcmp(clip, last, sizeof clip) != 0) {
        end_run();
        g_ops.push_back(kClip);
        for (float f : clip) word(f);
        std::memcpy(last, clip, sizeof clip);
      }
      emit_command(cmd, list->IdxBuffer.Data + cmd.IdxOffset, list->VtxBuffer.Data + cmd.VtxOffset);
    }
  }
  uint32_t bg = ImGui::ColorConvertFloat4ToU32(ImVec4(clear.x, clear.y, clear.z, 1.0f));
  js_r2d_draw(g_ops.data(), (int)g_ops.size(), fb_w, fb_h, bg);
}

ImTextureID image_create(int w, int h, const unsigned char* rgba, ImTextureID reuse) {
  int id = reuse ? (int)(intptr_t)reuse : g_next_image++;
  js_r2d_image(id, rgba, w, h);
  return (ImTextureID)(intptr_t)id;
}

void image_destroy(ImTextureID tex) { js_r2d_image_free((int)(intptr_t)tex); }

}  // namespace jm::render::canvas
