// main.cpp: the web entry point. Picks the renderer (render.h: WebGL2, else WebGL 1, else a 2D
// canvas), runs Dear ImGui through Emscripten's GLFW (input only: the context is render.cpp's),
// and sleeps when nothing changes: the main loop pauses after a few quiet frames and every input
// (web/app.js) or animation wakes it.
//
// ImGui works in device pixels here: the canvas backing store is its CSS size times
// devicePixelRatio, GLFW's window is that size, and the UI is scaled by the ratio (fonts are
// baked at it), so text is sharp on HiDPI screens.
#include "editor/editor.h"
#include "editor/perf_marks.h"
#include "editor/render.h"
#include "platform/platform.h"
#include "core/io.h"
#include "core/text_view.h"
#include <nlohmann/json.hpp>

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace {

struct App {
  GLFWwindow* window = nullptr;
  jm::Doc doc;
  jm::Editor ed;
  int fb_w = 0, fb_h = 0;
  float dpr = 0;
  int frames_left = 3;
  bool paused = false;
  bool first_frame_reported = false;
  uint64_t frame_count = 0;
};
App g;

void no_renderer(const char* why);

// The canvas' backing store follows its CSS size times the pixel ratio. Returns the ratio.
float size_canvas() {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  float dpr = (float)emscripten_get_device_pixel_ratio();
  if (dpr <= 0) dpr = 1;
  int w = std::max(1, (int)std::lround(css_w * dpr)), h = std::max(1, (int)std::lround(css_h * dpr));
  if (w != g.fb_w || h != g.fb_h) {
    g.fb_w = w;
    g.fb_h = h;
    // Set the backing store directly: Emscripten's glfwSetWindowSize asks for fullscreen when
    // the size equals the screen's. ImGui gets the size below, after the GLFW backend's frame.
    emscripten_set_canvas_element_size("#canvas", w, h);
  }
  return dpr;
}

void sync_canvas_size() {
  float dpr = size_canvas();
  if (dpr != g.dpr) {
    g.dpr = dpr;
    jm::editor_set_scale(g.ed, dpr);
  }
}

void frame() {
  // The first frame's phases are marked for the benchmark's start-up breakdown.
  bool first = !g.first_frame_reported;
  if (first) jm::perf_mark("jm-frame1-start");
  sync_canvas_size();
  // The map the first frame shows (restored at start, or given to the viewer) decides whether
  // the first atlas' start set is enough for it.
  if (first) jm::fonts_note_map(g.doc.map);
  jm::editor_before_frame(g.ed);     // font atlas rebuilds happen outside NewFrame
  if (first) jm::perf_mark("jm-frame1-fonts");
  glfwPollEvents();
  jm::render::new_frame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2((float)g.fb_w, (float)g.fb_h);
  io.DisplayFramebufferScale = ImVec2(1, 1);
  double t0 = emscripten_get_now();
  ImGui::NewFrame();
  jm::editor_frame(g.ed, g.doc);
  ImGui::Render();
  jm::editor_record_frame_time(g.ed, emscripten_get_now() - t0);
  if (first) jm::perf_mark("jm-frame1-built");
  jm::fonts_check_frame(ImGui::GetDrawData());
  // Text in a script whose face is still downloading was laid out (lazy_assets.cpp): not shown,
  // so never a frame of boxes; the loader or the last frame stays until the page wakes us with it.
  if (!jm::assets_frame_complete()) {
    if (--g.frames_left <= 0) { g.paused = true; emscripten_pause_main_loop(); }
    return;
  }

  if (!jm::render::draw(ImGui::GetDrawData(), g.fb_w, g.fb_h, ImGui::GetStyle().Colors[ImGuiCol_WindowBg])) {
    emscripten_cancel_main_loop();
    no_renderer("the WebGL renderer could not start (its shaders did not link)");
    return;
  }
  g.frame_count++;

  if (!g.first_frame_reported) {
    g.first_frame_reported = true;
    jm::perf_mark("jm-frame1-drawn");
    jm::platform::page_ready();
    // The first atlas held the start sets (look.cpp): the next frame bakes the rest, so what a
    // person types or opens next draws at once.
    jm::fonts_want_rest(false);
    g.frames_left = std::max(g.frames_left, 2);
  }
  if (jm::editor_wants_frames(g.ed)) g.frames_left = std::max(g.frames_left, 2);
  if (--g.frames_left <= 0) {
    g.paused = true;
    emscripten_pause_main_loop();
  }
  // The canvas can be read only now, before the browser shows it: the page pictures the last
  // frame before a sleep for its next start (web/snapshot.js).
  jm::platform::frame_drawn(g.paused);
}

} // namespace

namespace jm {
Editor& app_editor() { return g.ed; }
Doc& app_doc() { return g.doc; }
}  // namespace jm

extern "C" {

EMSCRIPTEN_KEEPALIVE void jm_wake(int frames) {
  g.frames_left = std::max(g.frames_left, std::max(1, frames));
  if (g.paused) {
    g.paused = false;
    emscripten_resume_main_loop();
  }
}

EMSCRIPTEN_KEEPALIVE double jm_frame_count() { return (double)g.frame_count; }
// Whether the main loop runs (frames are still to come: an input's, an animation's). A press's
// frame waits for the browser's next animation frame, which under load comes late: a page is
// idle only when the loop sleeps (web/app.js, jm.busy).
EMSCRIPTEN_KEEPALIVE int jm_awake() { return g.paused ? 0 : 1; }
EMSCRIPTEN_KEEPALIVE double jm_revision() { return (double)g.doc.map.revision; }
EMSCRIPTEN_KEEPALIVE int jm_card_count() { return (int)g.doc.map.cards.size(); }
// Whether the atlas draws code point `cp` in the interface font (not as the "?" fallback): tests.
EMSCRIPTEN_KEEPALIVE int jm_font_has_glyph(int cp) { return g.ed.font_ui && g.ed.font_ui->FindGlyphNoFallback((ImWchar)cp) ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE const char* jm_title() { return g.doc.map.meta.title.c_str(); }

EMSCRIPTEN_KEEPALIVE void jm_text_commit(const char* text) { jm::editor_text_done(g.ed, g.doc, text, true); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_text_cancel(const char* text) { jm::editor_text_done(g.ed, g.doc, text, false); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_text_input(const char* text) { jm::editor_text_input(g.ed, g.doc, text); jm_wake(3); }

EMSCRIPTEN_KEEPALIVE const char* jm_copy(int cut) {
  static std::string out;
  out = jm::editor_copy(g.ed, g.doc, cut != 0);
  jm_wake(3);
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void jm_paste(const char* text, const char* rich) { jm::editor_paste(g.ed, g.doc, text, rich); jm_wake(3); }
// A file's bytes with their length: a NUL byte in them is data (a C string would end there).
EMSCRIPTEN_KEEPALIVE void jm_open_bytes(const char* name, const char* data, int len) {
  jm::editor_open_text(g.ed, g.doc, name, std::string(data, (size_t)std::max(0, len)));
  jm_wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_notify(const char* msg) { jm::editor_notify(g.ed, msg, true); jm_wake(3); }
// The page covers the title line's ends with controls of its own (CSS px): the canvas's
// controls and the title keep clear of them.
EMSCRIPTEN_KEEPALIVE void jm_set_title_inset(float left, float right) {
  g.ed.title_inset[0] = std::max(0.0f, left);
  g.ed.title_inset[1] = std::max(0.0f, right);
  jm_wake(3);
}

// Touch, from web/app.js. kind: 0 move, 1 press, 2 release, 3 cancel (a second finger landed).
EMSCRIPTEN_KEEPALIVE void jm_pointer(int kind, float x, float y) {
  // Tell the GLFW backend the pointer is in the window: otherwise, with no mouse ever seen, it
  // feeds GLFW's last cursor position every frame and a finger would seem to drag from there.
  ImGui_ImplGlfw_CursorEnterCallback(g.window, 1);
  ImGuiIO& io = ImGui::GetIO();
  io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
  io.AddMousePosEvent(x, y);
  if (kind == 1) {
    io.AddMouseButtonEvent(0, true);
    jm::platform::wake_after(560);   // a long press opens the context menu: look again then
  }
  if (kind == 2) io.AddMouseButtonEvent(0, false);
  if (kind == 3) { jm::editor_cancel_gesture(g.ed); io.AddMouseButtonEvent(0, false); }
  jm_wake(3);
}

EMSCRIPTEN_KEEPALIVE void jm_pinch(float scale, float dx, float dy, float cx, float cy) {
  jm::editor_pinch(g.ed, scale, dx, dy, cx, cy);
  jm_wake(3);
}

// The map as files hold it (canonical: the library, versions, share links)...
EMSCRIPTEN_KEEPALIVE const char* jm_model_json() {
  static std::string out;
  out = jm::save_map(g.doc.map);
  return out.c_str();
}
// ...and with every array and the usual fields spelled out, for scripts and host pages (jm.model()).
EMSCRIPTEN_KEEPALIVE const char* jm_model_explicit_json() {
  static std::string out;
  out = jm::save_map_explicit(g.doc.map);
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* jm_view_json() {
  static std::string out;
  // Asked between frames, e.g. right after a file opened: the layout must be the open map's, not
  // the one before (its card indices point past the new map's cards).
  if (g.ed.font_ui) jm::canvas_ensure_layout(g.ed, g.doc);
  out = jm::editor_view_json(g.ed, g.doc);
  return out.c_str();
}

// What the viewer needs to size its frame (web/embed.js naturalHeight), in CSS px at zoom 1: the
// title band above the stage headers, the header sizes, and the grid. A few numbers rather than
// jm_view_json, whose code is not in the first part of the wasm.
EMSCRIPTEN_KEEPALIVE const char* jm_extent_json() {
  static char out[192];
  if (g.ed.font_ui) jm::canvas_ensure_layout(g.ed, g.doc);
  float u = g.ed.ui > 0 ? g.ed.ui : 1;
  std::snprintf(out, sizeof out, "{\"title\":%.2f,\"stage_h\":%.2f,\"lane_w\":%.2f,\"width\":%.2f,\"height\":%.2f}",
                g.ed.grid_origin.y / u - g.ed.style.stage_header_h * g.ed.zoom, g.ed.style.stage_header_h,
                g.ed.style.lane_header_w, g.ed.layout.width, g.ed.layout.height);
  return out;
}

EMSCRIPTEN_KEEPALIVE const char* jm_session_json() {
  static std::string out;
  out = jm::editor_session_json(g.ed, g.doc);
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void jm_restore(const char* record) { jm::editor_restore(g.ed, g.doc, record); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_library_list(const char* json) { jm::editor_library_list(g.ed, json); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_history_list(const char* json) { jm::history_list(g.ed, json); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_history_apply(const char* rec, int restore) { jm::history_apply(g.ed, g.doc, rec, restore != 0); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE const char* jm_history_json() {
  static std::string out;
  out = jm::history_json(g.ed);
  return out.c_str();
}

// An interface string in the current language, {"text": logical, "display": what ImGui draws}.
EMSCRIPTEN_KEEPALIVE const char* jm_tr(const char* key) {
  static std::string out;
  nlohmann::json j{{"language", jm::i18n().language()}, {"text", jm::i18n().text(key)}, {"display", jm::i18n().display(key)}};
  out = j.dump();
  return out.c_str();
}

// Personas (panels.cpp): pixels the page decoded for a texture, a picture chosen for a persona,
// the browser's persona library.
EMSCRIPTEN_KEEPALIVE void jm_image_pixels(const char* key, int w, int h, const unsigned char* rgba) {
  jm::panels_image_pixels(g.ed, key, w, h, rgba);
  jm_wake(3);
}
EMSCRIPTEN_KEEPALIVE void jm_avatar_chosen(double persona, const char* data_url) { jm::panels_avatar_chosen(g.ed, g.doc, (jm::Id)persona, data_url); jm_wake(3); }
EMSCRIPTEN_KEEPALIVE void jm_persona_library(const char* json) { jm::panels_persona_library(g.ed, json); jm_wake(3); }

// A map file's text view (HTML), for a page that cannot draw at all (app.js, JMApp.noRenderer):
// the core alone, no ImGui. Empty when the text is not a map.
EMSCRIPTEN_KEEPALIVE const char* jm_text_view_of(const char* json) {
  static std::string out;
  static bool words = false;
  if (!words) {
    words = true;
    jm::ui_load_languages();
    jm::i18n().set_language(jm::platform::ui_language());
  }
  jm::LoadResult r = jm::load_map(json ? json : "");
  jm::TextViewOptions o;
  o.i18n = &jm::i18n();
  out = r.ok ? jm::to_text_view_html(r.map, o) : std::string();
  return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* jm_last_export() { return jm::editor_last_export().c_str(); }

EMSCRIPTEN_KEEPALIVE double jm_command(const char* name, const char* arg) {
  double r = jm::editor_command(g.ed, g.doc, name, arg);   // a double: some commands answer with an id
  jm_wake(3);
  return r;
}

} // extern "C"

namespace {

// Nothing can draw: the page says so and shows the map as HTML (app.js, JMApp.noRenderer).
void no_renderer(const char* why) {
  std::fprintf(stderr, "journeymap: %s\n", why);
  EM_ASM({ JMApp.noRenderer(UTF8ToString($0)); }, why);
}

// Everything after the renderer is chosen: ImGui, the editor, the main loop.
void start(jm::render::Kind kind) {
  // GLFW only for input and the window's size: the WebGL context (if any) is render.cpp's.
  glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
  // At the canvas' size (main() set it): GLFW sets the backing store to the size it is given.
  g.window = glfwCreateWindow(std::max(1, g.fb_w), std::max(1, g.fb_h), "journeymap", nullptr, nullptr);
  if (!g.window) { no_renderer("GLFW could not open its window"); return; }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;              // no imgui.ini: layout is the product's, not ImGui's
  io.ConfigInputTextCursorBlink = false; // idle means idle
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  if (kind == jm::render::Kind::Canvas2D) ImGui_ImplGlfw_InitForOther(g.window, true);
  else ImGui_ImplGlfw_InitForOpenGL(g.window, true);
  if (!jm::render::init(kind)) { no_renderer("the renderer could not start"); return; }
  EM_ASM({ JMApp.setRenderer(UTF8ToString($0)); }, jm::render::kind_name(kind));
  jm::perf_mark("jm-imgui-init");

  g.doc.map = jm::make_map(jm::Template::Blank);
  jm::editor_init(g.ed, g.doc);
  // The interface text size chosen in this browser (View > Text size), before the first frame.
  if (float scale = jm::platform::ui_text_scale(); scale != 1.0f) jm::display_command(g.ed, "text_scale", std::to_string(scale));
  std::string restore = jm::platform::library_take_restore();   // the map open last time
  if (!restore.empty()) jm::editor_restore(g.ed, g.doc, restore.c_str());
  else if (jm::ui_rtl()) {
    // A first start in Arabic or Hebrew: the blank map in that language, right to left.
    g.doc.map = jm::editor_new_map(jm::Template::Blank);
    jm::canvas_fit(g.ed, g.doc, true);
  }
  sync_canvas_size();
  jm::perf_mark("jm-editor-init");
  emscripten_set_main_loop(frame, 0, false);
}

} // namespace

// web/render2d.js, loaded by the page only when there is no WebGL, is in (ok) or failed.
extern "C" EMSCRIPTEN_KEEPALIVE void jm_render2d_loaded(int ok) {
  if (ok) start(jm::render::Kind::Canvas2D);
  else no_renderer("the 2D renderer (render2d.js) did not load");
}

int main() {
  jm::perf_mark("jm-main");
  if (!glfwInit()) {
    no_renderer("GLFW could not start");
    return 1;
  }
  // Sized before the context is made: resizing a WebGL canvas afterwards reallocates its drawing
  // buffer (50 ms with a software GL), and the editor's first frame would pay for it.
  size_canvas();
  jm::render::Kind kind = jm::render::create_gl_context();
  jm::perf_mark("jm-gl-context");
  if (kind != jm::render::Kind::None) start(kind);
  else EM_ASM({ JMApp.loadRender2d((ok) => Module._jm_render2d_loaded(ok ? 1 : 0)); });   // no WebGL at all
  return 0;
}
