// lazy_assets.cpp: the editor's side of the files fetched when first needed (issue #12: the page
// downloads only what its first frame draws). web/assets.js fetches them into the file system;
// platform::asset() asks for one and says where it is.
//   Faces: the frame notes Arabic, Hebrew or uncommon Latin text (kScriptLatinExt: Polish,
//   Turkish, Czech, Vietnamese...) drawn without its face (look.cpp); such a frame
//   is not shown (main.cpp asks assets_frame_complete), the face is asked for, and the next frame
//   after it arrived bakes it into the atlas. An Arabic map never shows a frame of boxes: at start
//   the loader stays up a little longer, later the last frame does.
//   The rest of a face beyond the first atlas' start sets (kScriptRest, look.cpp) is noted the
//   same way; it needs no download, so the next frame bakes it.
//   Languages: a chosen language waits (drawn in the old one) until its table and its face are in.
#include "editor/editor.h"
#include "platform/platform.h"

namespace jm {

static unsigned g_asked = 0;           // faces asked for and not yet baked
static std::string g_waiting_lang;     // a language chosen whose files are on their way

static const unsigned kFaceScripts[] = {kScriptArabic, kScriptHebrew, kScriptLatinExt};
static const char* face_asset(unsigned script) {
  return script == kScriptArabic ? "fonts-arabic" : script == kScriptHebrew ? "fonts-hebrew" : "fonts-latin";
}
static unsigned lang_script(const std::string& lang) { return lang == "ar" ? kScriptArabic : lang == "he" ? kScriptHebrew : 0; }

bool ui_language_offered(const std::string& lang) {
  return lang == "en" || lang == "ar" || lang == "he" || i18n().has_language(lang);
}

void assets_before_frame(Editor& ed) {
  fonts_take_missing_scripts();   // what was noted between frames (page strings) draws nothing

  // A language chosen: switch when its table is loaded and its face is in (or failed to come).
  if (!ed.pending_lang.empty()) {
    g_waiting_lang = ed.pending_lang;
    ed.pending_lang.clear();
  }
  if (!g_waiting_lang.empty()) {
    const std::string& lang = g_waiting_lang;
    bool table = i18n().has_language(lang);
    if (!table && (lang == "ar" || lang == "he")) {
      platform::AssetState s = platform::asset(("i18n-" + lang).c_str());
      if (s == platform::AssetState::Ready) table = ui_load_language(lang);
      if (s == platform::AssetState::Failed) g_waiting_lang.clear();   // stays in the current language
    }
    unsigned script = lang_script(lang);
    bool face = !script || (fonts_baked_scripts() & script);
    if (!face) {
      platform::AssetState s = platform::asset(face_asset(script));
      if (s == platform::AssetState::Ready) ed.fonts_dirty = true;   // baked below, with the switch
      face = s == platform::AssetState::Ready || s == platform::AssetState::Failed;   // failed: boxes rather than never switching
    }
    if (table && face && !g_waiting_lang.empty()) {
      ed.pending_lang = lang;   // editor_before_frame applies it now, then rebuilds the fonts
      g_waiting_lang.clear();
    }
  }

  // Faces a frame asked for that have arrived: rebuild the atlas with them.
  for (unsigned script : kFaceScripts) {
    if (!(g_asked & script)) continue;
    if (fonts_baked_scripts() & script) { g_asked &= ~script; continue; }
    platform::AssetState s = platform::asset(face_asset(script));
    if (s == platform::AssetState::Ready) ed.fonts_dirty = true;
    if (s == platform::AssetState::Ready || s == platform::AssetState::Failed) g_asked &= ~script;
  }
}

bool assets_frame_complete() {
  unsigned missing = fonts_take_missing_scripts() & ~fonts_baked_scripts();
  bool complete = true;
  // The rest of the faces already here (look.cpp kScriptRest): the next frame bakes it.
  if (missing & kScriptRest) {
    fonts_want_rest(true);
    complete = false;
    platform::wake(2);
  }
  for (unsigned script : kFaceScripts) {
    if (!(missing & script)) continue;
    platform::AssetState s = platform::asset(face_asset(script));   // starts the download
    if (s == platform::AssetState::Failed) continue;                 // never coming: show the boxes
    g_asked |= script;
    complete = false;
    // Already there (it came while this frame was built): the next frame bakes it; nothing else
    // would wake the loop for it.
    if (s == platform::AssetState::Ready) platform::wake(2);
  }
  return complete;
}

}  // namespace jm
