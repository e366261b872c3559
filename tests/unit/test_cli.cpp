// The journeymap command-line tool, in process: src/cli/main.cpp is included with its main()
// left out, and jm_cli::run() is called with string streams, so exit codes and messages are
// checked without spawning anything (the same test runs natively and as wasm under Node).
#define JM_CLI_NO_MAIN
#include "cli/main.cpp"
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

namespace {

struct Result { int code; std::string out, err; };

Result cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = jm_cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// A fresh file name under /tmp for each call (tests run in parallel processes, natively and as
// wasm, whose file system is the real one through NODERAWFS).
std::string temp_path(const std::string& name) {
  static const long long stamp = (long long)std::chrono::steady_clock::now().time_since_epoch().count();
  static int n = 0;
  return "/tmp/jm_cli_test_" + std::to_string(stamp) + "_" + std::to_string(n++) + "_" + name;
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

std::string b2b_path() {
  const char* rel = "tests/fixtures/b2b-plain.journey.json";
  std::string abs = std::string(JM_SEEDS_DIR) + "/../../" + rel;
  return std::ifstream(abs) ? abs : std::string(rel);
}

} // namespace

TEST_CASE("cli validate reports a valid map with its counts") {
  std::string path = b2b_path();
  Result r = cli({"validate", path});
  CHECK(r.code == 0);
  CHECK(r.out == path + ": valid (8 stages, 7 lanes, 65 cards)\n");
  CHECK(r.err.empty());
}

TEST_CASE("cli validate names the line and column or the field of a broken map") {
  std::string bad_json = write_temp("bad.journey.json", "{\n  \"format\": \"journeymap\",\n  oops\n}");
  Result r = cli({"validate", bad_json});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::StartsWith(bad_json + ": line 3, column 3"));
  std::remove(bad_json.c_str());

  std::string bad_ref = write_temp("ref.journey.json",
      "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"stages\":[{\"id\":1}],\"lanes\":[{\"id\":2,\"type\":\"actions\"}],"
      "\"cards\":[{\"id\":3,\"stage\":1,\"lane\":7}]}}");
  r = cli({"validate", bad_ref});
  CHECK(r.code == 1);
  CHECK(r.err == bad_ref + ": map.cards[0].lane: no lane with id 7\n");
  std::remove(bad_ref.c_str());
}

TEST_CASE("cli refuses an unreadable file in one line with exit code 1") {
  Result r = cli({"validate", "/nonexistent/folder/map.journey.json"});
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("journeymap: cannot read \"/nonexistent/folder/map.journey.json\": "));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("cli convert writes every format to a file or to standard output") {
  std::string path = b2b_path();
  jm::LoadResult map = jm::load_map(read(path));
  REQUIRE(map.ok);
  Result r = cli({"convert", path, "--to", "mermaid"});
  CHECK(r.code == 0);
  CHECK(r.out == jm::to_mermaid(map.map));
  r = cli({"convert", path, "--to=md"});
  CHECK(r.out == jm::to_markdown(map.map));
  r = cli({"convert", path, "--to", "json"});
  CHECK(r.out == jm::save_map(map.map, true) + "\n");

  std::string out = temp_path("b2b.csv");
  r = cli({"convert", path, "--to", "csv", "-o", out});
  CHECK(r.code == 0);
  CHECK(r.out.empty());
  CHECK(read(out) == jm::to_csv(map.map));
  std::remove(out.c_str());

  out = temp_path("b2b.svg");
  r = cli({"convert", "--to", "svg", path, "--output", out});
  CHECK(r.code == 0);
  std::string svg = read(out);
  CHECK(svg.find("<svg ") != std::string::npos);
  CHECK(svg.find(">Buying a business phone system</text>") != std::string::npos);
  std::remove(out.c_str());
}

TEST_CASE("cli converts a Mermaid file to a map titled after the file") {
  std::string mmd = write_temp("Working day.mmd", "journey\n  section Morning\n    Make tea: 5: Me\n");
  std::string out = temp_path("day.journey.json");
  Result r = cli({"convert", mmd, "--to", "json", "-o", out});
  REQUIRE(r.code == 0);
  jm::LoadResult back = jm::load_map(read(out));
  REQUIRE(back.ok);
  CHECK(back.map.meta.title.find("Working day") != std::string::npos);
  REQUIRE(back.map.stages.size() == 1);
  CHECK(back.map.stages[0].name == "Morning");
  r = cli({"validate", mmd});
  CHECK(r.out == mmd + ": valid (1 stage, 2 lanes, 2 cards)\n");
  std::remove(mmd.c_str());
  std::remove(out.c_str());

  std::string broken = write_temp("broken.mmd", "journey\nsection A\n  Task: great\n");
  r = cli({"convert", broken, "--to", "md"});
  CHECK(r.code == 1);
  CHECK(r.err == broken + ": line 3: the score \"great\" of task \"Task\" is not a number from 1 to 5\n");
  std::remove(broken.c_str());
}

TEST_CASE("cli convert --to xlsx writes the workbook the editor downloads") {
  std::string out = temp_path("map.xlsx");
  Result r = cli({"convert", b2b_path(), "--to", "xlsx", "-o", out});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  jm::LoadResult map = jm::load_map(read(b2b_path()));
  REQUIRE(map.ok);
  std::string error, book = read(out);
  CHECK(book.compare(0, 2, "PK") == 0);
  CHECK(book == jm::map_to_xlsx(map.map, &error));
  std::remove(out.c_str());
}

TEST_CASE("cli convert --to pptx writes the slide deck of the core writer") {
  std::string out = temp_path("map.pptx");
  Result r = cli({"convert", b2b_path(), "--to", "pptx", "-o", out});
  CHECK(r.code == 0);
  CHECK(r.err.empty());
  jm::LoadResult map = jm::load_map(read(b2b_path()));
  REQUIRE(map.ok);
  std::string error, deck = read(out);
  CHECK(deck.compare(0, 2, "PK") == 0);
  CHECK(deck == jm::map_to_pptx(map.map, jm::approx_text_width, &error));
  std::remove(out.c_str());
  // An unknown format names the ones there are.
  r = cli({"convert", b2b_path(), "--to", "ppt"});
  CHECK(r.code != 0);
  CHECK(r.err.find("(json, mermaid, csv, md, svg, actions, xlsx, pptx)") != std::string::npos);
}

TEST_CASE("cli migrate writes the current version as pretty JSON") {
  std::string old = write_temp("old.journey.json",
      "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"title\":\"Old\",\"stages\":[{\"id\":1,\"name\":\"A\"}]}}");
  std::string out = temp_path("new.journey.json");
  Result r = cli({"migrate", old, "-o", out});
  CHECK(r.code == 0);
  std::string text = read(out);
  CHECK(text.find("\"version\": " + std::to_string(jm::kFormatVersion)) != std::string::npos);   // written in the current version
  CHECK(text.find("\n    \"title\": \"Old\"") != std::string::npos);
  jm::LoadResult back = jm::load_map(text);
  REQUIRE(back.ok);
  CHECK(back.version == jm::kFormatVersion);
  CHECK(back.map.stages[0].name == "A");
  std::remove(old.c_str());
  std::remove(out.c_str());
}

TEST_CASE("cli migrates a version 1 map to the current version and writes the action table") {
  std::string fixture = std::string(JM_SEEDS_DIR) + "/v2-content.journey.json";
  Result r = cli({"convert", fixture, "--to", "actions"});
  CHECK(r.code == 0);
  jm::LoadResult map = jm::load_map(read(fixture));
  REQUIRE(map.ok);
  CHECK(r.out == jm::actions_to_csv(map.map));
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 3);   // the header and two actions
  // A version 1 file: the same content, written in the current version.
  std::string old = write_temp("v1.journey.json",
      "{\"format\":\"journeymap\",\"version\":1,\"map\":{\"stages\":[{\"id\":1,\"name\":\"A\"}],"
      "\"lanes\":[{\"id\":2,\"type\":\"touchpoints\"}],\"cards\":[{\"id\":3,\"stage\":1,\"lane\":2,\"text\":\"x\"}]}}");
  r = cli({"migrate", old});
  CHECK(r.code == 0);
  jm::LoadResult back = jm::load_map(r.out);
  REQUIRE(back.ok);
  CHECK(back.version == jm::kFormatVersion);
  CHECK(back.map.cards[0].text == "x");
  CHECK_THAT(r.out, Catch::Contains("\"version\": " + std::to_string(jm::kFormatVersion)));
  CHECK_THAT(r.out, !Catch::Contains("[]"));   // the canonical form has no empty arrays
  std::remove(old.c_str());
}

TEST_CASE("cli usage mistakes exit with code 2 and one line") {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate", "x"}, {"validate"}, {"convert", "x.json"}, {"convert", "x.json", "--to", "xml"},
           {"convert", "x.json", "--to"}, {"validate", "x.json", "--verbose"}, {"validate", "a.json", "b.json"},
           {"validate", "x.json", "-o", "y"}, {"migrate", "x.json", "--to", "csv"}}) {
    Result r = cli(args);
    INFO(r.err);
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("journeymap: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  Result help = cli({"--help"});
  CHECK(help.code == 0);
  CHECK_THAT(help.out, Catch::StartsWith("usage: journeymap"));
}
