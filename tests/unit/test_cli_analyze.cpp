// `journeymap analyze ...` in process, like test_cli.cpp: src/cli/main.cpp (inline, without its
// main()) and src/cli/analyze.cpp are compiled into this test (the CLI target compiles them on
// its own) and jm_cli::run() is called with string streams. Small hand-made files, each expected figure
// computed by hand in the comment next to it.
#define JM_CLI_NO_MAIN
#include "cli/main.cpp"
#include "cli/analyze.cpp"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

namespace {

using json = nlohmann::json;
struct Result { int code; std::string out, err; };

Result analyze(std::vector<std::string> args) {
  args.insert(args.begin(), "analyze");
  std::ostringstream out, err;
  int code = jm_cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

std::string temp_file(const std::string& name, const std::string& text) {
  static const long long stamp = (long long)std::chrono::steady_clock::now().time_since_epoch().count();
  static int n = 0;
  std::string path = "/tmp/jm_cli_analyze_" + std::to_string(stamp) + "_" + std::to_string(n++) + "_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string b2b_map() {
  const char* rel = "assets/templates/b2b-phone-system.journey.json";
  std::string abs = std::string(JM_SEEDS_DIR) + "/../../" + rel;
  return std::ifstream(abs) ? abs : std::string(rel);
}

// Three rows standing for 6 journeys: 4 conversions, 2 non-conversions, value 45.
const char* kPaths =
    "path,total_conversions,total_null,total_conversion_value\n"
    "A > B,1,0,10\n"
    "B,1,1,5\n"
    "A > C > B,2,1,30\n";

const json* channel(const json& model, const std::string& name) {
  for (const json& c : model["channels"])
    if (c["channel"] == name) return &c;
  return nullptr;
}

} // namespace

TEST_CASE("analyze attribution prints exactly model, channels and rejected", "[cli]") {
  std::string paths = temp_file("paths.csv", kPaths);
  Result r = analyze({"attribution", "--paths", paths, "--model", "first", "--json"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  // Key set of the format: {"model", "channels": [{"channel", "conversions", "value"}], "rejected"}.
  CHECK(j.size() == 3);
  CHECK(j["model"] == "first");
  CHECK(j["rejected"].is_array());
  REQUIRE(j["channels"].is_array());
  for (const json& c : j["channels"]) {
    CHECK(c.size() == 3);
    CHECK(c.contains("channel"));
    CHECK(c["conversions"].is_number());
    CHECK(c["value"].is_number());
  }
  // First touch: A opens rows 1 and 3 (1 + 2 conversions, 10 + 30 value), B opens row 2 (1, 5).
  REQUIRE(channel(j, "A"));
  CHECK((*channel(j, "A"))["conversions"].get<double>() == 3.0);
  CHECK((*channel(j, "A"))["value"].get<double>() == 40.0);
  CHECK((*channel(j, "B"))["conversions"].get<double>() == 1.0);
  CHECK((*channel(j, "B"))["value"].get<double>() == 5.0);
}

TEST_CASE("analyze attribution linear splits each row evenly over its touches", "[cli]") {
  std::string paths = temp_file("paths.csv", kPaths);
  Result r = analyze({"attribution", "--paths", paths, "--model", "linear"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  // A: 1/2 of row 1 + 1/3 of row 3's 2 conversions = 0.5 + 0.6667; value 5 + 10.
  // B: 0.5 + 1 + 0.6667; value 5 + 5 + 10.  C: 0.6667; value 10.
  CHECK((*channel(j, "A"))["conversions"].get<double>() == Approx(0.5 + 2.0 / 3).epsilon(1e-12));
  CHECK((*channel(j, "A"))["value"].get<double>() == Approx(15.0));
  CHECK((*channel(j, "B"))["conversions"].get<double>() == Approx(1.5 + 2.0 / 3).epsilon(1e-12));
  CHECK((*channel(j, "B"))["value"].get<double>() == Approx(20.0));
  CHECK((*channel(j, "C"))["conversions"].get<double>() == Approx(2.0 / 3).epsilon(1e-12));
}

TEST_CASE("analyze attribution --model all: one object per model, shares summing to the conversions", "[cli]") {
  std::string paths = temp_file("paths.csv", kPaths);
  Result r = analyze({"attribution", "--paths", paths, "--model", "all"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  REQUIRE(j.is_array());
  CHECK(j.size() == jm::all_attribution_models().size());
  for (const json& m : j) {
    double sum = 0;
    for (const json& c : m["channels"]) sum += c["conversions"].get<double>();
    if (m["model"] == "participation" || m["model"] == "time_decay") continue;   // more than once / needs times
    CHECK(sum == Approx(4.0).epsilon(1e-12));
  }
  // A paths file has no times: time decay rejects every journey and says so in both places.
  for (const json& m : j)
    if (m["model"] == "time_decay") CHECK(m["rejected"].size() == 3);
  CHECK(r.err.find("time_decay") != std::string::npos);
}

TEST_CASE("analyze attribution --csv quotes fields and writes one row per model and channel", "[cli]") {
  std::string paths = temp_file("paths.csv",
                                "path,total_conversions,total_null\n"
                                "\"Paid, search > B\",1,0\n");
  Result r = analyze({"attribution", "--paths", paths, "--model", "last", "--csv"});
  REQUIRE(r.code == 0);
  // Last touch: B gets the one conversion; the channel with a comma is quoted.
  CHECK(r.out == "model,channel,conversions,value\nlast,B,1,0\nlast,\"Paid, search\",0,0\n");
}

TEST_CASE("analyze: wrong usage exits 2, unusable input 1", "[cli]") {
  std::string paths = temp_file("paths.csv", kPaths);
  CHECK(analyze({}).code == 2);
  CHECK(analyze({"histogram"}).code == 2);
  CHECK(analyze({"attribution"}).code == 2);                                        // neither --paths nor --events
  CHECK(analyze({"attribution", "--paths", paths, "--events", paths}).code == 2);   // both
  Result bad_model = analyze({"attribution", "--paths", paths, "--model", "magic"});
  CHECK(bad_model.code == 2);
  CHECK(bad_model.err.find("unknown model \"magic\"") != std::string::npos);
  CHECK(analyze({"attribution", "--paths", paths, "--transform", "sideways"}).code == 2);
  CHECK(analyze({"attribution", "--paths", paths, "--frobnicate"}).code == 2);
  CHECK(analyze({"attribution", "--paths", paths, "--json", "--csv"}).code == 2);
  CHECK(analyze({"funnel", "--events", paths}).code == 2);                           // funnel needs --map
  CHECK(analyze({"paths", "--events", paths, "--from", "A", "--to", "B"}).code == 2);

  Result missing = analyze({"attribution", "--paths", "/nonexistent/jm/paths.csv"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("/nonexistent/jm/paths.csv") != std::string::npos);
  std::string no_columns = temp_file("nocols.csv", "route,count\nA,1\n");
  CHECK(analyze({"attribution", "--paths", no_columns}).code == 1);
  CHECK(analyze({"help"}).code == 2);
  CHECK(analyze({"--help"}).code == 0);
}

TEST_CASE("analyze: rejected rows are listed with their line, and --strict fails at the first", "[cli]") {
  // Line 3 has a bad timestamp, line 4 no person: both rejected, line 2 kept.
  std::string events = temp_file("events.csv",
                                 "person_id,timestamp,event,channel,conversion\n"
                                 "p1,2026-03-01T10:00:00Z,visit,website,1\n"
                                 "p1,8:30:00 AM,visit,email,0\n"
                                 ",2026-03-01T11:00:00Z,visit,email,0\n");
  Result r = analyze({"attribution", "--events", events, "--model", "last"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  REQUIRE(j["rejected"].size() == 2);
  CHECK(j["rejected"][0]["line"] == 3);
  CHECK(j["rejected"][0]["reason"] == "BAD_TIMESTAMP");
  CHECK(j["rejected"][1]["line"] == 4);
  CHECK(j["rejected"][1]["reason"] == "MISSING_REQUIRED");
  CHECK(r.err.find(":3: BAD_TIMESTAMP") != std::string::npos);
  CHECK((*channel(j, "website"))["conversions"].get<double>() == 1.0);

  Result strict = analyze({"attribution", "--events", events, "--model", "last", "--strict"});
  CHECK(strict.code == 1);
  CHECK(strict.out.empty());
}

TEST_CASE("analyze paths --to-paths-csv prints the journeys the core derives from events", "[cli]") {
  // p1: website, email, then a conversion worth 300 (no channel: not a touch) -> "website > email"
  //     converting; then phone after it -> "phone" not converting.
  // p2: website, website, no conversion -> "website > website" not converting.
  std::string events = temp_file("events.csv",
                                 "person_id,timestamp,event,channel,value,conversion\n"
                                 "p1,2026-03-01T10:00:00Z,visit,website,,0\n"
                                 "p1,2026-03-02T10:00:00Z,open,email,,0\n"
                                 "p1,2026-03-03T10:00:00Z,signed,,300,1\n"
                                 "p1,2026-03-04T10:00:00Z,call,phone,,0\n"
                                 "p2,2026-03-01T09:00:00Z,visit,website,,0\n"
                                 "p2,2026-03-01T09:05:00Z,visit,website,,0\n");
  Result r = analyze({"paths", "--events", events, "--to-paths-csv"});
  REQUIRE(r.code == 0);
  CHECK(r.out == "path,total_conversions,total_null,total_conversion_value\n"
                 "phone,0,1,0\n"
                 "website > email,1,0,300\n"
                 "website > website,0,1,0\n");
}

TEST_CASE("analyze paths --dfg counts directly-follows pairs per person", "[cli]") {
  // p1: a b a b  -> a>b twice, b>a once; p2: a b -> a>b once. Gaps a>b: 60 s, 60 s, 120 s.
  std::string events = temp_file("events.csv",
                                 "person_id,timestamp,event\n"
                                 "p1,2026-03-01T10:00:00Z,a\n"
                                 "p1,2026-03-01T10:01:00Z,b\n"
                                 "p1,2026-03-01T10:03:00Z,a\n"
                                 "p1,2026-03-01T10:04:00Z,b\n"
                                 "p2,2026-03-01T10:00:00Z,a\n"
                                 "p2,2026-03-01T10:02:00Z,b\n");
  Result r = analyze({"paths", "--events", events, "--node", "event", "--dfg"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  REQUIRE(j["edges"].size() == 2);
  CHECK(j["edges"][0]["from"] == "a");
  CHECK(j["edges"][0]["to"] == "b");
  CHECK(j["edges"][0]["count"] == 3);
  CHECK(j["edges"][0]["median_ms"].get<double>() == 60000.0);
  CHECK(j["edges"][0]["mean_ms"].get<double>() == Approx(80000.0));
  CHECK(j["edges"][1]["count"] == 1);
}

TEST_CASE("analyze funnel over the B2B map's stages", "[cli]") {
  // Stage columns 1..3 of the map. p1 reaches 1, 2, 3; p2 reaches 1 and 2 (2 days later);
  // p3 only 1; p4 has stage 2 without stage 1 (closed funnel: not counted).
  // Counts 3, 2, 1; step 2 times 1 day (p1) and 2 days (p2): median 1.5 days.
  std::string events = temp_file("events.csv",
                                 "person_id,timestamp,event,stage\n"
                                 "p1,2026-03-01T10:00:00Z,e,1\n"
                                 "p1,2026-03-02T10:00:00Z,e,2\n"
                                 "p1,2026-03-03T10:00:00Z,e,3\n"
                                 "p2,2026-03-01T10:00:00Z,e,1\n"
                                 "p2,2026-03-03T10:00:00Z,e,2\n"
                                 "p3,2026-03-01T10:00:00Z,e,1\n"
                                 "p4,2026-03-01T10:00:00Z,e,2\n");
  Result r = analyze({"funnel", "--events", events, "--map", b2b_map(), "--window-days", "30"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  REQUIRE(j["steps"].size() == 8);   // every stage of the map, in order
  CHECK(j["steps"][0]["count"] == 3);
  CHECK(j["steps"][1]["count"] == 2);
  CHECK(j["steps"][2]["count"] == 1);
  CHECK(j["steps"][3]["count"] == 0);
  CHECK(j["steps"][1]["dropoff"] == 1);
  CHECK(j["steps"][1]["median_ms"].get<double>() == 1.5 * 86400000);
  CHECK(j["steps"][1]["step_conversion"].get<double>() == Approx(2.0 / 3));
  CHECK(j["steps"][0]["label"] == "Problem / need");
  // A one-day window keeps p1's step 2 (exactly one day, inclusive) and loses p2's.
  Result narrow = analyze({"funnel", "--events", events, "--map", b2b_map(), "--window-days", "1", "--csv"});
  REQUIRE(narrow.code == 0);
  CHECK(narrow.out.find("\n2,Research solutions,2,1,") != std::string::npos);
}

TEST_CASE("analyze survey per card: NPS with its parts, hidden below the minimum n", "[cli]") {
  // Card 35 (demo call): 10, 9, 8, 6, 0 -> 2 promoters, 1 passive, 2 detractors: NPS 0, n 5.
  // Card 38: two CES answers, below the minimum of 5: not shown, n still 2. One blank NPS.
  std::string responses = temp_file("responses.csv",
                                    "person_id,timestamp,metric,score,touchpoint_id,comment\n"
                                    "p1,2026-03-01T10:00:00Z,nps,10,35,\"Quick, clear demo\"\n"
                                    "p2,2026-03-01T10:00:00Z,nps,9,c35,\n"
                                    ",2026-03-01T10:00:00Z,nps,8,35,\n"
                                    "p4,2026-03-01T10:00:00Z,nps,6,35,هل يستحق سعر الخط الواحد ذلك؟\n"
                                    "p5,2026-03-01T10:00:00Z,nps,0,35,\n"
                                    "p6,2026-03-01T10:00:00Z,nps,,35,\n"
                                    "p1,2026-03-02T10:00:00Z,ces,6,38,\n"
                                    "p2,2026-03-02T10:00:00Z,ces,5,38,\n");
  Result r = analyze({"survey", "--responses", responses, "--map", b2b_map(), "--by", "card"});
  REQUIRE(r.code == 0);
  json j = json::parse(r.out);
  const json* demo = nullptr;
  const json* setup = nullptr;
  for (const json& g : j["groups"]) {
    if (g["key"] == "35") demo = &g;
    if (g["key"] == "38") setup = &g;
  }
  REQUIRE(demo);
  REQUIRE(setup);
  CHECK((*demo)["label"] == "Demo call with sales");
  const json& nps = (*demo)["scores"][0];
  CHECK(nps["metric"] == "nps");
  CHECK(nps["n"] == 5);
  CHECK(nps["no_score"] == 1);
  CHECK(nps["shown"] == true);
  CHECK(nps["value"].get<double>() == Approx(0.0).margin(1e-9));
  CHECK(nps["promoters"].get<double>() == Approx(40.0));
  CHECK(nps["detractors"].get<double>() == Approx(40.0));
  const json& ces = (*setup)["scores"][0];
  CHECK(ces["n"] == 2);
  CHECK(ces["shown"] == false);
  // Whole file: 5 NPS answers and 2 CES answers.
  CHECK(j["all"].size() == 2);

  Result csv = analyze({"survey", "--responses", responses, "--map", b2b_map(), "--csv"});
  REQUIRE(csv.code == 0);
  CHECK(csv.out.rfind("group,label,metric,n,", 0) == 0);
  CHECK(csv.out.find("\n35,Demo call with sales,nps,5,1,1,0,") != std::string::npos);
}

TEST_CASE("analyze person and rules on a customer whose score falls", "[cli]") {
  // p1 answers NPS 10 then 3: a promoter who became a detractor (outreach); p2's latest NPS is 9
  // (advocacy).
  std::string responses = temp_file("responses.csv",
                                    "person_id,timestamp,metric,score,touchpoint_id\n"
                                    "p1,2026-03-01T10:00:00Z,nps,10,35\n"
                                    "p1,2026-04-01T10:00:00Z,nps,3,41\n"
                                    "p2,2026-04-01T10:00:00Z,nps,9,43\n");
  std::string events = temp_file("events.csv",
                                 "person_id,timestamp,event,channel,touchpoint_id\n"
                                 "p1,2026-02-28T10:00:00Z,demo_call,phone,35\n");
  Result p = analyze({"person", "--events", events, "--responses", responses, "--map", b2b_map(), "--id", "p1"});
  REQUIRE(p.code == 0);
  json j = json::parse(p.out);
  CHECK(j["person"] == "p1");
  CHECK(j["entries"].size() == 3);   // one event, two answers
  CHECK(analyze({"person", "--events", events, "--responses", responses, "--map", b2b_map(), "--id", "nobody"}).code == 1);

  Result rules = analyze({"rules", "--responses", responses});
  REQUIRE(rules.code == 0);
  std::istringstream lines(rules.out);
  std::string line;
  bool outreach_p1 = false, advocacy_p2 = false, advocacy_p1 = false;
  int n = 0;
  while (std::getline(lines, line)) {
    json f = json::parse(line);   // every line is one JSON object
    n++;
    if (f["person"] == "p1" && f["action"] == "outreach") outreach_p1 = true;
    if (f["person"] == "p2" && f["action"] == "advocacy") advocacy_p2 = true;
    if (f["person"] == "p1" && f["action"] == "advocacy") advocacy_p1 = true;
  }
  CHECK(n >= 2);
  CHECK(outreach_p1);
  CHECK(advocacy_p2);
  CHECK_FALSE(advocacy_p1);   // p1's latest score is 3
}
