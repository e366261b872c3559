// platform_native.cpp: the native counterpart of platform_web.cpp, for tools and tests that link
// editor code without a browser. Nothing to show, so calls are recorded or ignored.
#include "platform/platform.h"
#include <chrono>
#include <fstream>

namespace jm::platform {

void wake(int) {}
void wake_after(double) {}
void text_field_open(const TextField&) {}
void text_field_move(float, float, float, float, float) {}
void text_field_close() {}
void clipboard_write(const std::string&, const std::string&) {}
void clipboard_request_paste() {}
void set_cursor(const char*) {}
void page_ready() {}
void frame_drawn(bool) {}
void download(const std::string& filename, const std::string&, const std::string& data) {
  std::ofstream(filename, std::ios::binary) << data;   // natively a "download" is a file
}
void open_file_picker() {}
void set_title(const std::string&) {}
void set_fullscreen(bool) {}
void map_changed(const std::string&, bool) {}
std::string library_take_restore() { return {}; }
void library_new() {}
std::string ui_language() { return "en"; }
void set_ui_language(const std::string&) {}
void share(const char*) {}
void open_page(const char*) {}
void export_png(const std::string&, float, const std::string&) {}
void print_svg(const std::string&, const std::string&) {}
void print_document(const std::string&, const std::string&) {}
void library_request_list() {}
void library_open(const std::string&) {}
void library_delete(const std::string&) {}
void library_restore(const std::string&) {}
void library_rename(const std::string&, const std::string&) {}
void library_duplicate(const std::string&) {}
void history_request(const char*, const std::string&, const std::string&) {}
void decode_image(const std::string&, const std::string&, bool, int, bool) {}
void pick_avatar_image(uint64_t) {}
void persona_library(const char*, const std::string&, const std::string&) {}
static std::string g_author;   // no browser storage: kept for the process
std::string comment_author() { return g_author; }
void set_comment_author(const std::string& name) { g_author = name; }
void data_request(const std::string&) {}
void a11y_mirror(const std::string&) {}
void a11y_state(const std::string&) {}
bool code_ready() { return true; }
void a11y_announce(const std::string&, bool) {}
void a11y_chrome(const std::string&) {}
void show_text_view(const std::string&, const std::string&) {}
static float g_text_scale = 1;   // no browser storage: kept for the process
float ui_text_scale() { return g_text_scale; }
void set_ui_text_scale(float scale) { g_text_scale = scale; }
AssetState asset(const char*) { return AssetState::Ready; }
double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

} // namespace jm::platform
