// a11y_html_check.h: checks shared by test_a11y.cpp and test_text_view.cpp: the shipped tables and
// template, and a small HTML reader that finds what axe-core would flag in the mirror's structure
// (unbalanced tags, duplicate ids, dangling aria references, option outside a listbox, gridcell
// outside a row, a focusable element without a name).
#pragma once
#include <cstring>
#include <catch2/catch.hpp>
#include "core/a11y.h"
#include "core/i18n.h"
#include "core/io.h"
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace jm_a11y_test {
using namespace jm;

inline std::string read_repo_file(const std::string& rel) {
  for (const std::string& path : {std::string(JM_SEEDS_DIR) + "/../../" + rel, rel}) {
    std::ifstream f(path, std::ios::binary);
    if (f) return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return {};
}

inline I18n& shipped_tables() {
  static I18n t = [] {
    I18n i;
    for (const char* l : {"en", "ar", "he"}) {
      std::string err, text = read_repo_file(std::string("assets/i18n/") + l + ".json");
      REQUIRE(!text.empty());
      INFO(l << ": " << err);
      REQUIRE(i.load(l, text, &err));
    }
    return i;
  }();
  return t;
}

// The B2B example as shipped before the templates gained personas, metrics and a future state
// (a copy kept as a fixture so these checks do not follow template edits).
inline Map b2b_map() {
  LoadResult r = load_map(read_repo_file("tests/fixtures/b2b-plain.journey.json"));
  REQUIRE(r.ok);
  return r.map;
}

inline size_t count_of(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + what.size())) n++;
  return n;
}

struct Tag {
  std::string name;
  std::map<std::string, std::string> attrs;
  bool close = false;
  size_t begin = 0, end = 0;   // '<' and one past '>'
};

// The tags of `html` in order (attribute values are escaped by the code under test, so a '>' never
// sits inside one).
inline std::vector<Tag> tags_of(const std::string& html) {
  std::vector<Tag> out;
  for (size_t i = html.find('<'); i != std::string::npos; i = html.find('<', i + 1)) {
    size_t e = html.find('>', i);
    if (e == std::string::npos) break;
    Tag t;
    t.begin = i;
    t.end = e + 1;
    size_t p = i + 1;
    if (html[p] == '/') { t.close = true; p++; }
    while (p < e && (isalnum((unsigned char)html[p]))) t.name += html[p++];
    while (p < e) {
      while (p < e && html[p] == ' ') p++;
      std::string k;
      while (p < e && html[p] != '=' && html[p] != ' ') k += html[p++];
      std::string v;
      if (p < e && html[p] == '=') {
        p += 2;   // ="
        size_t q = html.find('"', p);
        v = html.substr(p, q - p);
        p = q + 1;
      }
      if (!k.empty()) t.attrs[k] = v;
    }
    out.push_back(t);
  }
  return out;
}

inline bool is_void(const std::string& n) { return n == "br" || n == "img" || n == "hr" || n == "input" || n == "meta" || n == "col"; }

// Balanced tags, ARIA parents and children, listbox names, slider values, well-formed entities.
// Returns "" or the first problem.
inline std::string check_html(const std::string& html) {
  std::vector<Tag> stack;
  for (Tag t : tags_of(html)) {
    if (t.name.empty()) return "a tag without a name at " + std::to_string(t.begin);
    if (t.close) {
      if (stack.empty() || stack.back().name != t.name)
        return "</" + t.name + "> at " + std::to_string(t.begin) + " closes <" + (stack.empty() ? "nothing" : stack.back().name) + ">";
      stack.pop_back();
      continue;
    }
    std::string role = t.attrs.count("role") ? t.attrs.at("role") : "";
    std::string parent_role;
    for (size_t k = stack.size(); k-- > 0;)
      if (stack[k].attrs.count("role")) { parent_role = stack[k].attrs.at("role"); break; }
    auto where = [&] { return " at " + std::to_string(t.begin) + " (id " + (t.attrs.count("id") ? t.attrs.at("id") : "-") + ")"; };
    if (role == "option" && parent_role != "listbox") return "option outside a listbox" + where();
    if ((role == "gridcell" || role == "columnheader" || role == "rowheader") && parent_role != "row") return role + " outside a row" + where();
    if (role == "row" && parent_role != "grid") return "row outside a grid" + where();
    if (role == "listbox" && t.attrs["aria-label"].empty() && t.attrs["aria-labelledby"].empty()) return "listbox without a name" + where();
    if (role == "slider" && (t.attrs["aria-valuenow"].empty() || t.attrs["aria-valuetext"].empty())) return "slider without a value" + where();
    if (t.name == "th" && !t.attrs.count("scope")) return "th without scope" + where();
    if (!is_void(t.name)) stack.push_back(t);
  }
  if (!stack.empty()) return "<" + stack.back().name + "> never closed";
  for (size_t i = html.find('&'); i != std::string::npos; i = html.find('&', i + 1)) {
    size_t e = html.find(';', i);
    if (e == std::string::npos || e - i > 8) return "a bare & at " + std::to_string(i);
  }
  return "";
}

// The inner HTML of the element with id `id` ("" when absent).
inline std::string inner_of(const std::string& html, const std::string& id) {
  size_t at = html.find(" id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  size_t open = html.rfind('<', at);
  size_t start = html.find('>', at) + 1;
  std::string name;
  for (size_t p = open + 1; p < html.size() && isalnum((unsigned char)html[p]); p++) name += html[p];
  int depth = 1;
  for (size_t p = start; p < html.size(); p++) {
    if (html[p] != '<') continue;
    bool close = html[p + 1] == '/';
    size_t n = p + (close ? 2 : 1);
    if (html.compare(n, name.size(), name) == 0 && !isalnum((unsigned char)html[n + name.size()])) {
      depth += close ? -1 : 1;
      if (depth == 0) return html.substr(start, p - start);
    }
  }
  return "";
}

inline std::string strip_tags(const std::string& s) {
  std::string out;
  bool in = false;
  for (char c : s) {
    if (c == '<') in = true;
    else if (c == '>') in = false;
    else if (!in) out += c;
  }
  return out;
}

inline std::string name_of(const std::string& html, Id card) { return strip_tags(inner_of(html, "jm-kt-" + std::to_string(card))); }
// A card's description: its element's aria-description attribute, entities decoded.
inline std::string desc_of(const std::string& html, Id card) {
  size_t at = html.find(" id=\"jm-k-" + std::to_string(card) + "\"");
  if (at == std::string::npos) return "";
  size_t end = html.find('>', at), a = html.find(" aria-description=\"", at);
  if (a == std::string::npos || a > end) return "";
  a += 19;
  std::string v = html.substr(a, html.find('"', a) - a), out;
  static const std::pair<const char*, char> ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
  for (size_t i = 0; i < v.size();) {
    bool hit = false;
    for (const auto& e : ents)
      if (v.compare(i, std::strlen(e.first), e.first) == 0) { out += e.second; i += std::strlen(e.first); hit = true; break; }
    if (!hit) out += v[i++];
  }
  return out;
}

// Ids unique; every aria-labelledby / aria-describedby names an element that exists.
inline std::string check_ids(const std::string& html) {
  std::set<std::string> ids;
  std::vector<Tag> tags = tags_of(html);
  for (const Tag& t : tags)
    if (t.attrs.count("id") && !ids.insert(t.attrs.at("id")).second) return "duplicate id " + t.attrs.at("id");
  for (const Tag& t : tags)
    for (const char* ref : {"aria-labelledby", "aria-describedby"})
      if (t.attrs.count(ref) && !ids.count(t.attrs.at(ref))) return std::string(ref) + " to a missing id " + t.attrs.at(ref);
  return "";
}

// Every focusable element (tabindex) has a non-empty accessible name.
inline std::string check_names(const std::string& html) {
  for (const Tag& t : tags_of(html)) {
    if (t.close || !t.attrs.count("tabindex")) continue;
    std::string name;
    if (t.attrs.count("aria-labelledby")) name = strip_tags(inner_of(html, t.attrs.at("aria-labelledby")));
    else if (t.attrs.count("aria-label")) name = t.attrs.at("aria-label");
    else if (t.attrs.count("id")) name = strip_tags(inner_of(html, t.attrs.at("id")));
    if (name.find_first_not_of(" ") == std::string::npos)
      return "no name: " + (t.attrs.count("id") ? t.attrs.at("id") : html.substr(t.begin, 80));
  }
  return "";
}

inline std::string part_html(const A11yMirror& m, const std::string& key) {
  for (const A11yPart& p : m.parts)
    if (p.key == key) return p.html;
  return "";
}

}  // namespace jm_a11y_test
