// platform_web.cpp: the browser side of platform.h. Each function forwards to web/app.js
// (window.JMApp), which owns the DOM pieces: the text field, clipboard, downloads, loader.
#include "platform/platform.h"
#include <emscripten.h>
#include <emscripten/html5.h>
#include <cstdlib>

EM_JS(void, js_wake, (int frames), { if (window.JMApp) JMApp.wake(frames); });
EM_JS(void, js_wake_after, (double ms), { setTimeout(function() { JMApp.wake(2); }, ms); });
EM_JS(void, js_text_open, (float x, float y, float w, float h, float font_px, int multiline, int bold,
                           const char* text, const char* placeholder, int color, int background), {
  JMApp.textOpen({x: x, y: y, w: w, h: h, fontPx: font_px, multiline: !!multiline, bold: !!bold,
                  text: UTF8ToString(text), placeholder: UTF8ToString(placeholder), color: color, background: background});
});
EM_JS(void, js_text_move, (float x, float y, float w, float h, float font_px), { JMApp.textMove(x, y, w, h, font_px); });
EM_JS(void, js_text_close, (), { JMApp.textClose(); });
EM_JS(void, js_clipboard_write, (const char* text, const char* rich), { JMApp.clipboardWrite(UTF8ToString(text), UTF8ToString(rich)); });
EM_JS(void, js_clipboard_request_paste, (), { JMApp.clipboardRequestPaste(); });
EM_JS(void, js_set_cursor, (const char* c), { Module.canvas.style.cursor = UTF8ToString(c); });
EM_JS(void, js_page_ready, (), { JMApp.pageReady(); });
EM_JS(void, js_frame_drawn, (int last), { if (window.JMSnapshot) JMSnapshot.drawn(!!last); });
EM_JS(void, js_download, (const char* name, const char* mime, const char* data, int len), {
  JMApp.download(UTF8ToString(name), UTF8ToString(mime), HEAPU8.slice(data, data + len));
});
EM_JS(void, js_open_file_picker, (), { JMApp.openFilePicker(); });
EM_JS(void, js_set_title, (const char* t), { document.title = UTF8ToString(t); });
// Browsers allow full screen only soon after a user gesture, and not in a frame without
// allowfullscreen: a refusal is fine, the presentation fills the page instead.
EM_JS(void, js_set_fullscreen, (int on), {
  try {
    const d = document;
    if (on && !d.fullscreenElement && d.documentElement.requestFullscreen) d.documentElement.requestFullscreen().catch(() => {});
    if (!on && d.fullscreenElement && d.exitFullscreen) d.exitFullscreen().catch(() => {});
  } catch (e) {}
});
EM_JS(char*, js_take_restore, (), {
  const s = JMApp.takeRestore();
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(char*, js_ui_language, (), {
  const s = JMApp.uiLanguage ? JMApp.uiLanguage() : 'en';
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_set_ui_language, (const char* lang), { if (JMApp.setUiLanguage) JMApp.setUiLanguage(UTF8ToString(lang)); });
EM_JS(void, js_share, (const char* what), { JMApp.share(UTF8ToString(what)); });
EM_JS(void, js_open_page, (const char* path), { window.open(UTF8ToString(path), '_blank', 'noopener'); });
EM_JS(void, js_export_png, (const char* svg, float scale, const char* name), { JMApp.exportPng(UTF8ToString(svg), scale, UTF8ToString(name)); });
EM_JS(void, js_print_svg, (const char* svg, const char* title), { JMApp.printSvg(UTF8ToString(svg), UTF8ToString(title)); });
EM_JS(void, js_print_document, (const char* html, const char* title), { JMApp.printDocument(UTF8ToString(html), UTF8ToString(title)); });
EM_JS(void, js_map_changed, (const char* t, int dirty), { JMApp.mapChanged(UTF8ToString(t), !!dirty); });
EM_JS(void, js_library, (const char* op, const char* id, const char* arg), { JMApp.library(UTF8ToString(op), UTF8ToString(id), UTF8ToString(arg)); });
EM_JS(void, js_history, (const char* op, const char* id, const char* arg), { JMApp.history(UTF8ToString(op), UTF8ToString(id), UTF8ToString(arg)); });
// Personas: decoded images, the avatar file chooser, the persona library, the comment author.
EM_JS(void, js_decode_image, (const char* key, const char* source, int svg, int width, int square), {
  JMApp.decodeImage(UTF8ToString(key), UTF8ToString(source), !!svg, width, !!square);
});
EM_JS(void, js_pick_avatar, (double persona), { JMApp.pickAvatar(persona); });   // ids fit a double (2^53)
EM_JS(void, js_persona_library, (const char* op, const char* uid, const char* json), {
  JMApp.personaLibrary(UTF8ToString(op), UTF8ToString(uid), UTF8ToString(json));
});
EM_JS(char*, js_comment_author, (), {
  const s = JMApp.commentAuthor();
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, js_data_request, (const char* json), {
  if (globalThis.jmData && globalThis.jmData.request) globalThis.jmData.request(UTF8ToString(json));
});
EM_JS(void, js_set_comment_author, (const char* name), { if (JMApp.setCommentAuthor) JMApp.setCommentAuthor(UTF8ToString(name)); });
// Accessibility: the page's mirror, live regions and text view (web/a11y.js). A page without
// it (an old cached shell) simply gets nothing.
EM_JS(void, js_a11y_mirror, (const char* json), { if (window.JMA11y) JMA11y.mirror(UTF8ToString(json)); });
EM_JS(void, js_a11y_state, (const char* json), { if (window.JMA11y) JMA11y.state(UTF8ToString(json)); });
EM_JS(int, js_code_ready, (), { return !window.jmWasmParts || window.jmWasmParts.ready ? 1 : 0; });
EM_JS(void, js_a11y_announce, (const char* text, int error), { if (window.JMA11y) JMA11y.announce(UTF8ToString(text), !!error); });
EM_JS(void, js_a11y_chrome, (const char* json), { if (window.JMA11y) JMA11y.chrome(UTF8ToString(json)); });
EM_JS(void, js_show_text_view, (const char* html, const char* title), {
  if (window.JMA11y) JMA11y.textView(UTF8ToString(html), UTF8ToString(title));
});
EM_JS(double, js_ui_text_scale, (), {
  const v = window.JMA11y && JMA11y.textScale ? Number(JMA11y.textScale()) : 1;
  return isFinite(v) && v > 0 ? v : 1;
});
EM_JS(int, js_asset, (const char* name), { return window.JMAssets ? JMAssets.ask(UTF8ToString(name)) : 2; });
EM_JS(void, js_set_ui_text_scale, (double v), { if (window.JMA11y && JMA11y.setTextScale) JMA11y.setTextScale(v); });

namespace jm::platform {

void wake(int frames) { js_wake(frames); }
void wake_after(double ms) { js_wake_after(ms); }

void text_field_open(const TextField& f) {
  js_text_open(f.x, f.y, f.w, f.h, f.font_px, f.multiline, f.bold, f.text.c_str(), f.placeholder.c_str(),
               (int)f.color, (int)f.background);
}
void text_field_move(float x, float y, float w, float h, float font_px) { js_text_move(x, y, w, h, font_px); }
void text_field_close() { js_text_close(); }
void clipboard_write(const std::string& text, const std::string& rich) { js_clipboard_write(text.c_str(), rich.c_str()); }
void clipboard_request_paste() { js_clipboard_request_paste(); }

void set_cursor(const char* css_cursor) {
  static std::string last;
  if (last == css_cursor) return;
  last = css_cursor;
  js_set_cursor(css_cursor);
}

void page_ready() { js_page_ready(); }
void frame_drawn(bool last) { js_frame_drawn(last ? 1 : 0); }
void download(const std::string& filename, const std::string& mime, const std::string& data) {
  js_download(filename.c_str(), mime.c_str(), data.data(), (int)data.size());
}
void open_file_picker() { js_open_file_picker(); }
void set_title(const std::string& title) { js_set_title(title.c_str()); }
void set_fullscreen(bool on) { js_set_fullscreen(on ? 1 : 0); }
double now_ms() { return emscripten_get_now(); }
void map_changed(const std::string& title, bool map_dirty) { js_map_changed(title.c_str(), map_dirty); }
std::string library_take_restore() {
  char* p = js_take_restore();
  std::string s = p;
  free(p);
  return s;
}
void library_new() { js_library("new", "", ""); }
std::string ui_language() {
  char* p = js_ui_language();
  std::string s = p;
  free(p);
  return s;
}
void set_ui_language(const std::string& lang) { js_set_ui_language(lang.c_str()); }
void share(const char* what) { js_share(what); }
void open_page(const char* path) { js_open_page(path); }
void export_png(const std::string& svg, float scale, const std::string& name) { js_export_png(svg.c_str(), scale, name.c_str()); }
void print_svg(const std::string& svg, const std::string& title) { js_print_svg(svg.c_str(), title.c_str()); }
void print_document(const std::string& html, const std::string& title) { js_print_document(html.c_str(), title.c_str()); }
void library_request_list() { js_library("list", "", ""); }
void library_open(const std::string& id) { js_library("open", id.c_str(), ""); }
void library_delete(const std::string& id) { js_library("delete", id.c_str(), ""); }
void library_restore(const std::string& id) { js_library("restore", id.c_str(), ""); }
void library_rename(const std::string& id, const std::string& title) { js_library("rename", id.c_str(), title.c_str()); }
void library_duplicate(const std::string& id) { js_library("duplicate", id.c_str(), ""); }
void history_request(const char* op, const std::string& id, const std::string& arg) { js_history(op, id.c_str(), arg.c_str()); }

void decode_image(const std::string& key, const std::string& source, bool svg, int width, bool square) {
  js_decode_image(key.c_str(), source.c_str(), svg, width, square);
}
void pick_avatar_image(uint64_t persona) { js_pick_avatar((double)persona); }
void persona_library(const char* op, const std::string& uid, const std::string& json) { js_persona_library(op, uid.c_str(), json.c_str()); }
std::string comment_author() {
  char* p = js_comment_author();
  std::string s = p;
  free(p);
  return s;
}
void set_comment_author(const std::string& name) { js_set_comment_author(name.c_str()); }

void data_request(const std::string& json) { js_data_request(json.c_str()); }

void a11y_mirror(const std::string& json) { js_a11y_mirror(json.c_str()); }
void a11y_state(const std::string& json) { js_a11y_state(json.c_str()); }
bool code_ready() { return js_code_ready() != 0; }
void a11y_announce(const std::string& text, bool error) { js_a11y_announce(text.c_str(), error); }
void a11y_chrome(const std::string& json) { js_a11y_chrome(json.c_str()); }
void show_text_view(const std::string& html, const std::string& title) { js_show_text_view(html.c_str(), title.c_str()); }
float ui_text_scale() {
  double v = js_ui_text_scale();
  return (float)(v < 1 ? 1 : v > 2 ? 2 : v);
}
void set_ui_text_scale(float scale) { js_set_ui_text_scale(scale); }
AssetState asset(const char* name) {
  int s = js_asset(name);
  return s >= 0 && s <= 3 ? (AssetState)s : AssetState::Failed;
}

} // namespace jm::platform
