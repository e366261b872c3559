// The zip container (zlib) and the .xlsx writer. LibreOffice opening the workbooks is
// tests/clients/office.test.mjs; here the parts and their content.
#include <catch2/catch.hpp>
#include "office_parts.h"
#include "repo_files.h"
#include "core/export.h"
#include "core/io.h"
#include "core/xlsx.h"
#include "core/zip.h"
#include <map>

using namespace jm;
using jm_test::count_of;
using jm_test::repo_path;
using jm_test::zip_parts;
using jm_test::read_text;

namespace {

Map template_map(const char* name) {
  LoadResult r = load_map(read_text(repo_path(std::string("assets/templates/") + name)));
  INFO(name << ": " << r.error);
  REQUIRE(r.ok);
  return r.map;
}

}  // namespace

TEST_CASE("zip: what zip_write writes zip_read reads back, the same bytes every time", "[xlsx]") {
  std::string big(100000, 'a');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = char('a' + i % 26);
  std::string binary;
  for (int i = 0; i < 256; i++) binary += char(i);
  std::vector<ZipEntry> in = {{"a.txt", "hello"}, {"dir/empty", ""}, {"dir/big.txt", big}, {"bin", binary},
                              {"عربي/ملف.xml", "<x/>"}};
  std::string error;
  std::string z = zip_write(in, &error);
  REQUIRE(!z.empty());
  CHECK(z == zip_write(in, &error));
  CHECK(z.size() < big.size() / 4);   // deflated
  std::vector<ZipEntry> back;
  REQUIRE(zip_read(z, &back, &error));
  REQUIRE(back.size() == in.size());
  for (size_t i = 0; i < in.size(); i++) {
    CHECK(back[i].name == in[i].name);
    CHECK(back[i].data == in[i].data);
  }
  // A changed byte in a deflated entry is caught (CRC-32 or the stream itself).
  std::string bad = z;
  bad[z.find("dir/big.txt") + 11 + 40] ^= 0x55;
  CHECK_FALSE(zip_read(bad, &back, &error));
  CHECK_FALSE(zip_read("not a zip", &back, &error));
  CHECK_THAT(error, Catch::Contains("not a zip archive"));
}

TEST_CASE("xlsx: the package's parts, three sheets with every card, action and metric", "[xlsx]") {
  Map m = template_map("b2b-phone-system.journey.json");
  std::string error;
  std::string x = map_to_xlsx(m, &error);
  REQUIRE(!x.empty());
  CHECK(x == map_to_xlsx(m, &error));   // the same bytes for the same map
  auto parts = zip_parts(x);
  for (const char* p : {"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml",
                        "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml",
                        "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"})
    CHECK(parts.count(p) == 1);
  CHECK_THAT(parts["xl/workbook.xml"], Catch::Contains("<sheet name=\"Cards\" sheetId=\"1\" r:id=\"rId1\"/>"));
  CHECK_THAT(parts["docProps/core.xml"], Catch::Contains("<dc:title>" + xml_escape(m.meta.title) + "</dc:title>"));
  // Every card's text, in its own row; a header row and an AutoFilter over all of them.
  const std::string& cards = parts["xl/worksheets/sheet1.xml"];
  ExportTable ct = cards_table(m);
  REQUIRE(ct.rows.size() == m.cards.size());
  for (const Card& c : m.cards)
    if (!c.text.empty()) CHECK_THAT(cards, Catch::Contains(">" + xml_escape(c.text, true) + "</t>"));
  CHECK(count_of(cards, "<row ") == m.cards.size() + 1);
  CHECK_THAT(cards, Catch::Contains("<autoFilter ref=\"A1:J" + std::to_string(m.cards.size() + 1) + "\"/>"));
  CHECK_THAT(cards, Catch::Contains("state=\"frozen\""));
  CHECK_THAT(cards, !Catch::Contains("rightToLeft"));
  // Scores are numbers: as many number cells as emotion points.
  size_t points = 0;
  for (const auto& r : ct.rows) points += r[6].number.has_value();
  CHECK(points > 0);
  CHECK(count_of(cards, "><v>") == points);
  const std::string& actions = parts["xl/worksheets/sheet2.xml"];
  CHECK(count_of(actions, "<row ") == m.actions.size() + 1);
  for (const Action& a : m.actions) CHECK_THAT(actions, Catch::Contains(">" + xml_escape(a.title, true) + "</t>"));
  ExportTable mt = metrics_table(m);
  size_t metrics = 0;
  for (const Stage& s : m.stages) metrics += s.metrics.size();
  for (const Card& c : m.cards) metrics += c.metrics.size();
  CHECK(mt.rows.size() == metrics);
  CHECK(count_of(parts["xl/worksheets/sheet3.xml"], "<row ") == metrics + 1);
}

TEST_CASE("xlsx: right-to-left sheets for an Arabic map, formulas, line breaks and bad characters stay harmless", "[xlsx]") {
  Map ar = template_map("b2b-phone-system.ar.journey.json");
  std::string error;
  auto parts = zip_parts(map_to_xlsx(ar, &error));
  for (int i = 1; i <= 3; i++)
    CHECK_THAT(parts["xl/worksheets/sheet" + std::to_string(i) + ".xml"], Catch::Contains("rightToLeft=\"1\""));
  CHECK_THAT(parts["xl/worksheets/sheet1.xml"], Catch::Contains(">" + xml_escape(ar.cards[0].text, true) + "</t>"));

  Map m = template_map("b2b-phone-system.journey.json");
  m.cards[0].text = "=HYPERLINK(\"http://example.com\")";
  m.cards[1].text = "line one\r\nline two\x01";
  m.cards[2].text = std::string(40000, 'x');
  auto p = zip_parts(map_to_xlsx(m, &error));
  const std::string& s = p["xl/worksheets/sheet1.xml"];
  CHECK_THAT(s, Catch::Contains("t=\"inlineStr\" s=\"2\"><is><t xml:space=\"preserve\">=HYPERLINK(&quot;"));   // text, never <f>
  CHECK_THAT(s, !Catch::Contains("<f>"));
  CHECK_THAT(s, Catch::Contains("s=\"2\"><is><t xml:space=\"preserve\">line one\nline two</t>"));   // wrapped, no U+0001
  CHECK_THAT(s, Catch::Contains(">" + std::string(32767, 'x') + "</t>"));
  CHECK_THAT(s, !Catch::Contains(std::string(32768, 'x')));
}

TEST_CASE("xlsx: sheet names and headings in the interface language, made safe for Excel", "[xlsx]") {
  Map m = template_map("b2b-phone-system.ar.journey.json");
  std::string error;
  auto english = zip_parts(map_to_xlsx(m, &error));
  CHECK_THAT(english["xl/worksheets/sheet1.xml"], Catch::Contains(">Lane type</t>"));
  CHECK_THAT(english["xl/workbook.xml"], Catch::Contains("<sheet name=\"Metrics\""));
  NameFn ar = [](const std::string& key, const std::string& en) -> std::string {
    if (key == "xlsx.sheet.cards") return "البطاقات";
    if (key == "xlsx.sheet.actions") return "إجراءات: [التحسين] / خطة عمل طويلة جدا جدا";   // characters Excel refuses, too long
    if (key == "xlsx.col.lane_type") return "نوع المسار";
    return en;
  };
  auto parts = zip_parts(map_to_xlsx(m, &error, ar));
  CHECK_THAT(parts["xl/workbook.xml"], Catch::Contains("<sheet name=\"البطاقات\" sheetId=\"1\""));
  CHECK_THAT(parts["xl/workbook.xml"], Catch::Contains("<sheet name=\"إجراءات- -التحسين- - خطة عمل طو\""));   // 31 characters
  CHECK_THAT(parts["xl/workbook.xml"], Catch::Contains(">&#39;البطاقات&#39;!$A$1:$J$"));
  CHECK_THAT(parts["xl/worksheets/sheet1.xml"], Catch::Contains(">نوع المسار</t>"));
  CHECK_THAT(parts["xl/worksheets/sheet1.xml"], Catch::Contains(">Stage</t>"));
}
