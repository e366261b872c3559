// portfolio_core.cpp: the wasm side of the portfolio page (shell/portfolio.html, web/portfolio.js).
// The core alone (file format, portfolio roll-ups), no editor: built as portfolio-core.js/.wasm,
// a factory (JMPortfolioCore) the page instantiates. The page adds the maps one by one (each file's
// text is parsed once, straight from the heap) and asks for the roll-ups as JSON.
//
// Returned strings are owned here and valid until the next call (the page copies them at once).
#include "core/io.h"
#include "core/portfolio.h"
#include <emscripten/emscripten.h>
#include <string>
#include <vector>

using namespace jm;

namespace {
std::vector<PortfolioMap> g_maps;
std::vector<PortfolioError> g_errors;
std::string g_out;
}  // namespace

extern "C" {

// Forgets every map added so far.
EMSCRIPTEN_KEEPALIVE void jmp_reset() {
  g_maps.clear();
  g_errors.clear();
}

// Reads one *.journey.json. `name` anchors its relative sub-journey links (see portfolio.h).
// Returns "" when it was read, else what is wrong with it (the map is then listed as an error).
EMSCRIPTEN_KEEPALIVE const char* jmp_add(const char* name, const char* text) {
  LoadResult r = load_map(text ? text : "");
  if (r.ok) {
    g_maps.push_back({name ? name : "", std::move(r.map)});
    g_out.clear();
  } else {
    g_errors.push_back({name ? name : "", r.error});
    g_out = r.error;
  }
  return g_out.c_str();
}

// A file the page could not read at all (a network error, not text): listed with the errors.
EMSCRIPTEN_KEEPALIVE void jmp_add_error(const char* name, const char* error) {
  g_errors.push_back({name ? name : "", error ? error : ""});
}

// The roll-ups of every map added, as portfolio_to_json writes them; today: "YYYY-MM-DD".
EMSCRIPTEN_KEEPALIVE const char* jmp_result(const char* today) {
  g_out = portfolio_to_json(build_portfolio(g_maps, today ? today : "", g_errors));
  return g_out.c_str();
}

// The same as CSV (the action table) or Markdown, for the page's download buttons.
EMSCRIPTEN_KEEPALIVE const char* jmp_export(const char* format, const char* today) {
  Portfolio p = build_portfolio(g_maps, today ? today : "", g_errors);
  g_out = std::string(format ? format : "") == "csv" ? portfolio_to_csv(p) : portfolio_to_markdown(p);
  return g_out.c_str();
}

}  // extern "C"
