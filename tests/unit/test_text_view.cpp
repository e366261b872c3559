// The text view (core/text_view.h): the whole map as headings, lists and tables, in the interface
// language, escaped, with every stage, lane, card, persona, metric and curve point as text.
#include <catch2/catch.hpp>
#include "core/text_view.h"
#include "a11y_html_check.h"

using namespace jm;
using namespace jm_a11y_test;

namespace {

// The B2B template with what it lacks: personas with a curve, metrics, actions.
Map rich_map() {
  Map m = b2b_map();
  Persona p;
  p.id = new_id(); p.name = "Layla"; p.role = "Office manager"; p.quote = "I need it to just work";
  p.goals = {"Fewer missed calls"}; p.frustrations = {"Hold music"}; p.channels = {"phone", "Slack"};
  p.demographics = {{"Age", "34", ""}};
  m.personas.push_back(p);
  Id emo = m.lanes[3].id;
  for (size_t i = 0; i < 3; i++) {
    Card c;
    c.id = new_id(); c.stage = m.stages[i].id; c.lane = emo; c.order = 50; c.persona = p.id;
    c.score = i == 1 ? -1.5f : 1.0f; c.text = i == 1 ? "Lost in pricing" : "";
    m.cards.push_back(c);
  }
  Metric nps = make_metric(MetricKind::Nps, 32, 40);
  m.stages[0].metrics.push_back(nps);
  Metric rt = make_metric(MetricKind::ResponseTime, 4, 2);
  rt.unit = "min";
  m.cards[1].metrics.push_back(rt);
  Action a;
  a.id = new_id(); a.title = "Callback instead of hold"; a.kind = ActionKind::ActionItem; a.owner = "Support";
  a.status = ActionStatus::Planned; a.priority = Priority::High; a.impact = 5; a.effort = 2; a.due = "2026-03-01";
  Action b;
  b.id = new_id(); b.title = "Price calculator";
  m.actions = {a, b};
  return m;
}

size_t count(const std::string& s, const std::string& what) { return count_of(s, what); }

}  // namespace

TEST_CASE("text view holds every stage and lane and card and persona and metric and curve point", "[text_view]") {
  I18n& t = shipped_tables();
  t.set_language("en");
  Map m = rich_map();
  TextViewOptions o;
  o.i18n = &t;
  std::string html = to_text_view_html(m, o);
  CHECK_THAT(check_html(html), Catch::Equals(""));
  CHECK_THAT(check_ids(html), Catch::Equals(""));
  CHECK(html.rfind("<article id=\"jm-tv\" class=\"jm-tv\" lang=\"en\" dir=\"ltr\">", 0) == 0);
  CHECK(html.find("<h1><bdi>" + html_escape(m.meta.title) + "</bdi></h1>") != std::string::npos);
  for (const Stage& s : m.stages) CHECK(html.find("\"><bdi>" + html_escape(s.name) + "</bdi></h2>") != std::string::npos);
  for (const Lane& l : m.lanes) CHECK(html.find("<h3><bdi>" + html_escape(l.name) + "</bdi></h3>") != std::string::npos);
  for (const Card& c : m.cards) {
    if (c.text.empty()) continue;
    INFO(c.text);
    CHECK(html.find("<bdi>" + html_escape(c.text) + "</bdi>") != std::string::npos);
  }
  CHECK(html.find("<h2>Personas</h2><h3><bdi>Layla</bdi></h3>") != std::string::npos);
  CHECK(html.find("Role: <bdi>Office manager</bdi>") != std::string::npos);
  CHECK(html.find("<li><bdi>Hold music</bdi></li>") != std::string::npos);
  CHECK(html.find("<li><bdi>Phone</bdi></li>") != std::string::npos);     // a built-in channel by its name
  CHECK(html.find("<li><bdi>Age: 34</bdi></li>") != std::string::npos);
  // Stage metrics as words, card metrics in the metrics table.
  CHECK(html.find("<li>NPS 32 (target 40, off target)</li>") != std::string::npos);
  CHECK(html.find("<td><bdi>Response time</bdi></td><td>4 min</td><td>2 min</td><td>off target</td>") != std::string::npos);
  // Feelings in the lists, with the persona's name.
  CHECK(html.find("Feeling of <bdi>Layla</bdi>: -1.5, unhappy, <bdi>Lost in pricing</bdi>") != std::string::npos);
  CHECK(html.find("<li>Feeling: ") != std::string::npos);
  // One curve table per curve, with a summary; one row per point.
  CHECK(html.find("<caption>Emotion curve</caption>") != std::string::npos);
  CHECK(html.find("<caption>Emotion curve, <bdi>Layla</bdi></caption>") != std::string::npos);
  CHECK(html.find("<p>Lowest at Research solutions (-1.5), highest at Problem / need (+1)</p>") != std::string::npos);
  size_t points = 0;
  for (const Card& c : m.cards)
    if (c.lane == m.lanes[3].id) points++;
  std::string curves = html.substr(html.find("<h2>Emotion curve</h2>"));
  curves = curves.substr(0, curves.find("<h2>", 5));
  CHECK(count(curves, "<tr><th scope=\"row\">") == points);
  // Actions and the impact-effort matrix.
  CHECK(html.find("<th scope=\"row\"><bdi>Callback instead of hold</bdi></th><td>Action item</td><td><bdi>Support</bdi></td><td>Planned</td><td>High</td><td>5/5</td><td>2/5</td><td>2026-03-01</td>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\">Impact 5</th><td></td><td><bdi>Callback instead of hold</bdi></td><td></td>") != std::string::npos);
  CHECK(html.find("<p>Not rated yet: <bdi>Price calculator</bdi></p>") != std::string::npos);
  // Tables: a caption each, th with scope (check_html), header cells in thead.
  CHECK(count(html, "<table") == count(html, "<caption>"));
  CHECK(count(html, "<table") >= 5);
  CHECK(html.find("<th>") == std::string::npos);
  CHECK(html.find("Customer data") == std::string::npos);   // no aggregates: no data section
}

TEST_CASE("text view of the data layer's aggregates", "[text_view]") {
  Map m = rich_map();
  DataAggregates& a = m.data.aggregates;
  a.sources.push_back({"events", "events.csv", 100, 98, 2, 0, 0});
  a.people = 40; a.events = 98; a.responses = 1; a.computed_at = "2026-01-02T10:00:00Z";
  TargetScores whole;
  ScoreSummary nps;
  nps.metric = "nps"; nps.n = 30; nps.shown = true; nps.value = 23.4; nps.lo = 10; nps.hi = 35;
  whole.scores.push_back(nps);
  a.scores.push_back(whole);
  TargetScores st;
  st.stage = m.stages[1].id;
  ScoreSummary few;
  few.metric = "csat"; few.n = 3;
  st.scores.push_back(few);
  a.scores.push_back(st);
  TargetScores jan = whole;
  jan.period = "2026-01";
  a.scores.push_back(jan);
  a.periods = {"2026-01"};
  FunnelStepResult s1, s2;
  s1.label = "Visit"; s1.count = 40; s1.step_conversion = 1; s1.overall_conversion = 1;
  s2.label = "Trial <b>"; s2.count = 10; s2.step_conversion = 0.25; s2.overall_conversion = 0.25; s2.median_ms = 90 * 60000.0;
  a.funnel.steps = {s1, s2};
  a.dfg.edges.push_back({"Visit", "Trial", 12, 3600000.0 * 30, 0});
  AttributionResult first;
  first.model = "first";
  first.channels.push_back({"email", 3, 0, 0.75, 0});
  first.channels.push_back({"ads", 1, 0, 0.25, 0});
  AttributionResult markov;
  markov.model = "markov";
  markov.channels.push_back({"email", 2, 0, 0.5, 0});
  a.attribution = {first, markov};

  std::string html = to_text_view_html(m, {});
  CHECK_THAT(check_html(html), Catch::Equals(""));
  CHECK(html.find("<h2>Customer data</h2><p>Computed 2026-01-02T10:00:00Z from 40 people, 98 events and 1 survey answer.</p>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\">Whole journey</th><td>NPS</td><td>+23</td><td>10 \xE2\x80\x93 35</td><td>30</td></tr>") != std::string::npos);
  CHECK(html.find("<td>too few answers to show</td>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\"><bdi>Trial &lt;b&gt;</bdi></th><td>10</td><td>25 %</td><td>25 %</td><td>1.5 h</td></tr>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\"><bdi>Visit</bdi></th><td><bdi>Trial</bdi></td><td>12</td><td>1.3 d</td></tr>") != std::string::npos);
  CHECK(html.find("<th scope=\"col\">First touch</th><th scope=\"col\">Markov chain</th>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\"><bdi>ads</bdi></th><td>25 %</td><td></td></tr>") != std::string::npos);
  CHECK(html.find("<tr><th scope=\"row\">2026-01</th><td>+23</td></tr>") != std::string::npos);
  // Without the data layer's tables when asked.
  TextViewOptions no;
  no.with_data = false;
  CHECK(to_text_view_html(m, no).find("Customer data") == std::string::npos);
  // The mirror's tables part: the same tables, headings from h3.
  std::string tables = text_view_tables_html(m, {});
  CHECK_THAT(check_html(tables), Catch::Equals(""));
  CHECK(tables.find("<h2>") == std::string::npos);
  CHECK(tables.rfind("<h3>Emotion curve</h3>", 0) == 0);
  CHECK(tables.find("<h4>Funnel</h4>") != std::string::npos);
}

TEST_CASE("text view in Arabic and Hebrew with a right-to-left map and escaping and empty maps", "[text_view]") {
  I18n& t = shipped_tables();
  LoadResult r = load_map(read_repo_file("assets/templates/b2b-phone-system.ar.journey.json"));
  REQUIRE(r.ok);
  t.set_language("ar");
  TextViewOptions o;
  o.i18n = &t;
  std::string ar = to_text_view_html(r.map, o);
  t.set_language("he");
  std::string he = to_text_view_html(rich_map(), o);
  t.set_language("en");
  CHECK_THAT(check_html(ar), Catch::Equals(""));
  CHECK(ar.rfind("<article id=\"jm-tv\" class=\"jm-tv\" lang=\"ar\" dir=\"rtl\">", 0) == 0);
  CHECK(ar.find("<h2>منحنى المشاعر</h2>") != std::string::npos);
  CHECK(ar.find("<th scope=\"col\">المرحلة</th>") != std::string::npos);
  CHECK(ar.find("Emotion curve") == std::string::npos);
  for (const Card& c : r.map.cards)   // the current state is shown; the template also has a future one
    if (!c.text.empty() && card_state(r.map, c) == JourneyState::Current) CHECK(ar.find(html_escape(c.text)) != std::string::npos);
  CHECK_THAT(check_html(he), Catch::Equals(""));
  CHECK(he.find("lang=\"he\" dir=\"ltr\"") != std::string::npos);   // Hebrew interface, left-to-right map
  CHECK(he.find("<h2>פרסונות</h2>") != std::string::npos);
  CHECK(he.find("<th scope=\"col\">השפעה 1</th>") == std::string::npos);
  CHECK(he.find("<th scope=\"col\">מאמץ 1</th>") != std::string::npos);

  Map m = rich_map();
  m.meta.title = "<script>alert('x')</script>";
  m.meta.goal = "a \"goal\" & more";
  m.personas[0].name = "<i>Layla</i>";
  m.actions[0].title = "<img src=x>";
  std::string html = to_text_view_html(m, {});
  CHECK_THAT(check_html(html), Catch::Equals(""));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<i>") == std::string::npos);
  CHECK(html.find("Goal: <bdi>a &quot;goal&quot; &amp; more</bdi>") != std::string::npos);

  Map empty;
  std::string e = to_text_view_html(empty, {});
  CHECK_THAT(check_html(e), Catch::Equals(""));
  CHECK(e.find("This journey has no stages yet.") != std::string::npos);
  CHECK(text_view_tables_html(empty, {}).empty());
  CHECK(emotion_curve_summary(empty, kNoId, JourneyState::Current).empty());
}

TEST_CASE("text view shows the chosen state and summarises each curve", "[text_view]") {
  Map m = rich_map();
  Stage fut;
  fut.id = new_id(); fut.name = "Tomorrow"; fut.state = JourneyState::Future;
  m.stages.push_back(fut);
  Card c;
  c.id = new_id(); c.stage = fut.id; c.lane = m.lanes[0].id; c.text = "Self-service setup";
  m.cards.push_back(c);
  TextViewOptions o;
  std::string now = to_text_view_html(m, o);
  CHECK(now.find("Self-service setup") == std::string::npos);
  CHECK(now.find("<p>Current state, 8 stages, 7 lanes,") != std::string::npos);
  o.state = JourneyState::Future;
  std::string later = to_text_view_html(m, o);
  CHECK(later.find("Self-service setup") != std::string::npos);
  CHECK(later.find("<p>Future state, 1 stage, 7 lanes, 1 card, 1 persona</p>") != std::string::npos);
  CHECK(later.find(html_escape(m.stages[0].name)) == std::string::npos);

  Id layla = m.personas[0].id;
  CHECK(emotion_curve_summary(m, layla, JourneyState::Current) == "Lowest at Research solutions (-1.5), highest at Problem / need (+1)");
  CHECK(!emotion_curve_summary(m, kNoId, JourneyState::Current).empty());
  CHECK(emotion_curve_summary(m, layla, JourneyState::Future).empty());
  I18n& t = shipped_tables();
  t.set_language("ar");
  std::string s = emotion_curve_summary(m, layla, JourneyState::Current, &t);
  t.set_language("en");
  CHECK(s.find("الأدنى في") == 0);
}
