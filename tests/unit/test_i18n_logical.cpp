// I18n::logical: the editor's chrome twins (src/editor/a11y_chrome.cpp) read ImGui's labels, which
// are display strings (Arabic shaped, in visual order); a screen reader needs the logical text.
#include <catch2/catch.hpp>
#include "core/i18n.h"
#include <fstream>
#include <sstream>

using namespace jm;

namespace {

I18n loaded(const char* lang) {
  I18n i;
  for (const char* l : {"en", "ar", "he"}) {
    std::ifstream f(std::string(JM_I18N_DIR) + "/" + l + ".json", std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    REQUIRE(i.load(l, ss.str()));
  }
  REQUIRE(i.set_language(lang));
  return i;
}

}  // namespace

TEST_CASE("i18n: logical gives back the text of every interface string from its display form") {
  for (const char* lang : {"en", "ar", "he"}) {
    I18n t = loaded(lang);
    for (const char* key : {"menu.file", "menu.view", "menu.about", "button.close", "chrome.menubar"}) {
      INFO(lang << " " << key);
      std::string shown = t.display(key);
      const std::string* l = t.logical(shown);
      REQUIRE(l != nullptr);
      CHECK(*l == t.text(key));
    }
  }
  I18n ar = loaded("ar");
  CHECK(ar.display("menu.file") != ar.text("menu.file"));   // shaped: the lookup is needed at all
}

TEST_CASE("i18n: logical knows formatted messages and user text made by display_text, until trim") {
  I18n t = loaded("ar");
  std::string msg = t.format("status.selected", {{"n", "3"}});
  std::string title = "رحلة شراء الدراجات في مدينتنا";   // no table string
  std::string shown_msg = t.display_text(msg), shown_title = t.display_text(title, true);
  REQUIRE(t.logical(shown_msg));
  CHECK(*t.logical(shown_msg) == msg);
  REQUIRE(t.logical(shown_title));
  CHECK(*t.logical(shown_title) == title);
  CHECK(t.logical("no such label") == nullptr);
  t.trim(0);
  CHECK(t.logical(shown_title) == nullptr);
  // A language switch rebuilds the table's side.
  REQUIRE(t.set_language("he"));
  CHECK(*t.logical(t.display("menu.file")) == t.text("menu.file"));
}
