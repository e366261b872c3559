// platform.h: the only interface to the browser (or, natively, to nothing much).
// The editor calls these; platform_web.cpp implements them with web/app.js.
#pragma once
#include <cstdint>
#include <string>

namespace jm::platform {

// Ask for frames: the main loop sleeps when nothing changes and wakes on input or on this.
void wake(int frames = 3);
// One wake-up after `ms` (a toast that expires, a tooltip that is due): no busy loop.
void wake_after(double ms);

// A real browser text field placed over the canvas for typing (IME, right-to-left, dictation,
// mobile keyboards and paste all work in it). Rect in device pixels of the canvas.
struct TextField {
  float x = 0, y = 0, w = 0, h = 0;
  float font_px = 14;           // device pixels
  bool multiline = false;
  bool bold = false;
  std::string text;
  std::string placeholder;
  uint32_t color = 0x1f2937, background = 0xffffff;   // 0xRRGGBB
};
void text_field_open(const TextField& f);
void text_field_move(float x, float y, float w, float h, float font_px);
void text_field_close();

// Plain text to the system clipboard from a menu click (the keyboard path uses copy events).
void clipboard_write(const std::string& text, const std::string& rich_json);
void clipboard_request_paste();   // answer arrives through the editor's paste entry point

void set_cursor(const char* css_cursor);
void page_ready();                // first frame drawn: hide the loading indicator
// A frame was drawn and not yet shown (last: the main loop sleeps after it): the page may take
// a picture of it for its next start (web/snapshot.js).
void frame_drawn(bool last);
void download(const std::string& filename, const std::string& mime, const std::string& data);
void open_file_picker();          // answer arrives through the editor's open-file entry point
void set_title(const std::string& title);
void set_fullscreen(bool on);   // the page full screen (presenting); refused quietly without a recent gesture
// The interface language: what the page chose at start ("en", "ar" or "he": the one saved in this
// browser, else the first of the browser's languages we have), and keeping a new choice.
std::string ui_language();
void set_ui_language(const std::string& lang);

// The browser library (IndexedDB). Saving is debounced by the page: the editor says the map
// changed, and the page pulls the map (jm_model_json / jm_session_json) when it writes, at most
// a second later and at once when the page is hidden or closed.
void map_changed(const std::string& title, bool map_dirty);   // false: only the view changed
std::string library_take_restore(); // the map open last time, if already read: {id, json, session}
void library_new();               // the next save starts a new entry in "My maps"
void library_request_list();      // answer arrives through the editor's library-list entry point
void library_open(const std::string& id);
void library_delete(const std::string& id);   // to the trash
void library_restore(const std::string& id);  // out of the trash
void library_rename(const std::string& id, const std::string& title);
void library_duplicate(const std::string& id);
// Versions of the open map (history.cpp): op is list | save (arg: name) | get (id: version,
// arg: preview or restore) | before_restore (arg: the restored version's time) | closed (the
// preview ended). Answers arrive through the editor's history entry points.
void history_request(const char* op, const std::string& id, const std::string& arg);

// Sharing: "link" copies a link that carries the map in its fragment (compressed, never sent to
// a server); "embed" copies an <iframe> snippet for intranet pages. The page does the work.
void share(const char* what);
// Opens another page of the site in a new tab ("portfolio.html": File > Portfolio).
void open_page(const char* path);

// Exports the browser renders: an SVG drawn into a PNG at `scale` and downloaded, or printed
// (the browser's print dialog, where "Save as PDF" is one choice).
void export_png(const std::string& svg, float scale, const std::string& filename);
void print_svg(const std::string& svg, const std::string& title);
// The browser's print dialog for a print document (core/print.h print_document: sheets with their
// own @page size), with `title` as the document's title (the PDF's default file name).
void print_document(const std::string& html, const std::string& title);
double now_ms();

// ---- Files fetched when first needed (web/assets.js; issue #12, page weight) ----
// "fonts-arabic", "fonts-hebrew", "fonts-latin" (the whole Latin faces), "i18n-ar", "i18n-he", "templates": not in the data package.
// The first call starts the download; once Ready the files are in the file system at the paths
// the package would have used (/fonts/..., /assets/...), and the page has woken the editor.
// Natively there is nothing to fetch: Ready (the files are where they are, or absent).
enum class AssetState { Missing, Loading, Ready, Failed };
AssetState asset(const char* name);

// ---- Personas (panels.cpp) ----
// An image decoded by the browser for an ImGui texture: `source` is a data URL (an avatar) or
// SVG text (a persona card). The RGBA pixels arrive through the editor's image entry point under
// `key`: `width` px wide with the height from the image's aspect, or, `square`, its centred square
// `width` px a side.
void decode_image(const std::string& key, const std::string& source, bool svg, int width, bool square);
// The file chooser for a persona's picture (PNG or JPEG). The browser scales the image to at most
// 256 px a side and hands back a data URL through the editor's avatar entry point.
void pick_avatar_image(uint64_t persona);
// The browser-wide persona library (IndexedDB, shared by every map): "list", "save" (`json`, one
// persona as persona_to_json writes it), "delete" (`uid`). Each answers with the whole library
// through the editor's persona-library entry point.
void persona_library(const char* op, const std::string& uid, const std::string& json);
// The name comments are signed with in this browser (kept in its localStorage); "" until given.
std::string comment_author();
void set_comment_author(const std::string& name);

// ---- Data on the map (data_panel.cpp) ----
// A request to the page's data layer (web/data.js: its analytics worker and the raw rows kept in
// IndexedDB), as one JSON object: {"op":"import"} (the file chooser: events, responses or paths
// CSV, several at once), {"op":"sample"}, {"op":"compute"} (with the map as the page reads it for
// saving), {"op":"people"}, {"op":"person","id":"..."}, {"op":"rules"}, {"op":"cancel"},
// {"op":"clear"} (forget this map's raw rows). Answers arrive through the jm_data_* entry points
// (data_panel.cpp). Natively there is no page: nothing happens.
void data_request(const std::string& json);

// ---- Accessibility (editor/a11y_bridge.cpp, editor/a11y_chrome.cpp, web/a11y.js, web/a11y-chrome.js) ----
// The accessible mirror of the map: a full build or a patch, as core/a11y.h's a11y_full_json /
// a11y_patch_json write it. Sent only when the model revision, the state shown, the persona
// filter or the interface language changed: idle sends nothing.
void a11y_mirror(const std::string& json);
// Whether the whole of the editor's code is in (web/wasm-parts.js: the wasm's second part
// loaded, or the build is not split). Work that can wait for it (the accessible mirror) waits,
// so the first part carries only what the first frame needs. Native: always.
bool code_ready();
// Focus and selection, sent when they (or the focused item's place on screen) changed:
// {"focus":"card:12"|"cell:<stage>:<lane>"|"stage:<id>"|"lane:<id>"|"", "selection":["card:12",…],
//  "rect":[x,y,w,h] (CSS px, the focused item on the canvas; null when off screen),
//  "clip":[x,y,w,h] (the grid area not under pinned headers), "editing":bool, "rtl":bool (map)}
void a11y_state(const std::string& json);
// A status message for the polite live region ("Card moved to Purchase, Pain points"), or, with
// `error`, for the alert region.
void a11y_announce(const std::string& text, bool error);
// The editor's chrome (menus, inspector, dialogs) as ImGui drew it, for the page's HTML twins
// (a11y_chrome.cpp writes the JSON; web/a11y-chrome.js reads it). Sent when it changed.
void a11y_chrome(const std::string& json);
// The text view: the whole map as HTML text (core/text_view.h), shown by the page over the editor.
void show_text_view(const std::string& html, const std::string& title);
// The interface text size, 1.0 .. 2.0, kept in this browser (localStorage); 1 when never set.
float ui_text_scale();
void set_ui_text_scale(float scale);

} // namespace jm::platform
