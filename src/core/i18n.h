// i18n.h: the interface's words in English, Arabic and Hebrew. Tables are flat JSON objects
// (assets/i18n/{en,ar,he}.json) of keys such as "menu.file" to text with {placeholders}; a value
// may instead be an object of plural forms ({"one": ..., "two": ..., "few": ..., "other": ...},
// CLDR categories). A key missing in a language falls back to English, then to the key itself, so
// a half-translated table still gives a usable interface.
//
// Dear ImGui draws code points left to right with no shaping, so for a right-to-left language the
// strings it gets must already be in *display* form: Arabic letters joined into presentation forms
// and the whole line reordered visually (core/text.h). text() gives the logical string (for the
// browser text field, for wrapping); display() gives what ImGui draws, computed once per key.
// Plain C++: the core does not read files, the caller hands in the JSON text.
#pragma once
#include "core/text.h"
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jm {

enum class PluralForm : uint8_t { Zero, One, Two, Few, Many, Other };
// CLDR cardinal rules for integers in the languages we ship (anything else: English rules).
PluralForm plural_form(std::string_view lang, long long n);
const char* plural_form_name(PluralForm f);   // "zero", "one", ... as in the tables

// Languages written right to left (ar, he, and the old code iw).
bool language_is_rtl(std::string_view lang);

using I18nArgs = std::initializer_list<std::pair<const char*, std::string>>;

// "{name}" replaced by its value; "{{" and "}}" are literal braces; an unknown placeholder is kept
// as it is, so a typo shows in the interface instead of vanishing.
std::string format_placeholders(std::string_view text, I18nArgs args);

class I18n {
 public:
  // Adds (or replaces) the table of `lang` from JSON text. On malformed JSON or a value that is
  // neither a string nor an object of plural strings, returns false with a message in *error and
  // keeps the table it had.
  bool load(std::string_view lang, std::string_view json, std::string* error = nullptr);
  // The same table in the packed form pack() writes: the build packs each JSON table
  // (src/platform/i18n_pack.cpp) and the page reads that, because reading the JSON at start took 20 ms
  // in the page (its lexer runs in the browser's baseline compiler then). On a damaged or foreign
  // blob, false with a message and the table kept, as load().
  bool load_packed(std::string_view lang, std::string_view blob, std::string* error = nullptr);
  // A loaded table packed: "JMT1", the entry count, then each entry: key, text, the count of its
  // plural forms, each form's name and text. Strings end with a NUL, counts are unsigned LEB128
  // varints; keys and forms sorted. Empty when `lang` has no table, or (with *error) when a
  // string holds a NUL.
  std::string pack(std::string_view lang, std::string* error = nullptr) const;
  bool has_language(std::string_view lang) const { return tables_.count(std::string(lang)) != 0; }
  // Switches the current language; false (and no change) if its table was not loaded, except
  // "en", which is always allowed (with no table every key shows as itself).
  bool set_language(std::string_view lang);
  const std::string& language() const { return lang_; }
  bool rtl() const { return rtl_; }

  // The logical string of `key`: current language, else English, else the key. For a plural key
  // this is its "other" form.
  const std::string& text(std::string_view key) const;
  bool has(std::string_view lang, std::string_view key) const;
  // Placeholders filled in (logical).
  std::string format(std::string_view key, I18nArgs args) const;
  // A plural key's form for `n` in the current language, with {n} and `args` filled in (logical).
  std::string plural(std::string_view key, long long n, I18nArgs args = {}) const;

  // What ImGui draws for `key`: text(key) shaped and in visual order when it holds right-to-left
  // or Arabic text, else text(key) itself. Cached per key until the language changes; the
  // reference stays valid until then.
  const std::string& display(std::string_view key);
  // The display form of any logical string: a formatted message, or user text (a map title in a
  // menu). Interface strings of a right-to-left language get a right-to-left paragraph; user text
  // (user == true) follows its own first strong letter. Cached (bounded).
  const std::string& display_text(std::string_view logical, bool user = false);
  // Drops the display_text cache when it holds more than `max` strings. Call it where no reference
  // from display_text is still held (the editor: at the start of a frame).
  void trim(size_t max = 4096);
  // The other way (the editor's accessible chrome twins read ImGui's labels, which are display
  // strings): the logical string whose display form is `display`, from the current language's
  // table (inverted lazily, once per language) or from what display_text made since the last
  // trim. nullptr when neither knows it (then the display form is all there is).
  const std::string* logical(std::string_view display);

  // All keys of a language's table, sorted (tests compare tables with it).
  std::vector<std::string> keys(std::string_view lang) const;

 private:
  struct Entry {
    std::string text;                                   // the string, or the plural "other" form
    std::unordered_map<std::string, std::string> forms; // plural forms, empty for a plain string
  };
  using Table = std::unordered_map<std::string, Entry>;
  const Entry* find(std::string_view key) const;
  void install(std::string_view lang, Table t);   // the table of `lang`, the caches dropped

  std::unordered_map<std::string, Table> tables_;
  std::string lang_ = "en";
  bool rtl_ = false;
  std::unordered_map<std::string, std::string> display_cache_;   // key -> display
  std::unordered_map<std::string, std::string> text_cache_[2];   // logical -> display (ui, user)
  std::unordered_map<std::string, std::string> logical_table_;   // display -> logical, the table's strings
  std::string logical_table_lang_;                                // the language logical_table_ was built for
  std::unordered_map<std::string, std::string> logical_text_;    // display -> logical, display_text's strings
};

} // namespace jm
