// Portfolio roll-ups (core/portfolio.h) over the fixture folder tests/fixtures/portfolio and a few
// maps made here, and `journeymap portfolio` in process: src/cli/portfolio_cli.cpp is compiled
// into this test (src/cli/main.cpp, included by test_cli.cpp, calls it). Every figure expected
// below is read off the fixture files by hand:
//   lifecycle.journey.json      uid map-lifecycle, CX team, published, review due 2026-06-30;
//                               cards opening uid:map-onboarding, support/help.journey.json and a
//                               missing renewal.journey.json
//   onboarding.journey.json     uid map-onboarding, Growth, in review, due 2027-03-01
//   support/help.journey.json   no uid, no owner, draft; a card back to ../lifecycle.journey.json
//   broken.journey.json         cut off in the middle; notes.json is not a map file (ignored)
#include "cli/portfolio_cli.cpp"
#include "core/io.h"
#include "core/portfolio.h"
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

using namespace jm;
using nlohmann::json;

namespace {

const std::string kDir = std::string(JM_SEEDS_DIR) + "/portfolio";
const std::string kToday = "2026-12-03";

Map load(const std::string& rel) {
  std::ifstream f(kDir + "/" + rel, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  LoadResult r = load_map(text);
  INFO(rel << ": " << r.error);
  REQUIRE(r.ok);
  return r.map;
}

Portfolio fixture() {
  std::vector<PortfolioMap> maps{{"lifecycle.journey.json", load("lifecycle.journey.json")},
                                 {"onboarding.journey.json", load("onboarding.journey.json")},
                                 {"support/help.journey.json", load("support/help.journey.json")}};
  return build_portfolio(maps, kToday, {{"broken.journey.json", "line 2, column 1: unexpected end"}});
}

struct Run { int code; std::string out, err; };
Run portfolio_cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = jm_cli::run_portfolio(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("portfolio: sub-journey paths resolve against the map's folder", "[portfolio]") {
  CHECK(resolve_journey_path("a/b.journey.json", "c.journey.json") == "a/c.journey.json");
  CHECK(resolve_journey_path("a/b.journey.json", "../c.journey.json") == "c.journey.json");
  CHECK(resolve_journey_path("b.journey.json", "./x/../y.journey.json") == "y.journey.json");
  CHECK(resolve_journey_path("a/b.journey.json", "/top.journey.json") == "top.journey.json");
  CHECK(resolve_journey_path("a/b", " https://intranet/maps/x.journey.json ") == "https://intranet/maps/x.journey.json");
  CHECK(resolve_journey_path("", "../../up.journey.json") == "../../up.journey.json");
}

TEST_CASE("portfolio: maps, governance groups and flags", "[portfolio]") {
  Portfolio p = fixture();
  REQUIRE(p.maps.size() == 3);
  CHECK(p.maps[0].title == "Customer lifecycle");
  CHECK(p.maps[0].owner == "CX team");
  CHECK(p.maps[0].status == MapStatus::Published);
  CHECK(p.maps[0].cards == 7);
  CHECK(p.maps[0].open_high == 1);
  CHECK(p.maps[0].flags == std::vector<MapFlag>{MapFlag::ReviewOverdue, MapFlag::PublishedOpenHigh});
  CHECK(p.maps[1].open_high == 0);   // its high-priority action is done
  CHECK(p.maps[1].flags.empty());    // review due 2027-03-01
  CHECK(p.maps[2].open_high == 1);
  CHECK(p.maps[2].flags.empty());    // a draft with no review date
  REQUIRE(p.errors.size() == 1);
  CHECK(p.errors[0].name == "broken.journey.json");

  REQUIRE(p.by_owner.size() == 3);
  CHECK(p.by_owner[0].key == "CX team");
  CHECK(p.by_owner[0].maps == std::vector<size_t>{0});
  CHECK(p.by_owner[1].key == "Growth");
  CHECK(p.by_owner[2].key == "");
  CHECK(p.by_owner[2].maps == std::vector<size_t>{2});
  CHECK(p.by_status[(int)MapStatus::Draft] == std::vector<size_t>{2});
  CHECK(p.by_status[(int)MapStatus::InReview] == std::vector<size_t>{1});
  CHECK(p.by_status[(int)MapStatus::Published] == std::vector<size_t>{0});
  CHECK(p.by_status[(int)MapStatus::Retired].empty());
  CHECK(p.by_review == std::vector<size_t>{2, 0, 1});   // never reviewed, 2026-01-10, 2026-09-01

  // The same map retired is not flagged for review; today before the due date flags nothing.
  Map retired = load("lifecycle.journey.json");
  retired.meta.status = MapStatus::Retired;
  Portfolio q = build_portfolio({{"x.journey.json", retired}}, kToday);
  CHECK(q.maps[0].flags.empty());
  Portfolio early = build_portfolio({{"x.journey.json", load("lifecycle.journey.json")}}, "2026-06-30");
  CHECK(early.maps[0].flags == std::vector<MapFlag>{MapFlag::PublishedOpenHigh});
}

TEST_CASE("portfolio: actions of every map and the impact-effort matrix", "[portfolio]") {
  Portfolio p = fixture();
  REQUIRE(p.items.size() == 5);
  const PortfolioItem& a = p.items[0];
  CHECK(a.map == 0);
  CHECK(a.id == 40);
  CHECK(a.kind == ActionKind::ActionItem);
  CHECK(a.title == "Shorten the sign-up form");
  CHECK(a.owner == "Sara");
  CHECK(a.team == "Growth");
  CHECK(a.status == ActionStatus::InProgress);
  CHECK(a.priority == Priority::High);
  CHECK(a.impact == 5);
  CHECK(a.effort == 2);
  CHECK(a.due == "2026-11-30");
  CHECK(a.overdue);
  REQUIRE(a.cards.size() == 1);
  CHECK(a.cards[0].id == 26);
  CHECK(a.cards[0].text == "Too many forms");
  CHECK(p.items[1].kind == ActionKind::Opportunity);
  CHECK_FALSE(p.items[1].overdue);          // no due date
  CHECK(p.items[2].map == 1);
  CHECK_FALSE(p.items[2].overdue);          // due in the past but done
  CHECK(p.items[3].title == "Social login");
  CHECK(p.items[4].map == 2);
  CHECK(p.items[4].title == "=Hire two agents, maybe");
  CHECK_FALSE(p.items[4].overdue);          // due 2027-01-15

  REQUIRE(p.matrix.size() == 4);            // impact descending, effort ascending
  CHECK((p.matrix[0].impact == 5 && p.matrix[0].effort == 2 && p.matrix[0].items == std::vector<size_t>{0}));
  CHECK((p.matrix[1].impact == 5 && p.matrix[1].effort == 5 && p.matrix[1].items == std::vector<size_t>{4}));
  CHECK((p.matrix[2].impact == 4 && p.matrix[2].effort == 1 && p.matrix[2].items == std::vector<size_t>{2}));
  CHECK((p.matrix[3].impact == 3 && p.matrix[3].effort == 3 && p.matrix[3].items == std::vector<size_t>{1}));
  CHECK(p.unrated == std::vector<size_t>{3});
}

TEST_CASE("portfolio: pain points and lowest feelings per stage name", "[portfolio]") {
  Portfolio p = fixture();
  REQUIRE(p.stages.size() == 4);
  CHECK(p.stages[0].name == "Awareness");
  CHECK(p.stages[0].pain_points.empty());
  CHECK(p.stages[0].lowest_emotion == 1.0);
  // "Onboarding" and " ONBOARDING " are one stage.
  CHECK(p.stages[1].name == "Onboarding");
  CHECK(p.stages[1].maps == std::vector<size_t>{0, 1});
  REQUIRE(p.stages[1].pain_points.size() == 2);
  CHECK((p.stages[1].pain_points[0].map == 0 && p.stages[1].pain_points[0].card == 26));
  CHECK(p.stages[1].pain_points[1].text == "Password rules unclear");
  CHECK(p.stages[1].lowest_emotion == -2.0);
  CHECK(p.stages[1].lowest.map == 1);
  CHECK(p.stages[1].lowest.text == "Frustrated");
  CHECK(p.stages[2].name == "Support");
  CHECK(p.stages[2].maps == std::vector<size_t>{0, 2});
  REQUIRE(p.stages[2].pain_points.size() == 1);
  CHECK(p.stages[2].pain_points[0].text == "Long wait on the phone");
  CHECK(p.stages[2].lowest_emotion == -1.0);
  CHECK(p.stages[3].name == "Activation");
  CHECK(p.stages[3].lowest_emotion == 1.5);
}

TEST_CASE("portfolio: metrics against targets and persona coverage", "[portfolio]") {
  Portfolio p = fixture();
  REQUIRE(p.metrics.size() == 5);
  CHECK(p.metrics[0].metric.name == "Reach");
  CHECK(p.metrics[0].status == MetricStatus::Unknown);    // no target
  CHECK(p.metrics[1].stage == "Onboarding");
  CHECK(p.metrics[1].metric.kind == MetricKind::Nps);
  CHECK(p.metrics[1].status == MetricStatus::Off);        // 30 against 40: 25 % short
  CHECK(p.metrics[2].map == 1);
  CHECK(p.metrics[2].stage == "ONBOARDING");              // trimmed, as that map spells it
  CHECK(p.metrics[2].card == 20);
  CHECK(p.metrics[2].status == MetricStatus::Near);       // 4.5 against 4.6
  CHECK(p.metrics[3].status == MetricStatus::Off);        // 120 s against 60 s, lower is better
  CHECK(p.metrics[4].status == MetricStatus::OnTarget);   // 340 against 300
  CHECK(p.metric_counts[(int)MetricStatus::Unknown] == 1);
  CHECK(p.metric_counts[(int)MetricStatus::OnTarget] == 1);
  CHECK(p.metric_counts[(int)MetricStatus::Near] == 1);
  CHECK(p.metric_counts[(int)MetricStatus::Off] == 2);

  REQUIRE(p.personas.size() == 2);
  CHECK(p.personas[0].uid == "p-mona");
  CHECK(p.personas[0].name == "Mona Haddad");
  CHECK(p.personas[0].maps == std::vector<size_t>{0, 1});
  CHECK(p.personas[1].name == "David");                   // as the first map spells it (help.journey.json: " david ")
  CHECK(p.personas[1].maps == std::vector<size_t>{1, 2});
}

TEST_CASE("portfolio: the hierarchy of sub-journeys", "[portfolio]") {
  Portfolio p = fixture();
  REQUIRE(p.links.size() == 4);
  CHECK((p.links[0].from == 0 && p.links[0].card == 21 && p.links[0].to == 1));   // uid:map-onboarding
  CHECK(p.links[1].to == 2);                                                        // support/help.journey.json
  CHECK(p.links[2].to == -1);
  CHECK(p.links[2].target == "renewal.journey.json");
  CHECK(p.links[2].problem == "no map \"renewal.journey.json\" in the portfolio");
  CHECK((p.links[3].from == 2 && p.links[3].to == 0));                              // ../lifecycle.journey.json
  CHECK(p.maps[0].children == std::vector<size_t>{1, 2});
  CHECK(p.maps[0].parents == std::vector<size_t>{2});
  CHECK(p.maps[1].parents == std::vector<size_t>{0});
  // Every map is opened by another (help opens the lifecycle back): the cycle's first map is the root.
  CHECK(p.roots == std::vector<size_t>{0});

  // Without the link back, the lifecycle is the only map nothing opens; an unknown uid is unresolved.
  Map help = load("support/help.journey.json");
  help.cards[2].journey = "uid:nobody";
  Portfolio q = build_portfolio({{"lifecycle.journey.json", load("lifecycle.journey.json")},
                                 {"onboarding.journey.json", load("onboarding.journey.json")},
                                 {"support/help.journey.json", help}}, kToday);
  CHECK(q.roots == std::vector<size_t>{0});
  CHECK(q.maps[0].parents.empty());
  CHECK(q.links[3].problem == "no map with uid nobody in the portfolio");

  // Without a file of that path, a map of that title (My maps has titles, not paths).
  help.cards[2].journey = "customer LIFECYCLE.journey.json";
  Portfolio by_title = build_portfolio({{"Customer lifecycle", load("lifecycle.journey.json")}, {"Getting help", help}}, kToday);
  CHECK(by_title.links.back().to == 0);
  help.cards[2].journey = "Onboarding";
  CHECK(build_portfolio({{"Getting help", help}}, kToday).links.back().problem == "no map \"Onboarding\" in the portfolio");
}

TEST_CASE("portfolio: JSON, CSV and Markdown", "[portfolio]") {
  Portfolio p = fixture();
  json j = json::parse(portfolio_to_json(p));
  CHECK(j["format"] == "journeymap-portfolio");
  CHECK(j["today"] == kToday);
  CHECK(j["maps"][0]["status"] == "published");
  CHECK(j["maps"][0]["flags"] == json::array({"review_overdue", "published_open_high"}));
  CHECK(j["errors"][0]["name"] == "broken.journey.json");
  CHECK(j["items"][0]["cards"][0]["text"] == "Too many forms");
  CHECK(j["items"][0]["priority"] == "high");
  CHECK(j["matrix"]["cells"][0] == json{{"impact", 5}, {"effort", 2}, {"count", 1}, {"items", {0}}});
  CHECK(j["matrix"]["unrated"] == json::array({3}));
  CHECK(j["stages"][1]["lowest_emotion"]["score"] == -2.0);
  CHECK(j["stages"][0]["pain_points"].empty());
  CHECK(j["metrics"]["counts"]["off"] == 2);
  CHECK(j["metrics"]["rows"][3]["status"] == "off");
  CHECK(j["metrics"]["rows"][0]["target"].is_null());
  CHECK(j["personas"][1]["maps"] == json::array({1, 2}));
  CHECK(j["by_owner"][2]["owner"] == "");
  CHECK(j["by_status"]["retired"].empty());
  CHECK(j["by_review"] == json::array({2, 0, 1}));
  CHECK(j["flags"]["review_overdue"] == json::array({0}));
  CHECK(j["flags"]["published_open_high"] == json::array({0}));
  CHECK(j["hierarchy"]["roots"] == json::array({0}));
  CHECK(j["hierarchy"]["unresolved"] == json::array({2}));
  CHECK(j["hierarchy"]["links"][2]["to"].is_null());
  CHECK(j["hierarchy"]["links"][0]["to"] == 1);

  std::string csv = portfolio_to_csv(p);
  CHECK(csv.compare(0, 3, "\xEF\xBB\xBF") == 0);
  CHECK(csv.find("map,map title,kind,title,status,priority,impact,effort,owner,team,due,overdue,cards,card ids\r\n") == 3);
  CHECK(csv.find("lifecycle.journey.json,Customer lifecycle,action,Shorten the sign-up form,in_progress,high,5,2,Sara,Growth,"
                 "2026-11-30,yes,Too many forms,26\r\n") != std::string::npos);
  CHECK(csv.find("onboarding.journey.json,Onboarding,opportunity,Social login,idea,low,,,,,,,,\r\n") != std::string::npos);
  // A title a spreadsheet would run as a formula gets an apostrophe; the comma makes it quoted.
  CHECK(csv.find(",\"'=Hire two agents, maybe\",planned,") != std::string::npos);
  size_t rows = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) rows++;
  CHECK(rows == 6);

  std::string md = portfolio_to_markdown(p);
  CHECK(md.find("# Journey portfolio\n\n3 maps, 5 opportunities and actions, as of 2026-12-03.") == 0);
  CHECK(md.find("| Customer lifecycle | lifecycle.journey.json | CX team | published | 2026-01-10 | 2026-06-30 | 7 | 1 | "
                "review_overdue, published_open_high |") != std::string::npos);
  CHECK(md.find("- broken.journey.json: line 2, column 1: unexpected end") != std::string::npos);
  CHECK(md.find("| 5 |  | 1 |  |  | 1 |") != std::string::npos);   // impact 5: effort 2 and effort 5
  CHECK(md.find("| Onboarding | 2 | Too many forms; Password rules unclear | -2 (Onboarding: Frustrated) |") != std::string::npos);
  CHECK(md.find("0 on target") == std::string::npos);
  CHECK(md.find("1 on target, 1 near, 2 off, 1 without a value or a target.") != std::string::npos);
  CHECK(md.find("- Customer lifecycle (lifecycle.journey.json)\n  - Onboarding (onboarding.journey.json)\n"
                "  - Getting help (support/help.journey.json)\n    - Customer lifecycle (lifecycle.journey.json) (cycle)\n") !=
        std::string::npos);
  CHECK(md.find("- Customer lifecycle, card \"Renews\": no map \"renewal.journey.json\" in the portfolio") != std::string::npos);
  // User text cannot break a table: a pipe is escaped.
  Map m = load("onboarding.journey.json");
  m.actions[0].title = "A | B";
  CHECK(portfolio_to_markdown(build_portfolio({{"o.journey.json", m}}, kToday)).find("| A \\| B |") != std::string::npos);
}

TEST_CASE("portfolio: journeymap portfolio DIR", "[portfolio]") {
  Run r = portfolio_cli({kDir, "--to", "json", "--today", kToday});
  CHECK(r.code == 1);                                               // the broken file
  CHECK(r.err.find("broken.journey.json: ") != std::string::npos);
  CHECK(r.err.find("lifecycle") == std::string::npos);              // only the broken one is named
  json j = json::parse(r.out);
  REQUIRE(j["maps"].size() == 3);                                   // notes.json is not a map file
  CHECK(j["maps"][0]["name"] == "lifecycle.journey.json");
  CHECK(j["maps"][2]["name"] == "support/help.journey.json");
  CHECK(j["errors"][0]["name"] == "broken.journey.json");
  CHECK(j["items"].size() == 5);
  CHECK(j["hierarchy"]["links"][1]["to"] == 2);
  json direct = json::parse(portfolio_to_json(fixture()));   // the same roll-ups as the core's own
  for (const char* key : {"maps", "items", "matrix", "stages", "metrics", "personas", "by_owner", "by_review", "hierarchy"})
    CHECK(j[key] == direct[key]);

  Run csv = portfolio_cli({kDir, "--to=csv", "--today=" + kToday});
  CHECK(csv.code == 1);
  CHECK(csv.out == portfolio_to_csv(fixture()));
  Run md = portfolio_cli({kDir, "--to", "md", "--today", kToday});
  CHECK(md.out.find("## Pain points by stage") != std::string::npos);
  CHECK(md.out.find("- broken.journey.json: ") != std::string::npos);

  // -o writes the file; the output is the same as on standard output.
  std::string out = "/tmp/jm_portfolio_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".md";
  Run to_file = portfolio_cli({kDir, "--to", "md", "--today", kToday, "-o", out});
  CHECK(to_file.code == 1);
  CHECK(to_file.out.empty());
  std::ifstream f(out, std::ios::binary);
  CHECK(std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>()) == md.out);
  std::remove(out.c_str());

  // A folder of good maps exits 0; wrong usage exits 2.
  CHECK(portfolio_cli({kDir + "/support", "--to", "csv"}).code == 0);
  CHECK(portfolio_cli({kDir}).code == 2);
  CHECK(portfolio_cli({kDir, "--to", "svg"}).code == 2);
  CHECK(portfolio_cli({kDir, "--to", "json", "--today", "tomorrow"}).code == 2);
  Run missing = portfolio_cli({kDir + "/nope", "--to", "json"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("is not a folder") != std::string::npos);
}
