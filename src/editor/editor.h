// editor.h: the Dear ImGui editor. It reads the model (Doc) and issues commands (core/edit.h);
// what it keeps itself is view state only: zoom and scroll, selection, the gesture in progress,
// which field is being typed into, panels shown.
#pragma once

// A dialog's or panel's window, kept out of line so a frame with it closed runs only the test
// in front of it: the build keeps the code start-up runs in the first part of the wasm and loads
// the rest after the first frame (tools/split-wasm.mjs), and an inlined window would drag all of
// its code into the first part.
#define JM_COLD __attribute__((noinline))
#include "core/a11y.h"
#include "core/analytics.h"
#include "core/palette.h"
#include "core/dataset.h"
#include "core/person.h"
#include "core/edit.h"
#include "core/i18n.h"
#include "core/layout.h"
#include <imgui.h>
#include <imgui_internal.h>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <unordered_map>
#include <vector>

namespace jm {

// Dear ImGui sizes a font by its ascent-to-descent height, CSS by its em. For Noto Sans that
// height is 1.362 em, so a 14 px CSS font is a 19.07 px ImGui font. The text functions below take
// CSS sizes (what a designer means by "14 px", and what the browser text field uses).
constexpr float kEm = 1.362f;

struct Theme {
  bool dark = false;
  ImU32 app_bg, canvas_bg, panel_bg, panel_border, grid_line, header_bg, header_text, lane_bg, lane_bg_alt,
      card_bg, card_border, card_shadow, text, text_muted, text_faint, accent, accent_soft, selection,
      search_hit, positive, negative, zero_line, focus;
};

enum class SelKind : uint8_t { None, Cards, Stage, Lane };
enum class EditKind : uint8_t { None, CardText, StageName, LaneName, Title, Goal, Description, Tag, StageDescription, Search,
                                 LibraryFilter, LibraryRename, VersionName,
                                 Panel,     // a field of panels.cpp or of the inspector's new sections: TextEdit::key names it
                                 StageNotes };   // a stage's speaker notes (present.cpp)

struct TextEdit {
  EditKind kind = EditKind::None;
  Id id = kNoId;
  std::string key;            // a library entry's id, for LibraryRename; the field, for Panel
  ImVec2 pos, size;           // in canvas coordinates (device px) when on the grid
  bool on_grid = false;       // follows pan and zoom
  float font_px = 14;
  bool fresh_card = false;    // a card created to be typed into: cancel removes it
  std::string merge_key;      // its typing merges into the step that created it
};

// What the panels (panels.cpp) show: view state only, like everything else in Editor.
enum class SidePanel : uint8_t { None, Personas, Summary };
enum class BottomPanel : uint8_t { None, Actions, Matrix, Data };   // Data: data_panel.cpp
struct PanelsState {
  SidePanel side = SidePanel::None;          // beside the canvas, on the interface's start side
  BottomPanel bottom = BottomPanel::None;    // under the canvas: the actions table or the matrix
  Id persona_open = kNoId;                   // the persona whose form the personas panel shows
  Id persona_card = kNoId;                   // the persona shown as a printable card (a dialog)
  bool show_persona_library = false;         // the "Add from library" dialog
  Id action_sel = kNoId;                     // the action selected in the table or the matrix
  std::string actions_filter;                // text filter of the actions table
  int actions_status = -1;                   // status filter (ActionStatus), -1: any
  std::string actions_owner;                 // owner filter, empty: any
  std::vector<Id> actions_rows;              // the table's rows as last drawn (sorted, filtered)
  int actions_sort_col = -1;                 // the table's sort, as ImGui last reported it
  bool actions_sort_desc = false;
  bool actions_rtl_scrolled = false;         // a right-to-left table was scrolled to its start
  Id summary_persona = kNoId;                // whose summary: kNoId for everyone
  int summary_state = 0;                     // JourneyState of the summary
  bool summary_all_gaps = false;             // every hand-off gap listed, not just the first few
  std::vector<Persona> library;              // the browser's persona library as last listed
  bool library_listed = false;
  std::string author;                        // the comment author's name (kept by the browser)
  bool author_loaded = false;
  Id comment_pending = kNoId;                // a comment to start once the author is known
  std::string focus_field;                   // a panel field to open for typing when next drawn
  std::vector<Id> avatars_drawn;             // personas drawn with their image this frame (tests)
  std::vector<Id> avatars_drawn_last;
  bool card_drawn = false, card_drawn_last = false;   // the persona card's picture was on screen
};

// What the data panel and the canvas's data overlay keep (data_panel.cpp, data_overlay.cpp):
// view state only. The map's own data layer (mapping, settings, rules, aggregates) is in
// Map::data; what the page's worker reports (progress, import reports, people, one person's
// journey, rule firings) is kept here and never saved with the map.
struct DataView {
  int tab = 0;                               // Sources, Mapping, Scores, Funnel, Paths, Attribution, People, Rules
  std::string state = "idle";                // the worker: idle | reading | computing | done | error | cancelled
  double progress = 0;
  std::string message;
  std::vector<ImportReport> reports;         // of the last import
  int64_t stored_events = 0, stored_responses = 0, stored_paths = 0;
  std::vector<std::string> stored_files;
  std::vector<std::string> people;           // the people list, most active first
  bool people_asked = false;
  std::string person_pick;                   // chosen in the list (asked from the page)
  PersonJourney person;                      // the journey shown on the map (person.person empty: none)
  bool person_shown = false;
  std::vector<RuleFiring> firings;
  bool firings_asked = false;
  std::string metric = "nps";                // the metric of the Scores tab and the heat strip
  int attribution = -1;                      // model index in all_attribution_models(); -1: side by side
  bool overlay = true;                       // scores, heat strip and funnel drawn on the map
  float band = 0;                            // the stage header height the data band adds (map units)
  std::string people_filter;
};

enum class Gesture : uint8_t { None, Pan, Band, DragCards, DragPoint, DragStage, DragLane, ResizeStage };

// What is under a point of the canvas (canvas_frame.cpp, hit_test).
enum class HitKind { None, Title, Goal, StageHeader, StageResize, AddStage, LaneHeader, LaneCollapse, AddLane, Card, Point, Cell,
                     Control, Legend };
struct Hit { HitKind kind = HitKind::None; int stage = -1, lane = -1; Id id = kNoId; };

// What the canvas reads off the map for the state it shows, computed with the layout (once per
// revision, state and compare switch), never per frame: a 4,800-card map pans at the same speed.
struct CanvasFacts {
  uint64_t revision = ~0ull;
  JourneyState state = JourneyState::Current;
  bool compare = false;
  StateDiff diff;                               // current -> future, only while comparing
  IdMap<int> diff_mark;        // future card -> 1 added, 2 changed
  IdMap<size_t> changed_at;    // future card -> index into diff.changed
  std::vector<HandoffGap> gaps;                 // of the shown state
  std::vector<Vec2> gap_at;                     // where each gap's marker goes (map units; x < -1e8: off the grid)
  std::vector<StageRollup> rollups;             // of the shown state
  IdMap<size_t> rollup_at;     // stage -> index into rollups
  IdMap<int> box_of;           // card -> index into Layout::cards
  struct Link { int from = -1, to = -1; };      // indices into Layout::cards: from depends on to
  std::vector<Link> links;
  struct Curve { Id persona = kNoId; std::vector<int> points; };   // indices into Layout::curves[lane]
  std::vector<std::vector<Curve>> curves;       // per lane: the shared curve first, then personas in map order
  size_t shown_stages = 0, shown_cards = 0;     // for the status bar (emotion points not counted)
  std::vector<int> stage_cards;                 // cards laid out per stage (stage header counts)
};

// Accessibility (a11y_bridge.cpp): the mirror as last sent to the page and what was last said
// about focus and selection. View state only; nothing here is saved.
struct A11yView {
  A11yMirror mirror;                    // as last sent (the page holds its DOM)
  bool sent = false;                    // a full mirror went out since the page asked
  uint64_t revision = ~0ull;            // what the mirror was built for
  JourneyState state = JourneyState::Current;
  Id persona_filter = kNoId;
  uint64_t lang_serial = ~0ull;
  std::string state_json;               // the last a11y_state message
  size_t undo_size = 0, redo_size = 0;  // to announce "Undone: …" / "Redone: …" whatever did it
  const void* redo_top = nullptr;       // the redo stack's top step, by its change buffer (a redo moves it)
  bool want_full = true;                // the page asked for the whole mirror
  bool editable = true;                 // the grid was built for editing (not a viewer, not read-only)
  // The last update, for the test API and the benchmark (editor_view_json "a11y").
  double build_ms = 0;                  // building and diffing the mirror
  size_t sent_parts = 0, sent_bytes = 0;
  bool sent_full = false;
  uint64_t updates = 0;                 // messages sent since start
};

// The chrome's HTML twins (a11y_chrome.cpp): the interactive items ImGui submitted this frame,
// collected by its test-engine hooks (IMGUI_ENABLE_TEST_ENGINE), and a click the page asked for.
struct A11yChromeItem {
  ImGuiID id = 0;
  ImGuiID window = 0;
  ImRect bb;                            // device px
  std::string label;                    // as given to ImGui (display form); "##" part removed
  int flags = 0;                        // ImGuiItemStatusFlags
};
struct A11yChrome {
  std::vector<A11yChromeItem> items, last;   // this frame's, the last frame's
  std::string sent;                     // the last a11y_chrome message
  ImGuiID click = 0;                    // an item to click for the page (two frames: press, release)
  ImGuiID reveal = 0;                   // an item whose twin took focus: scrolled into view in its panel
  int click_phase = 0;
  ImVec2 click_at;
  bool off = false;                     // command a11y_chrome_hooks 0: no hooks, no description (to measure their cost)
  float build_ms = 0;                   // the last a11y_chrome_end_frame's time
};

// Display preferences (look.cpp): theme (incl. high contrast and the system's forced colours),
// interface text size, reduced motion. The page applies the browser's media queries on start.
struct DisplayPrefs {
  ThemeKind theme = ThemeKind::Light;
  SystemColors system{};                // for ThemeKind::Forced
  float text_scale = 1;                 // 1 .. 2: the interface's text and controls
  bool reduced_motion = false;          // no animations (prefers-reduced-motion)
};

struct Editor {
  // Scale and fonts
  float ui = 1;               // device pixels per CSS pixel
  bool fonts_dirty = true;
  float font_zoom = 1;        // zoom the card font was baked for
  ImFont* font_ui = nullptr;
  ImFont* font_bold = nullptr;
  ImFont* font_title = nullptr;
  ImFont* font_card = nullptr;
  ImFont* font_card_bold = nullptr;
  Theme theme;

  // View: scroll is the map point at the top-left of the grid viewport, in map units.
  float zoom = 1;
  ImVec2 scroll{0, 0};
  bool fit_pending = true;
  ImVec2 grid_origin;         // screen position of the grid viewport's top-left (device px)
  ImVec2 grid_size;
  ImVec2 canvas_min, canvas_max;
  bool rtl_view = false;      // the map on screen flows right to left
  ImVec2 popup_at;            // where the add-lane menu opens (below its button)

  // Selection and cursor cell
  SelKind sel_kind = SelKind::None;
  std::vector<Id> sel;        // cards, or the one stage / lane
  uint64_t sel_checked_revision = ~0ull;
  int cursor_stage = 0, cursor_lane = 0;

  // Gesture in progress
  Gesture gesture = Gesture::None;
  ImVec2 press_pos;
  bool dragged = false;
  Id drag_id = kNoId;
  int drop_stage = -1, drop_lane = -1;
  Id drop_before = kNoId;
  int drop_index = -1;
  float drag_start_width = 0;
  std::string merge_key;
  std::string last_point_click;  // merge key of the last click that set an emotion point
  int gesture_serial = 0;
  bool cancel_gesture = false;
  bool long_press_done = false;
  Hit menu_hit;               // what the canvas's right-click menu is for (canvas_menus.cpp)

  TextEdit editing;
  std::string search;
  bool show_inspector = true;
  bool embed = false;         // embedded viewer: no editor chrome, read-only
  bool assumptions_only = false;   // View > Show only assumptions (card_badges.cpp)
  std::vector<std::pair<Id, ImRect>> journey_marks;   // sub-journey marks drawn last frame: a click opens the map
  float title_inset[2] = {0, 0};   // CSS px the page covers at the title line's left and right end (the viewer's Text view button)
  struct Present {             // present.cpp; step -1: not presenting
    int step = -1;
    bool notes = true;
    ImVec2 fitted_for;          // the canvas size the map was fitted to
    int revealed = -1;          // the step whose stage was last scrolled into view (a map wider than the screen)
  } present;
  bool shared_view = false;   // opened from a share link: read-only until "Save a copy"
  bool show_shortcuts = false;
  bool show_about = false;
  // File > Export > Print or PDF...: the sheet, the way to print, and the map's SVG the preview
  // and the print are made from (made again when the map changes).
  struct PrintDialog {
    bool show = false;
    int paper = 0;                 // index into paper_sizes(); its size: a custom one
    float custom_w = 600, custom_h = 900;
    bool landscape = true, tiled = false;
    int scale_pct = 100;
    float overlap_mm = 10;
    uint64_t svg_revision = ~0ull;
    std::string svg;
    float svg_w = 0, svg_h = 0;
  } print;
  bool want_fit = false;
  bool fit_readable = false;  // never below 75 % (opening a map), unlike the Fit button
  // Templates shipped in the data package, with their map and a layout for the gallery's preview.
  struct TemplateFile {
    std::string path, title, lang;
    Map map;
    Layout thumb;
    bool thumb_ready = false;
  };
  std::vector<TemplateFile> templates;
  bool show_gallery = false;
  std::string gallery_lang;   // "en", "ar", "he" or "all"; empty: the interface language
  bool gallery_builtin_ready = false;
  std::string gallery_builtin_lang;
  Map gallery_blank, gallery_classic;
  Layout gallery_blank_layout, gallery_classic_layout;
  std::string toast;
  bool toast_error = false;
  double toast_until = 0;
  bool animating = false;
  bool tooltip_wake = false;

  Layout layout;
  LayoutStyle style;
  ShapeCache card_shapes{16384};  // card texts shaped for the layout; cleared when fonts change
  uint64_t layout_key = ~0ull;
  JourneyState layout_state = JourneyState::Current;

  // Journey content on the canvas (canvas.cpp): the state shown, the comparison with the current
  // state, a persona filter, hidden emotion curves, a link being drawn. View state only.
  JourneyState view_state = JourneyState::Current;
  bool compare = false;           // future state: mark what is new or changed since the current one
  Id persona_filter = kNoId;      // cards not for this persona are dimmed; new emotion points are theirs
  std::vector<Id> hidden_curves;  // personas whose emotion curve is not drawn (kNoId: the shared curve)
  Id linking_from = kNoId;        // "Link to...": the next card clicked is the one this card depends on
  CanvasFacts facts;
  std::vector<std::pair<std::string, ImVec4>> canvas_controls;   // {id, {x, y, w, h}} drawn this frame (test API)

  // The browser library ("My maps") as last listed by the page.
  struct LibraryEntry { std::string id, title; double updated = 0, bytes = 0; bool trashed = false, current = false;
                        std::string uid; };   // uid: the map's own (MapMeta::uid), for sub-journeys
  std::vector<LibraryEntry> library;
  double storage_usage = 0, storage_quota = 0;
  bool show_library = false;
  bool library_trash = false;
  std::string library_filter;
  int library_sort = 0;       // 0 last change, 1 title, 2 size
  uint64_t notified_revision = 0;
  std::string notified_session;

  // Interface language: "en", "ar" or "he". A switch asked for during a frame (the Language
  // menu) is applied before the next one, so no string of the old language is in use.
  std::string pending_lang;
  uint64_t lang_serial = 0;   // bumped on every switch: caches of translated text key on it

  PanelsState panels;
  DataView data;

  A11yView a11y;
  A11yChrome chrome;
  DisplayPrefs display;

  std::vector<float> frame_ms;  // ring of recent frame build times (NewFrame to Render)
  size_t frame_ms_next = 0;
};

void editor_init(Editor& ed, Doc& doc);
void editor_set_scale(Editor& ed, float device_pixel_ratio);
void editor_before_frame(Editor& ed);
void editor_frame(Editor& ed, Doc& doc);
bool editor_wants_frames(const Editor& ed);
void editor_record_frame_time(Editor& ed, double ms);

// Entry points from the page (web/app.js through main.cpp).
void editor_text_done(Editor& ed, Doc& doc, const char* text, bool commit);
void editor_text_input(Editor& ed, Doc& doc, const char* text);
std::string editor_copy(Editor& ed, Doc& doc, bool cut);   // {"text":..., "rich":...} or ""
void editor_paste(Editor& ed, Doc& doc, const char* text, const char* rich);
void editor_open_text(Editor& ed, Doc& doc, const char* name, const std::string& bytes);   // a file's bytes, whole
void editor_notify(Editor& ed, const std::string& msg, bool error);
void editor_cancel_gesture(Editor& ed);
void editor_pinch(Editor& ed, float scale, float dx, float dy, float cx, float cy);
std::string editor_view_json(const Editor& ed, const Doc& doc);
std::string editor_session_json(const Editor& ed, const Doc& doc);
void editor_restore(Editor& ed, Doc& doc, const char* record_json);
void editor_library_list(Editor& ed, const char* json);
void library_dialog(Editor& ed, Doc& doc);
double editor_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);
const std::string& editor_last_export();

// ---- Interface language (look.cpp) ------------------------------------------------------------
// The editor's one table of interface strings (core/i18n.h). Keys name the place ("menu.file");
// ImGui labels are built as display text + "###" + key so a widget keeps its identity (open
// popups, focus, hover) when the language changes.
I18n& i18n();
bool ui_rtl();                                    // the interface reads right to left (ar, he)
void ui_load_languages();                         // reads /assets/i18n/*.json (those there)
bool ui_load_language(const std::string& lang);   // reads /assets/i18n/<lang>.json: false when absent
void ui_set_language(Editor& ed, const std::string& lang);   // applied now: call outside a frame
const char* T(const char* key);                   // display form, for ImGui widgets
const std::string& TX(const char* key);           // logical form, for draw_text and text fields
const char* TL(const char* key);                  // T(key) + "###" + key: a language-proof ImGui label
std::string TF(const char* key, I18nArgs args);   // formatted, display form
std::string TFX(const char* key, I18nArgs args);  // formatted, logical form
std::string TP(const char* key, long long n, I18nArgs args = {});   // plural, display form
std::string TPX(const char* key, long long n, I18nArgs args = {});  // plural, logical form
const char* U(const std::string& user_text);      // user text (titles, names) in display form
std::string lane_type_name(LaneType t);           // the type's name in the interface language (logical)
std::string channel_name(const std::string& key); // a channel's name (logical); custom ones as they are
std::string action_name(const std::string& label);// an undo step's label (logical)

// Widgets that follow the interface direction. In a left-to-right interface they are the plain
// ImGui ones; right to left they draw their text on the right and their marks mirrored. `text`
// is display text (T, U), `id` a stable ImGui id.
void ui_text(const char* text, ImU32 col = 0);    // one line, right-aligned when RTL (0: style colour)
void ui_text_wrapped(const std::string& logical, ImU32 col);
std::shared_ptr<const DisplayLines> wrap_ui(const std::string& logical, float width, ImFont* font, float size);  // cached
bool ui_button(const char* key, ImVec2 size = ImVec2(0, 0));
bool ui_checkbox(const char* key, bool* v, bool align_end = true);   // align_end: right to left, at the right edge
bool ui_radio(const char* key, bool active);
// ImGui::BeginPopupModal with its close button on the far end of the title from the reading
// side: ImGui draws it at the right in any language; right to left it is at the left (look.cpp).
bool ui_begin_modal(const char* title, bool* open, ImGuiWindowFlags flags = 0);
bool ui_menu_item(const char* text, const char* id, const char* shortcut = nullptr, bool selected = false, bool enabled = true);
bool ui_menu_key(const char* key, const char* shortcut = nullptr, bool selected = false, bool enabled = true);
bool ui_begin_menu(const char* text, const char* id, bool enabled = true);   // a submenu
bool ui_bar_menu(const char* text, const char* id, float* right);            // RTL menu bar title
bool ui_begin_combo(const char* id, const char* preview);
bool ui_selectable(const char* text, const char* id, bool selected);
// Remembers the last item's screen rectangle under `id` for this frame (the test API reports them).
void ui_record(const char* id);
const std::vector<std::pair<std::string, ImVec4>>& ui_recorded();   // {id, {x, y, w, h}} of the last frame
Map editor_new_map(Template t);
// Interface names for the core's NameFn: the table's text when it has the key, else the English.
std::string editor_ui_name(const std::string& key, const std::string& english);
void editor_start_map(Editor& ed, Doc& doc, const Map& m);   // a new document in My maps, fitted

// ---- Data on the map (data_panel.cpp, data_overlay.cpp) ------------------------------------
// The Data panel in the bottom panel's place (BottomPanel::Data) and the View menu's entries.
void data_panel_draw(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size);
void data_view_menu(Editor& ed, Doc& doc);
// Applies what the page sent since the last frame (the jm_data_* entry points queue it): a new
// set of aggregates is one undoable step. Called at the start of every frame.
void data_frame_begin(Editor& ed, Doc& doc);
// A status-bar indicator (the worker's progress, or the data's size): its width, drawn at x
// (the reading start of the room it is given) when draw is true.
float data_status_item(Editor& ed, Doc& doc, ImDrawList* dl, ImVec2 pos, float height, bool draw);
// Canvas hooks: the height the data band adds under the stage headers (map units, 0 when none);
// the band in a stage header; chips on a card; the personal journey's markers and legend over
// the grid. Screen rectangles in device pixels; k the canvas scale.
float data_band_height(const Editor& ed, const Doc& doc);
void data_draw_stage_band(Editor& ed, const Doc& doc, ImDrawList* dl, int stage, ImRect header, float k);
void data_draw_card(Editor& ed, const Doc& doc, ImDrawList* dl, const Card& c, ImVec2 p, ImVec2 q, float k);
void data_draw_person(Editor& ed, const Doc& doc, ImDrawList* dl, ImRect grid, float k);
// The measured score for a metric chip without a value (nullptr: none measured or below min n).
const ScoreSummary* data_measured(const Editor& ed, const Doc& doc, Id card, Id stage, MetricKind kind);
bool data_escape(Editor& ed);             // Esc leaves the personal journey: true when it did

// ---- Templates gallery (gallery.cpp) -----------------------------------------------------------
void gallery_dialog(Editor& ed, Doc& doc);
// The templates are fetched when first wanted (web/assets.js): true once ed.templates holds them;
// until then each call asks the page for them. templates_offered: false once they failed to come.
bool templates_ensure(Editor& ed);
bool templates_offered(const Editor& ed);
const Editor::TemplateFile* template_find(Editor& ed, const std::string& part);   // nullptr also while the templates download

// ---- Files fetched when first needed (lazy_assets.cpp, look.cpp; issue #12) ---------------------
// Arabic and Hebrew faces, the Arabic and Hebrew tables, the templates are not in the data
// package. Text drawn in a script whose face is not in the atlas is noted (look.cpp), and that
// frame is not shown: the loader, or the frame before, stays until the face is in.
// Latin is there from the start in its common part (ASCII, Latin-1, punctuation, the euro); the
// rest of it (Latin Extended A/B, combining marks, Vietnamese: 70 % of the face's glyphs) is a
// face of its own, fetched and baked the same way (kScriptLatinExt).
// The first atlas holds less still (a start set): of the common Latin part only ASCII and the
// punctuation the interface draws, of Arabic only what Arabic-language text shapes into, unless
// the open map's text needs more (fonts_note_map). The rest of each face already there (Latin-1
// letters, the euro, the arrows; Persian and Urdu letters, Forms-A) needs no download
// (kScriptRest): the frame after the first shown bakes it, or at once a frame that drew some of
// it (noted, or found drawn with the missing-glyph box: fonts_check_frame).
enum : unsigned { kScriptArabic = 1, kScriptHebrew = 2, kScriptLatinExt = 4, kScriptRest = 8, kScriptsAll = 15 };
unsigned fonts_baked_scripts();                        // the faces the atlas holds
unsigned fonts_take_missing_scripts();                 // scripts drawn without their face since the last call
void fonts_note_map(const Map& m);                     // before the first frame: the start set is enough for this map's text?
void fonts_want_rest(bool missed);                     // the next fonts_build bakes the rest (missed: a frame drew without it)
bool fonts_stale();                                    // the atlas lacks what was asked for: fonts_build before the frame
void fonts_check_frame(const ImDrawData* dd);          // while the start set: glyphs drawn as the missing box are noted
void assets_before_frame(Editor& ed);   // before fonts_build: faces that arrived, a language waiting for its files
bool assets_frame_complete();           // after the frame: false when it must not be shown (a face is on its way)
bool ui_language_offered(const std::string& lang);   // en, or a table there or fetchable
// Draws text that is already in display form, clipped to max_w with an ellipsis; align as draw_text_fit.
void draw_shaped_fit(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_w, ImU32 col, const std::string& visual,
                     float align = 0);

// ---- Shared between editor files -----------------------------------------------------------
// The one function that draws user text: every card, name and title goes through it, so the
// right-to-left layer plugs in here. Draws [b, e) at pos with the font at CSS size `size`
// (in device pixels, i.e. already multiplied by the UI scale and zoom).
// Right-to-left and Arabic text is shaped and reordered here (core/text.h, cached), so callers
// pass logical text. Returns the drawn width.
float draw_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const char* b, const char* e,
                const ImVec4* clip = nullptr);
// Text already shaped and in visual order (a card line from the layout).
void draw_shaped(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, const std::string& visual,
                 const ImVec4* clip = nullptr);
bool text_is_rtl(const std::string& logical);
// Same, clipped to max_w with an ellipsis when it does not fit; align 0 left, 0.5 centre, 1 right.
void draw_text_fit(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, float max_w, ImU32 col,
                   const std::string& s, float align = 0);
float measure_text(ImFont* font, float size, const char* b, const char* e);   // logical text
float measure_shaped(ImFont* font, float size, const char* b, const char* e); // visual text

void theme_apply(Editor& ed, bool dark);

// Accessibility (a11y_bridge.cpp): after every frame, the mirror patch and the focus state go to
// the page when they changed; the page's semantic commands (a11y_focus, card_add, card_edit,
// card_move, card_step, delete, emotion, stage_move, lane_move, text_view, a11y_mirror).
void a11y_after_frame(Editor& ed, Doc& doc);
double a11y_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);   // -1: not ours
void a11y_announce(Editor& ed, const std::string& text, bool error = false);
// The page's questions (wasm export jm_a11y): "full" (the whole mirror JSON; marks it sent),
// "state" (the a11y_state JSON now), "text_view" (the text view HTML of the state shown).
std::string a11y_query(Editor& ed, Doc& doc, const std::string& what);
// The one editor and document of the web app (main.cpp), for entry points defined in other files.
Editor& app_editor();
Doc& app_doc();
// Chrome twins (a11y_chrome.cpp): hooks on before NewFrame's widgets, the description sent after.
void a11y_chrome_begin_frame(Editor& ed);
void a11y_chrome_end_frame(Editor& ed);
double a11y_chrome_command(Editor& ed, const std::string& name, const std::string& arg);      // -1: not ours
// Display preferences (look.cpp): theme, text size, motion. Commands "theme" (light | dark |
// contrast | contrast-dark | forced:<json system colours>), "text_scale" (1..2), "motion"
// (reduce | normal); the View menu's items for them.
void theme_set(Editor& ed, ThemeKind kind);
double display_command(Editor& ed, const std::string& name, const std::string& arg);          // -1: not ours
void display_menu_items(Editor& ed);
// A fixed, undecorated panel (inspector, status bar) at pos/size with the theme's panel colour.
void panel_begin(const Editor& ed, const char* name, ImVec2 pos, ImVec2 size, ImVec2 padding);
void panel_end();
void fonts_build(Editor& ed);
ImU32 color_u32(Color rgb, float alpha = 1.0f);
ImU32 color_mix(Color rgb, ImU32 base, float t);

// Canvas (canvas.cpp)
void canvas_draw(Editor& ed, Doc& doc);
void canvas_ensure_layout(Editor& ed, const Doc& doc);
void canvas_zoom_at(Editor& ed, float new_zoom, ImVec2 screen_pt);
void canvas_fit(Editor& ed, const Doc& doc, bool readable = false);
void canvas_reveal_card(Editor& ed, Id id);
// Scrolls so r (map units) is inside the grid viewport, clear of the pinned stage headers and
// lane titles; an axis of size 0 is left alone; a box larger than the viewport shows its start.
void canvas_reveal_rect(Editor& ed, const Rect& r);
ImVec2 map_to_screen(const Editor& ed, float x, float y);
ImVec2 screen_to_map(const Editor& ed, ImVec2 p);
void begin_text_edit(Editor& ed, const Doc& doc, EditKind kind, Id id, ImVec2 pos, ImVec2 size, float font_px,
                     bool on_grid, const std::string& text, bool multiline, bool bold);
void edit_card_text(Editor& ed, const Doc& doc, Id card, bool fresh = false);
void add_card_at(Editor& ed, Doc& doc, int stage, int lane);
// The state shown on the canvas; stages and cards added while it is shown go into it.
void canvas_show_state(Editor& ed, const Doc& doc, JourneyState s);
void canvas_reset_view(Editor& ed);   // another map: the current state, no comparison, no filter
bool canvas_stage_shown(const Editor& ed, const Doc& doc, int stage);   // index into Map::stages
Id canvas_add_stage(Editor& ed, Doc& doc, int index = -1);               // in the shown state
void canvas_select_all(Editor& ed, const Doc& doc);                      // the shown state's cards

// Selection helpers
bool is_selected(const Editor& ed, Id id);
void select_only(Editor& ed, SelKind kind, Id id);
void select_none(Editor& ed);
void selection_drop_dead(Editor& ed, const Doc& doc);   // what an undo took away
void delete_selection(Editor& ed, Doc& doc);
bool card_matches_search(const Editor& ed, const Card& c);

// Inspector (inspector.cpp)
void inspector_draw(Editor& ed, Doc& doc, ImVec2 pos, ImVec2 size);

// History: named and automatic versions, preview, restore (history.cpp; the page stores them)
void history_menu_items(Editor& ed, Doc& doc);                    // in the File menu
float history_banner(Editor& ed, Doc& doc, float top, float width); // the preview banner's height
void history_dialog(Editor& ed, Doc& doc);
void history_name_done(Editor& ed, Doc& doc, const std::string& text, bool commit);
double history_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);  // -1: not a history command
void history_list(Editor& ed, const char* json);                  // from the page
void history_apply(Editor& ed, Doc& doc, const char* record, bool restore);
std::string history_json(const Editor& ed);
// Compare and merge with another copy of the map (merge_panel.cpp): File menu items, the compare
// panel and merge dialog (drawn with the dialogs), commands compare_file | merge_file | compare_close
// | merge_cancel, and the test API's JSON (wasm export jm_merge_json).
void merge_menu_items(Editor& ed, Doc& doc);
void merge_dialogs(Editor& ed, Doc& doc);
double merge_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);   // -1: not ours
std::string merge_json();
// Panels (panels.cpp, and actions_panel.cpp for the actions table and matrix): personas, actions,
// journey summary, persona card.
// The frame asks for the room the open panels take (0 when closed) before it places the canvas,
// then draws them into the rectangles it gave.
float panels_side_width(const Editor& ed, ImVec2 display, bool narrow);
float panels_bottom_height(const Editor& ed, ImVec2 display, bool narrow);
void panels_draw(Editor& ed, Doc& doc, ImVec2 side_pos, ImVec2 side_size, ImVec2 bottom_pos, ImVec2 bottom_size);
void panels_dialogs(Editor& ed, Doc& doc);               // persona card, library picker: modal, drawn last
void panels_view_menu(Editor& ed);                       // View > Personas / Actions / Summary
double panels_command(Editor& ed, Doc& doc, const std::string& name, const std::string& arg);   // -1: not ours
void panels_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j);
void panels_text_done(Editor& ed, Doc& doc, const TextEdit& e, const std::string& text);
void panels_text_input(Editor& ed, const std::string& text);
// From the page: decoded avatar pixels, a chosen avatar image, the persona library's contents.
void panels_image_pixels(Editor& ed, const char* key, int w, int h, const unsigned char* rgba);
// An SVG drawn by the browser into a texture `px` pixels wide; null until it has arrived.
ImTextureID svg_texture(const char* kind, const std::string& svg, int px);
// File > Export > Print or PDF... (print_dialog.cpp), and printing without it: `spec` is
// "a4|a3|...|WxH [portrait|landscape] [tiled|page] [scale %] [overlap mm, as 20mm]"; returns the sheets printed.
void print_dialog(Editor& ed, Doc& doc);
int print_map(Editor& ed, const Doc& doc, const std::string& spec);
std::string map_export_svg(Editor& ed, const Doc& doc);   // the SVG the exports draw
void panels_avatar_chosen(Editor& ed, Doc& doc, Id persona, const char* data_url);
void panels_persona_library(Editor& ed, const char* json);
// A box showing `value` in the interface direction; a click opens the browser text field over it
// (EditKind::Panel, `key` naming the field). Multiline boxes are three lines high at least.
// `id` is the entity the field belongs to (persona, card, stage, action, comment). Returns the box.
ImRect panel_text_box(Editor& ed, const Doc& doc, const std::string& key, Id id, const std::string& value,
                      const char* placeholder_key, bool multiline, float width = -1);
// Opens the browser text field for a panel field at a screen rectangle (device px).
void panel_edit(Editor& ed, const Doc& doc, const std::string& key, Id id, ImVec2 pos, ImVec2 size, const std::string& text,
                const char* placeholder_key, bool multiline);
// A persona's avatar: its image (an ImGui texture once the browser decoded it) in a circle, else
// its initials on its colour.
void draw_avatar(Editor& ed, ImDrawList* dl, const Persona& p, ImVec2 centre, float radius);
// The inspector's sections for a selected card or stage (inspector.cpp).
void inspector_card_extras(Editor& ed, Doc& doc, const Card& c, const Lane& lane);
void inspector_stage_extras(Editor& ed, Doc& doc, const Stage& s);
std::string comment_time_shown(const std::string& iso);   // "2024-05-31 16:03" in local time
std::string local_time_text(double epoch_ms);             // "2024-05-31 16:03" in local time (editor.cpp)
std::string metric_kind_name(MetricKind k);              // "NPS", in the interface language

// Presenting (present.cpp): full screen, stage by stage, speaker notes. View state only.
bool present_active(const Editor& ed);
void present_start(Editor& ed, Doc& doc, int step = 0);
void present_stop(Editor& ed, Doc& doc);
float present_band_height(const Editor& ed, const Doc& doc);           // the notes band under the map (0 when not presenting)
void present_keys(Editor& ed, Doc& doc);               // instead of the editor's shortcuts while presenting
void present_canvas(Editor& ed, const Doc& doc);       // after the canvas: later stages covered
void present_overlay(Editor& ed, Doc& doc);            // the band and the click-to-advance area
void present_view_json(const Editor& ed, const Doc& doc, nlohmann::json& j);

} // namespace jm
