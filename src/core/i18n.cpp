#include "core/i18n.h"
#include <nlohmann/json.hpp>
#include <algorithm>

namespace jm {

PluralForm plural_form(std::string_view lang, long long n) {
  if (n < 0) n = -n;
  if (lang == "ar") {
    long long m = n % 100;
    if (n == 0) return PluralForm::Zero;
    if (n == 1) return PluralForm::One;
    if (n == 2) return PluralForm::Two;
    if (m >= 3 && m <= 10) return PluralForm::Few;
    if (m >= 11 && m <= 99) return PluralForm::Many;
    return PluralForm::Other;
  }
  if (lang == "he" || lang == "iw") {
    if (n == 1) return PluralForm::One;
    if (n == 2) return PluralForm::Two;
    return PluralForm::Other;
  }
  return n == 1 ? PluralForm::One : PluralForm::Other;
}

const char* plural_form_name(PluralForm f) {
  switch (f) {
    case PluralForm::Zero: return "zero";
    case PluralForm::One: return "one";
    case PluralForm::Two: return "two";
    case PluralForm::Few: return "few";
    case PluralForm::Many: return "many";
    default: return "other";
  }
}

bool language_is_rtl(std::string_view lang) { return lang == "ar" || lang == "he" || lang == "iw"; }

std::string format_placeholders(std::string_view text, I18nArgs args) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) { out += c; i += 2; continue; }
    if (c == '{') {
      size_t close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        std::string_view name = text.substr(i + 1, close - i - 1);
        const std::string* value = nullptr;
        for (const auto& a : args)
          if (name == a.first) { value = &a.second; break; }
        if (value) { out += *value; i = close + 1; continue; }
      }
    }
    out += c;
    i++;
  }
  return out;
}

// The table is read with nlohmann's SAX interface, straight into the Table: no JSON tree is built
// and then copied. English (1,344 keys) is read before the first frame, and the tree was a quarter
// of the editor's start in the page: editor init 42 -> 32 ms (median of 40 loads each).
bool I18n::load(std::string_view lang, std::string_view json, std::string* error) {
  struct Reader {
    Table& t;
    std::string why;            // the first problem, naming the key
    int depth = 0;              // 1: the table's keys; 2: a plural's forms
    std::string name, form;     // the key being read at depth 1 and at depth 2
    Entry* plural = nullptr;    // the entry whose forms are being read
    explicit Reader(Table& table) : t(table) {}
    bool fail(std::string w) { if (why.empty()) why = std::move(w); return false; }
    bool not_string() {
      return fail(depth == 2 ? name + "." + form + ": not a string" : depth == 1 ? name + ": not a string" : "the table is not a JSON object");
    }
    bool null() { return not_string(); }
    bool boolean(bool) { return not_string(); }
    bool number_integer(nlohmann::json::number_integer_t) { return not_string(); }
    bool number_unsigned(nlohmann::json::number_unsigned_t) { return not_string(); }
    bool number_float(nlohmann::json::number_float_t, const std::string&) { return not_string(); }
    bool binary(nlohmann::json::binary_t&) { return not_string(); }
    bool start_array(std::size_t) { return not_string(); }
    bool end_array() { return false; }   // never reached: start_array refused
    bool key(std::string& k) { (depth == 1 ? name : form) = std::move(k); return true; }
    bool string(std::string& v) {
      if (depth == 1) { Entry& e = t[name]; e.text = std::move(v); e.forms.clear(); return true; }   // a repeated key: the last wins
      if (depth == 2) { plural->forms[form] = std::move(v); return true; }
      return not_string();
    }
    bool start_object(std::size_t) {
      if (depth == 2) return not_string();
      if (depth == 1) { plural = &t[name]; plural->forms.clear(); }
      depth++;
      return true;
    }
    bool end_object() {
      if (depth == 2) {
        auto other = plural->forms.find("other");
        if (other == plural->forms.end()) return fail(name + ": a plural needs an \"other\" form");
        plural->text = other->second;
      }
      depth--;
      return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return fail("the table is not valid JSON"); }
  };
  Table t;
  t.reserve(2048);
  Reader r(t);
  if (!nlohmann::json::sax_parse(json.begin(), json.end(), &r)) {
    if (error) *error = r.why.empty() ? "the table is not valid JSON" : r.why;
    return false;
  }
  install(lang, std::move(t));
  return true;
}

void I18n::install(std::string_view lang, Table t) {
  tables_[std::string(lang)] = std::move(t);
  display_cache_.clear();
  text_cache_[0].clear();
  text_cache_[1].clear();
  logical_table_lang_.clear();
  logical_text_.clear();
}

static constexpr char kPackMagic[4] = {'J', 'M', 'T', '1'};

// Counts as LEB128 varints, strings ended by a NUL (lengths before them made the table 12 %
// larger gzipped than its JSON; ended strings, 1 % smaller).
static void put_varint(std::string& out, size_t v) {
  do {
    out += (char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
    v >>= 7;
  } while (v);
}
static void put_str(std::string& out, const std::string& s) {
  out += s;
  out += '\0';
}

std::string I18n::pack(std::string_view lang, std::string* error) const {
  auto t = tables_.find(std::string(lang));
  if (t == tables_.end()) return {};
  std::string out(kPackMagic, 4);
  put_varint(out, t->second.size());
  for (const std::string& key : keys(lang)) {
    const Entry& e = t->second.at(key);
    bool nul = key.find('\0') != std::string::npos || e.text.find('\0') != std::string::npos;
    for (const auto& f : e.forms) nul |= f.first.find('\0') != std::string::npos || f.second.find('\0') != std::string::npos;
    if (nul) {
      if (error) *error = key + ": holds a NUL character (\\u0000)";
      return {};
    }
    put_str(out, key);
    put_str(out, e.text);
    std::vector<const std::pair<const std::string, std::string>*> forms;
    for (const auto& f : e.forms) forms.push_back(&f);
    std::sort(forms.begin(), forms.end(), [](auto* a, auto* b) { return a->first < b->first; });
    put_varint(out, forms.size());
    for (const auto* f : forms) { put_str(out, f->first); put_str(out, f->second); }
  }
  return out;
}

bool I18n::load_packed(std::string_view lang, std::string_view blob, std::string* error) {
  size_t at = 0;
  bool ok = true;
  auto varint = [&]() -> size_t {
    size_t v = 0;
    for (int shift = 0; ok; shift += 7) {
      if (at >= blob.size() || shift > 28) { ok = false; break; }
      unsigned char b = (unsigned char)blob[at++];
      v |= (size_t)(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    return 0;
  };
  auto str = [&](std::string& out) {
    size_t end = ok ? blob.find('\0', at) : std::string_view::npos;
    if (end == std::string_view::npos) { ok = false; return; }
    out.assign(blob.data() + at, end - at);
    at = end + 1;
  };
  if (blob.size() < 4 || blob.compare(0, 4, std::string_view(kPackMagic, 4)) != 0) {
    if (error) *error = "not a packed table (no JMT1 header)";
    return false;
  }
  at = 4;
  size_t count = varint();
  Table t;
  t.reserve(std::min<size_t>(count, blob.size() / 3));   // an entry takes 3 bytes at least (two NULs, a count)
  std::string key, name;
  for (size_t i = 0; ok && i < count; i++) {
    str(key);
    Entry& e = t[key];
    str(e.text);
    size_t forms = varint();
    for (size_t f = 0; ok && f < forms; f++) {
      str(name);
      str(e.forms[name]);
    }
  }
  if (!ok || at != blob.size()) {
    if (error) *error = "the packed table is damaged (at byte " + std::to_string(at) + " of " + std::to_string(blob.size()) + ")";
    return false;
  }
  install(lang, std::move(t));
  return true;
}

bool I18n::set_language(std::string_view lang) {
  if (lang != "en" && !has_language(lang)) return false;
  lang_ = std::string(lang);
  rtl_ = language_is_rtl(lang);
  display_cache_.clear();
  text_cache_[0].clear();
  text_cache_[1].clear();
  logical_text_.clear();
  return true;
}

const I18n::Entry* I18n::find(std::string_view key) const {
  std::string k(key);
  auto cur = tables_.find(lang_);
  if (cur != tables_.end()) {
    auto it = cur->second.find(k);
    if (it != cur->second.end()) return &it->second;
  }
  auto en = tables_.find("en");
  if (en != tables_.end()) {
    auto it = en->second.find(k);
    if (it != en->second.end()) return &it->second;
  }
  return nullptr;
}

const std::string& I18n::text(std::string_view key) const {
  if (const Entry* e = find(key)) return e->text;
  // The key itself: kept so the reference outlives the call.
  static thread_local std::unordered_map<std::string, std::string> missing;
  std::string k(key);
  return missing.emplace(k, k).first->second;
}

bool I18n::has(std::string_view lang, std::string_view key) const {
  auto t = tables_.find(std::string(lang));
  return t != tables_.end() && t->second.count(std::string(key)) != 0;
}

std::string I18n::format(std::string_view key, I18nArgs args) const { return format_placeholders(text(key), args); }

std::string I18n::plural(std::string_view key, long long n, I18nArgs args) const {
  const Entry* e = find(key);
  if (!e) return std::string(key);
  const std::string* s = &e->text;
  if (!e->forms.empty()) {
    // The form of the language the entry came from (English rules for an English fallback).
    bool own = has(lang_, key);
    auto f = e->forms.find(plural_form_name(plural_form(own ? std::string_view(lang_) : "en", n)));
    if (f != e->forms.end()) s = &f->second;
  }
  std::string number = std::to_string(n);
  std::string out = format_placeholders(*s, {{"n", number}});
  return args.size() ? format_placeholders(out, args) : out;
}

// Anything from Hebrew (U+0590, lead byte 0xD6) up, and the bidi controls, may need the bidi
// algorithm or Arabic shaping; plain Latin text is its own display form.
static bool needs_shaping(std::string_view s) {
  for (char c : s)
    if ((unsigned char)c >= 0xD6) return true;
  return false;
}

static std::string shape(std::string_view logical, BaseDir dir) {
  if (!needs_shaping(logical) && dir != BaseDir::Rtl) return std::string(logical);
  return shape_line(logical, dir).visual;
}

const std::string& I18n::display(std::string_view key) {
  std::string k(key);
  auto it = display_cache_.find(k);
  if (it != display_cache_.end()) return it->second;
  return display_cache_.emplace(std::move(k), shape(text(key), rtl_ ? BaseDir::Rtl : BaseDir::Auto)).first->second;
}

const std::string& I18n::display_text(std::string_view logical, bool user) {
  auto& cache = text_cache_[user ? 1 : 0];
  std::string k(logical);
  auto it = cache.find(k);
  if (it != cache.end()) return it->second;
  BaseDir dir = user ? (rtl_ ? BaseDir::AutoRtl : BaseDir::Auto) : (rtl_ ? BaseDir::Rtl : BaseDir::Auto);
  std::string shown = shape(logical, dir);
  logical_text_[shown] = k;
  return cache.emplace(std::move(k), std::move(shown)).first->second;
}

void I18n::trim(size_t max) {
  bool dropped = false;
  for (auto& c : text_cache_)
    if (c.size() > max) { c.clear(); dropped = true; }
  if (dropped) logical_text_.clear();
}

const std::string* I18n::logical(std::string_view display_str) {
  if (logical_table_lang_ != lang_) {
    // Every key the current language shows (its own strings and the English fallbacks).
    logical_table_.clear();
    logical_table_lang_ = lang_;
    for (const char* l : {"en", lang_.c_str()}) {
      auto t = tables_.find(l);
      if (t == tables_.end()) continue;
      for (const auto& kv : t->second) {
        const std::string& logical = text(kv.first);
        logical_table_[display(kv.first)] = logical;
      }
    }
  }
  std::string d(display_str);
  auto it = logical_table_.find(d);
  if (it != logical_table_.end()) return &it->second;
  it = logical_text_.find(d);
  if (it != logical_text_.end()) return &it->second;
  return nullptr;
}

std::vector<std::string> I18n::keys(std::string_view lang) const {
  std::vector<std::string> out;
  auto t = tables_.find(std::string(lang));
  if (t == tables_.end()) return out;
  for (const auto& kv : t->second) out.push_back(kv.first);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace jm
