// a11y_chrome.cpp: the editor's chrome (menu bar, menus, inspector, panels, dialogs) for screen
// readers and the keyboard, as HTML twins the page renders (web/a11y-chrome.js).
//
// Why this way (the lead's decision, issue #11): Dear ImGui has no accessibility at all, and the
// chrome is hundreds of widgets over a dozen files. Rewriting it in HTML would fork every dialog
// and panel, in three languages, and drift. Instead ImGui's own test-engine hooks
// (IMGUI_ENABLE_TEST_ENGINE, defined for jm_imgui in CMakeLists.txt) tell us every item it was
// given this frame: its id and rectangle (ItemAdd) and its label and state (ItemInfo: checkable,
// checked, openable, opened, text input). From that we write a semantic description, grouped by
// window, and the page makes real buttons, menu items, check boxes of it; activating a twin
// clicks the ImGui item (jm_a11y_click). So every dialog and panel is covered at once, and it
// stays in sync because it is built from what ImGui submitted this very frame.
//
// Labels: ImGui gets DISPLAY strings (Arabic and Hebrew shaped and in visual order, core/text.h);
// a screen reader needs the LOGICAL text, which I18n::logical gives back for the interface's
// strings and for what display_text shaped (user text such as a map title in a menu). Custom
// widgets without a label of their own are named from look.cpp's ui_record ids when those are
// i18n keys (the right-to-left menu bar titles and check boxes). The map itself (the canvas
// window) is not chrome: the mirror (a11y_bridge.cpp, core/a11y.h) describes it.
//
// Cost: the hooks run once per item with an id (a few hundred at most: the canvas is one
// invisible button whatever the size of the map); the description is rebuilt every frame and sent
// only when it differs, so an idle editor sends nothing.
#include "editor/editor.h"
#include "platform/platform.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>

#ifdef __EMSCRIPTEN__
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui_impl_glfw.h>
#endif

namespace jm {

namespace {

// The editor whose chrome the hooks fill (set each frame by a11y_chrome_begin_frame).
Editor* g_ed = nullptr;
ImGuiID g_canvas_window = 0;   // "##canvas_window": the map, described by the mirror instead

struct ItemExtra {          // what A11yChromeItem has no room for (kept beside it, same index)
  ImRect rect;              // g.LastItemData.Rect: what look.cpp's ui_record saw
  ImRect clip;              // the window's clip rect when the item was added
  ImGuiID scroller = 0;     // the window the item was added to (the one that scrolls it)
  ImGuiID seed = 0;         // the ID stack top when added (the right-to-left bar menus' scope)
  bool disabled = false;
  bool info = false;        // ItemInfo came (ImGui reported a label)
  bool text = false;        // static text our text widgets reported (ItemInfo with id 0)
};
std::vector<ItemExtra> g_extra, g_extra_last;

struct WinInfo {
  ImGuiID id = 0;
  std::string name;         // ImGui's window name ("##inspector", "Title###id")
  ImGuiWindowFlags flags = 0;
  ImGuiWindow* window = nullptr;
};
std::vector<WinInfo> g_windows;

const WinInfo* find_window(ImGuiID id) {
  for (const WinInfo& w : g_windows)
    if (w.id == id) return &w;
  return nullptr;
}

void json_str(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += (char)c; }
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += (char)c;
  }
  out += '"';
}

// "Text###key" -> "Text"; "Text##id" -> "Text"; "##id" -> "".
std::string visible_part(const char* label) {
  const char* e = std::strstr(label, "##");
  return e ? std::string(label, e) : std::string(label);
}

// An id rather than words ("box", "chip", "persona:3"): lower-case ASCII with no space.
bool looks_like_id(const std::string& s) {
  if (s.empty()) return true;
  for (unsigned char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-')) return false;
  return true;
}

bool is_key(const std::string& s) { return !s.empty() && (i18n().has("en", s) || i18n().has(i18n().language(), s)); }

// The words a screen reader should say for an item, or "" to leave it out.
// Words, not a symbol: an ASCII letter or digit, or a letter of the scripts we ship (Latin-1 up to
// Hebrew and Arabic: UTF-8 lead bytes 0xC3..0xDF); "–", "+", "?" are symbols.
bool has_words(const std::string& s) {
  for (unsigned char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 0xC3 && c <= 0xDF)) return true;
  return false;
}

// The tooltip key of an item, when it has one: icon buttons ("–###zoom_out") say what they do
// only in their tooltip (SetTooltip(T("tip.zoom_out")) on hover, which the hooks never see).
std::string tip_key(const std::string& label, const std::string& shown) {
  const char* id = std::strstr(label.c_str(), "###");
  if (id) {
    std::string k = std::string("tip.") + (id + 3);
    if (is_key(k)) return k;
    if (std::strcmp(id + 3, "help") == 0) return "menu.shortcuts";
  }
  // The viewer's zoom buttons and the help button carry no id.
  if (shown == "\xE2\x80\x93" || shown == "-") return "tip.zoom_out";
  if (shown == "+") return "tip.zoom_in";
  if (shown == "?") return "menu.shortcuts";
  return std::string();
}

// *recorded_name: the words came from a ui_record id (a custom widget, e.g. a right-to-left menu
// title). *desc: the item's tooltip, when known and not already its name.
std::string item_name(const A11yChromeItem& it, const ItemExtra& ex, const std::vector<std::pair<std::string, ImVec4>>& recorded, bool* recorded_name,
                      std::string* desc) {
  *recorded_name = false;
  desc->clear();
  if (ex.text) {
    const std::string* l = i18n().logical(it.label);
    return l ? *l : it.label;
  }
  std::string shown = ex.info ? visible_part(it.label.c_str()) : std::string();
  if (!shown.empty() && ex.info) {
    std::string tk = tip_key(it.label, shown);
    if (!tk.empty()) {
      if (!has_words(shown)) return i18n().text(tk);
      *desc = i18n().text(tk);
    }
  }
  if (!shown.empty()) {
    if (const std::string* l = i18n().logical(shown)) return *l;
    if (is_key(shown)) return i18n().text(shown);          // InvisibleButton(key): look.cpp's right-to-left check boxes
    if (!looks_like_id(shown)) return shown;               // text made on the spot: the display form is all we have
  }
  // No words of its own: the id look.cpp's ui_record gave the same rectangle, when it is a key.
  for (const auto& r : recorded)
    if (r.second.x == ex.rect.Min.x && r.second.y == ex.rect.Min.y && r.second.z == ex.rect.GetWidth() && r.second.w == ex.rect.GetHeight() && is_key(r.first)) {
      *recorded_name = true;
      return i18n().text(r.first);
    }
  return std::string();
}

std::string window_title(const WinInfo& w) {
  std::string base = visible_part(w.name.c_str());
  if (!base.empty()) {
    const std::string* l = i18n().logical(base);
    return l ? *l : base;
  }
  // "##inspector" -> chrome.inspector
  const char* id = std::strstr(w.name.c_str(), "##");
  std::string key = std::string("chrome.") + (id ? id + 2 : w.name.c_str());
  if (key.size() > 7 && key[7] == '#') key.erase(7, 1);
  return is_key(key) ? i18n().text(key) : std::string();
}

void rect_json(std::string& out, const ImRect& r, float ui) {
  char b[96];
  std::snprintf(b, sizeof b, "[%.0f,%.0f,%.0f,%.0f]", std::floor(r.Min.x / ui), std::floor(r.Min.y / ui), std::ceil(r.GetWidth() / ui),
                std::ceil(r.GetHeight() / ui));
  out += b;
}

int find_last(const Editor& ed, ImGuiID id) {
  for (size_t i = 0; i < ed.chrome.last.size(); i++)
    if (ed.chrome.last[i].id == id) return (int)i;
  return -1;
}

}  // namespace

}  // namespace jm

// ---- The test-engine hooks ImGui calls (imgui_internal.h, IMGUI_ENABLE_TEST_ENGINE) ----------

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, ImGuiID id, const ImRect& bb, const ImGuiLastItemData* item_data) {
  using namespace jm;
  if (!g_ed) return;
  ImGuiWindow* w = ctx->CurrentWindow;
  if (!w || id == w->ID || id == w->MoveId) return;   // the window itself, its title bar
  ImGuiWindow* root = w->RootWindow ? w->RootWindow : w;
  if (root->ID == g_canvas_window || (root->Flags & ImGuiWindowFlags_Tooltip)) return;
  if (g_canvas_window == 0 && std::strcmp(root->Name, "##canvas_window") == 0) { g_canvas_window = root->ID; return; }
  A11yChrome& c = g_ed->chrome;
  A11yChromeItem it;
  it.id = id;
  it.window = root->ID;
  it.bb = bb;
  c.items.push_back(std::move(it));
  ItemExtra ex;
  ex.rect = item_data ? item_data->Rect : bb;
  ex.clip = w->ClipRect;
  ex.scroller = w->ID;
  ex.seed = w->IDStack.Size ? w->IDStack.back() : 0;
  ex.disabled = item_data && (item_data->InFlags & ImGuiItemFlags_Disabled);
  g_extra.push_back(ex);
  if (g_windows.empty() || g_windows.back().id != root->ID) {
    if (!find_window(root->ID)) g_windows.push_back({root->ID, root->Name, root->Flags, root});
  }
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  using namespace jm;
  if (!g_ed || !label) return;
  A11yChrome& c = g_ed->chrome;
  if (id == 0) {
    // Static text (ImGui reports none: text has no id). Our own text widgets may call
    //   ImGuiTestEngineHook_ItemInfo(ImGui::GetCurrentContext(), 0, text, 0)
    // after drawing it (look.cpp's ui_text, ui_text_wrapped): a dialog's message, read in the
    // dialog's twin. The id is made from the window and the text's place in it.
    ImGuiWindow* w = ctx->CurrentWindow;
    if (!w || !*label) return;
    ImGuiWindow* root = w->RootWindow ? w->RootWindow : w;
    if (root->ID == g_canvas_window || (root->Flags & ImGuiWindowFlags_Tooltip)) return;
    unsigned n = 0;
    for (const A11yChromeItem& it : c.items) n += it.window == root->ID;
    A11yChromeItem it;
    it.id = ImHashStr(label, 0, root->ID + n);
    it.window = root->ID;
    it.bb = ctx->LastItemData.Rect;
    it.label = label;
    c.items.push_back(std::move(it));
    ItemExtra ex;
    ex.rect = ctx->LastItemData.Rect;
    ex.clip = w->ClipRect;
    ex.info = true;
    ex.text = true;
    g_extra.push_back(ex);
    if (!find_window(root->ID)) g_windows.push_back({root->ID, root->Name, root->Flags, root});
    return;
  }
  // Usually the item just added; a menu reports after its inner selectable.
  for (int i = (int)c.items.size() - 1, n = 0; i >= 0 && n < 16; i--, n++) {
    if (c.items[i].id != id) continue;
    c.items[i].label = label;
    c.items[i].flags = flags;
    g_extra[i].info = true;
    return;
  }
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

// Only ImGui's debug tools ask (compiled out here: IMGUI_DISABLE_DEBUG_TOOLS); defined so the
// link never depends on that.
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) {
  if (!jm::g_ed) return nullptr;
  for (const jm::A11yChromeItem& it : jm::g_ed->chrome.last)
    if (it.id == id) return it.label.c_str();
  return nullptr;
}

namespace jm {

// The innermost window holding the item scrolls: the one it was added to. (Its clip rect then
// can be a table column's, so the window is found by id, not by clip rect.)
static void scroll_into_view(const A11yChromeItem& it, const ItemExtra& ex) {
  ImGuiWindow* w = ex.scroller ? ImGui::FindWindowByID(ex.scroller) : nullptr;
  if (!w || !(w->Active || w->WasActive) || w->InnerClipRect.Contains(it.bb)) return;   // (before its Begin: WasActive)
  ImGui::ScrollToRect(w, it.bb);
  platform::wake(3);
}

void a11y_chrome_begin_frame(Editor& ed) {
  g_ed = &ed;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  A11yChrome& c = ed.chrome;
  g.TestEngineHookItems = !c.off;
  c.last.swap(c.items);
  c.items.clear();
  g_extra_last.swap(g_extra);
  g_extra.clear();
  g_windows.clear();

  // A twin took the keyboard focus (jm_a11y_reveal): its item scrolls into view in its panel, so
  // the focus ring drawn over it is on screen (WCAG 2.4.11), as a click's first phase does.
  if (c.reveal) {
    int i = find_last(ed, c.reveal);
    if (i >= 0) scroll_into_view(c.last[i], g_extra_last[i]);   // no scroll when it is in view already
    c.reveal = 0;
  }
  // A click the page asked for (jm_a11y_click): the press this frame, the release the next, then
  // the pointer leaves (hover effects and tooltips must not stay on the item). ImGui reads these
  // events at the next NewFrame.
  if (c.click_phase == 0) return;
  ImGuiIO& io = ImGui::GetIO();
  if (c.click_phase == 1 || c.click_phase == 2) {   // 2: a second try after scrolling it into view
    int i = find_last(ed, c.click);
    if (i < 0) { c.click = 0; c.click_phase = 0; return; }
    const A11yChromeItem& it = c.last[i];
    const ItemExtra& ex = g_extra_last[i];
    // Scrolled out of its panel: bring it into view first, click on the next frame.
    if (c.click_phase == 1 && !ex.clip.Contains(it.bb)) {
      scroll_into_view(it, ex);
      c.click_phase = 2;
      platform::wake(3);
      return;
    }
#ifdef __EMSCRIPTEN__
    // The GLFW backend feeds its own last cursor position every frame until it has seen the
    // pointer in the window (main.cpp's jm_pointer does the same).
    if (GLFWwindow* win = glfwGetCurrentContext()) ImGui_ImplGlfw_CursorEnterCallback(win, 1);
#endif
    c.click_at = it.bb.GetCenter();
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    io.AddMousePosEvent(c.click_at.x, c.click_at.y);
    io.AddMouseButtonEvent(0, true);
    c.click_phase = 3;
  } else if (c.click_phase == 3) {
    io.AddMouseButtonEvent(0, false);
    c.click_phase = 4;
  } else {
    io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    c.click = 0;
    c.click_phase = 0;
  }
  platform::wake(3);
}

void a11y_chrome_end_frame(Editor& ed) {
  A11yChrome& c = ed.chrome;
  if (c.off) return;
  // Not on the very first frame: the twins (20-30 ms of building and DOM work then) come with the
  // next one, a frame later, and the map is on screen sooner.
  if (ImGui::GetFrameCount() <= 1) { platform::wake(2); return; }
  double t0 = platform::now_ms();
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const auto& recorded = ui_recorded();
  float ui = ed.ui > 0 ? ed.ui : 1;
  // Which popup a right-to-left menu bar title opened (look.cpp's ui_bar_menu: a popup "menu" in
  // the title's ID scope, opened from that scope).
  auto popup_open_from = [&](ImGuiID seed) {
    for (const ImGuiPopupData& p : g.OpenPopupStack)
      if (p.OpenParentId == seed && p.Window) return true;
    return false;
  };

  std::string out = "{\"windows\":[";
  // Windows in the order ImGui submitted them, the menu bar first, popups and dialogs last (on top).
  std::vector<const WinInfo*> order;
  for (int pass = 0; pass < 3; pass++)
    for (const WinInfo& w : g_windows) {
      bool bar = (w.flags & ImGuiWindowFlags_MenuBar) && std::strcmp(w.name.c_str(), "##MainMenuBar") == 0;
      bool pop = (w.flags & ImGuiWindowFlags_Popup) != 0;
      if ((pass == 0 && bar) || (pass == 1 && !bar && !pop) || (pass == 2 && pop)) order.push_back(&w);
    }
  std::string last_opener;   // the label of the last menu title / submenu item seen open
  bool first_win = true;
  for (const WinInfo* w : order) {
    bool bar = (w->flags & ImGuiWindowFlags_MenuBar) && std::strcmp(w->name.c_str(), "##MainMenuBar") == 0;
    bool modal = (w->flags & ImGuiWindowFlags_Modal) != 0;
    bool popup = (w->flags & ImGuiWindowFlags_Popup) != 0;
    // A popup with menu items is a menu; a combo's list is one too (its items are choices).
    bool menu = false;
    if (popup && !modal) {
      menu = (w->flags & ImGuiWindowFlags_ChildMenu) || std::strncmp(w->name.c_str(), "##Combo_", 8) == 0;
      for (size_t i = 0; i < c.items.size() && !menu; i++)
        if (c.items[i].window == w->id && (c.items[i].flags & (ImGuiItemStatusFlags_Checkable | ImGuiItemStatusFlags_Openable))) menu = true;
    }
    const char* kind = bar ? "menubar" : modal ? "dialog" : menu ? "menu" : popup ? "popup" : "panel";
    std::string name = bar ? i18n().text("chrome.menubar") : menu && !last_opener.empty() ? last_opener : window_title(*w);
    if (name.empty()) name = i18n().text(menu ? "chrome.menu" : modal || popup ? "chrome.dialog" : "chrome.panel");

    std::string items;
    bool has_control = false;
    for (size_t i = 0; i < c.items.size(); i++) {
      const A11yChromeItem& it = c.items[i];
      if (it.window != w->id) continue;
      const ItemExtra& ex = g_extra[i];
      bool from_record = false;
      std::string desc;
      std::string label = item_name(it, ex, recorded, &from_record, &desc);
      if (label.empty()) continue;
      int f = it.flags;
      bool openable = (f & ImGuiItemStatusFlags_Openable) != 0;
      bool expanded = (f & ImGuiItemStatusFlags_Opened) != 0;
      // In the menu bar: ImGui's menus (left to right) say so; look.cpp's right-to-left titles are
      // selectables named by ui_record whose popup opened from their own ID scope.
      if (bar && !openable && from_record) { openable = true; expanded = popup_open_from(ex.seed); }
      const char* role;
      if (ex.text) role = "text";
      else if (bar) role = "menuitem";
      else if (menu) role = (f & ImGuiItemStatusFlags_Checked) ? "menuitemcheckbox" : "menuitem";
      else if (f & ImGuiItemStatusFlags_Checkable) role = "checkbox";
      else if (f & ImGuiItemStatusFlags_Inputable) role = "textbox";
      else if (openable) role = "treeitem";
      else role = "button";
      if (expanded && (bar || menu)) last_opener = label;
      has_control = has_control || !ex.text;
      if (!items.empty()) items += ',';
      char idb[32];
      std::snprintf(idb, sizeof idb, "{\"id\":%u,\"label\":", (unsigned)it.id);
      items += idb;
      json_str(items, label);
      items += ",\"role\":\"";
      items += role;
      items += '"';
      if (f & ImGuiItemStatusFlags_Checkable) items += (f & ImGuiItemStatusFlags_Checked) ? ",\"checked\":true" : ",\"checked\":false";
      if (openable) {
        items += expanded ? ",\"expanded\":true" : ",\"expanded\":false";
        if (bar || menu) items += ",\"haspopup\":true";
      }
      if (!desc.empty()) { items += ",\"desc\":"; json_str(items, desc); }
      if (ex.disabled) items += ",\"disabled\":true";
      items += ",\"rect\":";
      rect_json(items, it.bb, ui);
      items += '}';
    }
    if (!has_control && !modal && !popup) continue;   // a window of drawings or text only (the status bar's counts)
    if (!first_win) out += ',';
    first_win = false;
    char idb[32];
    std::snprintf(idb, sizeof idb, "{\"id\":%u,\"name\":", (unsigned)w->id);
    out += idb;
    json_str(out, name);
    out += ",\"kind\":\"";
    out += kind;
    out += "\",\"rect\":";
    rect_json(out, w->window ? w->window->Rect() : ImRect(), ui);
    out += ",\"items\":[";
    out += items;
    out += "]}";
  }
  out += "],\"rtl\":";
  out += ui_rtl() ? "true" : "false";
  out += '}';
  c.build_ms = (float)(platform::now_ms() - t0);   // the build and the comparison, not the page's DOM work
  if (out != c.sent) {
    c.sent = std::move(out);
    platform::a11y_chrome(c.sent);
  }
}

double a11y_chrome_command(Editor& ed, const std::string& name, const std::string& arg) {
  if (name == "a11y_chrome_hooks") {   // "0": off (the bench compares frame times), else on
    ed.chrome.off = arg == "0";
    if (ed.chrome.off) { ed.chrome.items.clear(); ed.chrome.last.clear(); g_extra.clear(); g_extra_last.clear(); }
    platform::wake(3);
    return 1;
  }
  if (name != "a11y_escape") return -1;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  // A menu or popup closes here. A dialog closes the way a user would: its title bar's close
  // button when it has one (clicked like a twin; the About box reads no Escape), else the Escape
  // key, which the other dialogs read: down now, up a frame later (ImGui trickles it).
  ImGuiWindow* top = g.OpenPopupStack.empty() ? nullptr : g.OpenPopupStack.back().Window;
  ImGuiID close = top ? ImHashStr("#CLOSE", 0, top->ID) : 0;
  if (top && !(top->Flags & ImGuiWindowFlags_Modal)) {
    ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, true);
  } else if (top && std::any_of(ed.chrome.items.begin(), ed.chrome.items.end(), [&](const A11yChromeItem& it) { return it.id == close; })) {
    // (Between frames, items holds the frame just drawn; begin_frame moves it to last.)
    ed.chrome.click = close;
    ed.chrome.click_phase = 1;
  } else {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiKey_Escape, true);
    io.AddKeyEvent(ImGuiKey_Escape, false);
  }
  platform::wake(3);
  return 1;
}

}  // namespace jm

#ifdef __EMSCRIPTEN__
extern "C" {

// Click the ImGui item `id` for its HTML twin: a press at its centre on the next frame, the
// release on the one after (a11y_chrome_begin_frame).
EMSCRIPTEN_KEEPALIVE void jm_a11y_click(unsigned id) {
  if (!jm::g_ed) return;
  jm::A11yChrome& c = jm::g_ed->chrome;
  c.click = id;
  c.click_phase = 1;
  jm::platform::wake(4);
}

// The twin of item `id` took the keyboard focus: bring the item into view (next frame).
EMSCRIPTEN_KEEPALIVE void jm_a11y_reveal(unsigned id) {
  if (!jm::g_ed) return;
  jm::g_ed->chrome.reveal = id;
  jm::platform::wake(3);
}

// The last description's build time (ms), for the bench.
EMSCRIPTEN_KEEPALIVE double jm_a11y_chrome_ms() { return jm::g_ed ? jm::g_ed->chrome.build_ms : 0; }

EMSCRIPTEN_KEEPALIVE const char* jm_a11y_chrome() { return jm::g_ed ? jm::g_ed->chrome.sent.c_str() : "{\"windows\":[]}"; }

}  // extern "C"
#endif
