// xlsx.cpp: see xlsx.h. The smallest package Excel, LibreOffice and Numbers open without a repair
// prompt: content types, the package and workbook relationships, core properties (the title), a
// workbook, a style sheet (normal, bold header, wrapped text) and one worksheet per table. Strings
// are inline (t="inlineStr"), so there is no shared-string table to keep in step.
#include "core/xlsx.h"
#include "core/export.h"
#include "core/zip.h"
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace jm {

namespace {

constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr size_t kMaxCellChars = 32767;   // Excel's limit, in UTF-16 code units
enum Style { kNormal = 0, kHeader = 1, kWrapped = 2 };

// "A", "B", ... "Z", "AA": the column's letters (0-based index).
std::string column_name(size_t i) {
  std::string s;
  for (size_t n = i + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

// At most `limit` UTF-16 units of `s` (how Excel counts), cut between characters.
std::string cut_units(const std::string& s, size_t limit) {
  size_t units = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
    size_t u = len == 4 ? 2 : 1;
    if (units + u > limit) return s.substr(0, i);
    units += u;
    i += len;
  }
  return s;
}

// Characters of the longest line of `s` (code points, for a column's width).
size_t longest_line(const std::string& s) {
  size_t best = 0, n = 0;
  for (unsigned char c : s) {
    if (c == '\n') { best = std::max(best, n); n = 0; }
    else if ((c & 0xC0) != 0x80) n++;
  }
  return std::max(best, n);
}

// "lane type" -> "Lane type": the English heading of a CSV header.
std::string english_heading(const std::string& h) {
  std::string s = h;
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

// Sheet names: at most 31 characters, none of []:*?/\ (Excel refuses the workbook otherwise).
std::string sheet_name(std::string s) {
  for (char& c : s)
    if (std::strchr("[]:*?/\\", c)) c = '-';
  s = cut_units(s, 31);
  return s.empty() ? std::string("Sheet") : s;
}

// A sheet name in a formula: in single quotes (any name may stand there so), quotes doubled.
std::string quoted_sheet(const std::string& s) {
  std::string out = "'";
  for (char c : s) { out += c; if (c == '\'') out += '\''; }
  return xml_escape(out + "'");
}

std::string sheet_xml(const ExportTable& t, bool rtl, bool first) {
  std::string x = kXmlHead;
  x += std::string("<worksheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs + "\">";
  x += std::string("<sheetViews><sheetView workbookViewId=\"0\"") + (first ? " tabSelected=\"1\"" : "") +
       (rtl ? " rightToLeft=\"1\"" : "") +
       "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>";
  // Widths: the longest line of each column, between 8 and 60 characters.
  std::vector<size_t> width(t.header.size());
  for (size_t i = 0; i < t.header.size(); i++) width[i] = longest_line(t.header[i]) + 3;   // room for the filter button
  for (const auto& r : t.rows)
    for (size_t i = 0; i < r.size() && i < width.size(); i++) width[i] = std::max(width[i], longest_line(r[i].text) + 1);
  x += "<cols>";
  for (size_t i = 0; i < width.size(); i++)
    x += "<col min=\"" + std::to_string(i + 1) + "\" max=\"" + std::to_string(i + 1) + "\" width=\"" +
         std::to_string(std::min<size_t>(60, std::max<size_t>(8, width[i]))) + "\" customWidth=\"1\"/>";
  x += "</cols><sheetData>";
  auto text_cell = [&](const std::string& ref, const std::string& text, Style style) {
    std::string cut = cut_units(text, kMaxCellChars);
    // Body text wraps (top-aligned) rather than being cut at the column's edge: a printed sheet
    // shows every word, whatever the font's widths (Arabic letters run wider than the
    // character-count estimate of the column widths).
    if (style == kNormal) style = kWrapped;
    x += "<c r=\"" + ref + "\" t=\"inlineStr\"" + (style ? " s=\"" + std::to_string(style) + "\"" : "") +
         "><is><t xml:space=\"preserve\">" + xml_escape(cut, true) + "</t></is></c>";
  };
  x += "<row r=\"1\">";
  for (size_t i = 0; i < t.header.size(); i++) text_cell(column_name(i) + "1", t.header[i], kHeader);
  x += "</row>";
  for (size_t ri = 0; ri < t.rows.size(); ri++) {
    std::string row = std::to_string(ri + 2);
    x += "<row r=\"" + row + "\">";
    const auto& r = t.rows[ri];
    for (size_t i = 0; i < r.size(); i++) {
      std::string ref = column_name(i) + row;
      if (r[i].number) x += "<c r=\"" + ref + "\"><v>" + r[i].text + "</v></c>";
      else if (!r[i].text.empty()) text_cell(ref, r[i].text, kNormal);
    }
    x += "</row>";
  }
  x += "</sheetData>";
  if (!t.header.empty())
    x += "<autoFilter ref=\"A1:" + column_name(t.header.size() - 1) + std::to_string(t.rows.size() + 1) + "\"/>";
  x += "</worksheet>";
  return x;
}

const char* kStyles =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Noto Sans\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Noto Sans\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
    "<alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

}  // namespace

std::string map_to_xlsx(const Map& m, std::string* error, const NameFn& names) {
  ExportTable tables[] = {cards_table(m), actions_table(m), metrics_table(m)};
  const size_t n = sizeof tables / sizeof tables[0];
  const char* sheet_keys[] = {"xlsx.sheet.cards", "xlsx.sheet.actions", "xlsx.sheet.metrics"};
  auto name = [&](const std::string& key, const std::string& english) { return names ? names(key, english) : english; };
  for (size_t i = 0; i < n; i++) {
    tables[i].name = sheet_name(name(sheet_keys[i], tables[i].name));
    for (std::string& h : tables[i].header) {
      std::string key = h;
      for (char& c : key) if (c == ' ') c = '_';
      h = name("xlsx.col." + key, english_heading(h));
    }
  }
  bool rtl = m.meta.direction == Direction::RightToLeft;
  std::vector<ZipEntry> files;
  std::string types = std::string(kXmlHead) +
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
      "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>";
  for (size_t i = 0; i < n; i++)
    types += "<Override PartName=\"/xl/worksheets/sheet" + std::to_string(i + 1) +
             ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
  types += "</Types>";
  files.push_back({"[Content_Types].xml", types});
  files.push_back({"_rels/.rels", std::string(kXmlHead) + "<Relationships xmlns=\"" + kPkgRelNs + "\">"
      "<Relationship Id=\"rId1\" Type=\"" + kRelNs + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"" + kPkgRelNs + "/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
      "</Relationships>"});
  std::string title = m.meta.title.empty() ? std::string("Customer journey map") : m.meta.title;
  files.push_back({"docProps/core.xml", std::string(kXmlHead) +
      "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" + xml_escape(title) +
      "</dc:title><dc:creator>journeymap</dc:creator></cp:coreProperties>"});
  std::string book = std::string(kXmlHead) + "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs + "\"><sheets>";
  std::string filters, rels = std::string(kXmlHead) + "<Relationships xmlns=\"" + kPkgRelNs + "\">";
  for (size_t i = 0; i < n; i++) {
    std::string k = std::to_string(i + 1);
    book += "<sheet name=\"" + xml_escape(tables[i].name) + "\" sheetId=\"" + k + "\" r:id=\"rId" + k + "\"/>";
    // Excel keeps an AutoFilter's range in this hidden name as well as on the sheet.
    filters += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"" + std::to_string(i) + "\" hidden=\"1\">" +
             quoted_sheet(tables[i].name) + "!$A$1:$" + column_name(tables[i].header.size() - 1) + "$" +
             std::to_string(tables[i].rows.size() + 1) + "</definedName>";
    rels += "<Relationship Id=\"rId" + k + "\" Type=\"" + kRelNs + "/worksheet\" Target=\"worksheets/sheet" + k + ".xml\"/>";
    files.push_back({"xl/worksheets/sheet" + k + ".xml", sheet_xml(tables[i], rtl, i == 0)});
  }
  book += "</sheets><definedNames>" + filters + "</definedNames></workbook>";
  rels += "<Relationship Id=\"rId" + std::to_string(n + 1) + "\" Type=\"" + kRelNs + "/styles\" Target=\"styles.xml\"/></Relationships>";
  files.push_back({"xl/workbook.xml", book});
  files.push_back({"xl/_rels/workbook.xml.rels", rels});
  files.push_back({"xl/styles.xml", std::string(kXmlHead) + kStyles});
  return zip_write(files, error);
}

} // namespace jm
