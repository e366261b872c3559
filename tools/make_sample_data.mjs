// The demo dataset for the B2B template (assets/templates/b2b-phone-system*.journey.json: a small
// business buys a phone system, from missed calls to advocacy). Three files, written to
// assets/data/ by default:
//
//   b2b-events.csv     person_id,timestamp,event,session_id,channel,touchpoint_id,stage,value,conversion
//   b2b-responses.csv  person_id,timestamp,metric,score,touchpoint_id,stage,comment,language
//   b2b-paths.csv      path,total_conversions,total_null,total_conversion_value
//
// Why: a new user sees data on the map in one click from the gallery, and the tests (the CLI's,
// the SQL equivalence tests in tests/sql/) get a realistic fixture whose shape is known. The
// numbers are invented; the journey is the template's: its eight stages in order, its touchpoint
// cards (ids shared by the English, Arabic and Hebrew versions, so one dataset serves all three).
//
// What it models, per person (about 400 people starting over six months, 2026-03-01 to 2026-08-31):
//  - a funnel with real drop-offs: everyone has a Problem/need event; about 85 % research, about
//    60 % of those evaluate vendors, about half of those sign (the conversion, value = lines x
//    price per line), then product use, support for some, a renewal that adds lines (a second
//    conversion) for some, and advocacy (the NPS survey card, a social post, a review) for fewer;
//  - events at the template's touchpoint cards, written as the card id ("35") or as "c35", with the
//    card's channel; a few events tied to action cards (16, 19, 22...) or to a stage only, and some
//    with no touchpoint at all ("newsletter_open", stage-less: the unmapped list);
//  - "direct" website visits (so last-non-direct differs from last touch) and peer referrals;
//  - sessions: a new session after 30 minutes without an event; timestamps strictly increase
//    within a person (no ties, so file order never decides a result);
//  - survey answers where the seeds ask for them ("collect NPS at key milestones", CES after
//    onboarding, CSAT after support: seed 002 steps 1 and 6, seed 003 on CES): NPS after the demo,
//    30 days after signing and on the NPS survey card; CES after the setup checklist; CSAT after a
//    support chat or call. Some people fall from promoter to detractor after a slow porting or a
//    chat that hands over to the phone (the automation rules then fire). About 8 % of answers are
//    anonymous, about 2 % have a blank score. Comments in English, Arabic and Hebrew use the
//    seeds' wording (the template's pain points and thoughts, which were written from the seeds,
//    and phrases of seeds 000-003);
//  - the paths file aggregates the events exactly as the core's journeys_from_events does
//    (attribution.h): per person, the touches with a channel up to and including a conversion
//    form one converting journey (value = that conversion's value); touches after the last
//    conversion form one non-converting journey.
//
// Deterministic: a fixed-seed PRNG (mulberry32), so the files only change when this script does.
//
//   node tools/make_sample_data.mjs                       # the shipped files, in assets/data/
//   node tools/make_sample_data.mjs --people 160000 --out /tmp/big   # about 1,000,000 events
//   node tools/make_sample_data.mjs --events-only ...     # skip responses and paths (large runs)
//   options: --people N (default 400), --seed S (default 20261202), --out DIR
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// mulberry32: a 32-bit state PRNG, good enough for fixtures and two lines long.
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86400000, HOUR = 3600000, MIN = 60000;
const START = Date.UTC(2026, 2, 1);          // 2026-03-01
const END = Date.UTC(2026, 8, 1) - 1000;     // 2026-08-31T23:59:59Z: later events are not seen yet

// Touchpoint cards of the template (lane "Touchpoints") with their channel, and the action cards
// some events are tied to. Stage ids 1..8 as in the template.
const TP = {
  review_site: { id: 32, stage: 1, channel: 'reviews' },
  search_ads: { id: 33, stage: 2, channel: 'paid_ads' },
  website: { id: 34, stage: 2, channel: 'website' },
  demo_call: { id: 35, stage: 3, channel: 'phone' },
  sales_chat: { id: 36, stage: 3, channel: 'live_chat' },
  welcome_email: { id: 37, stage: 4, channel: 'email' },
  setup_checklist: { id: 38, stage: 4, channel: 'in_product' },
  mobile_app: { id: 39, stage: 5, channel: 'mobile_app' },
  support_chat: { id: 40, stage: 6, channel: 'live_chat' },
  support_phone: { id: 41, stage: 6, channel: 'phone' },
  renewal_email: { id: 42, stage: 7, channel: 'email' },
  nps_survey: { id: 43, stage: 8, channel: 'survey' },
  social_post: { id: 44, stage: 8, channel: 'social' },
};

// Comments: [text, language, polarity]. English from the template's cards; Arabic and Hebrew from
// the template's Arabic and Hebrew cards (written from the seeds) and from the seeds' own phrases
// (000: "تجارب لا تُنسى"; 002: "يعطي وكلاء الدعم السياق من البداية"; 003: "يحصل العملاء على
// متطلباتهم دون أية جهد"; 001: "חוויה חלקה ומספקת", "חוויית לקוח חלקה ומהנה").
const COMMENTS = {
  demo: [
    ['Is the price per line worth it?', 'en', 0], ['Sales rep slow to send a quote: 2 days', 'en', -1],
    ['Too many similar vendors, unclear pricing', 'en', -1], ['The demo answered our CRM question', 'en', 1],
    ['هل يستحق سعر الخط الواحد ذلك؟', 'ar', 0], ['مندوب المبيعات بطيء في إرسال عرض السعر: يومان', 'ar', -1],
    ['بائعون متشابهون كثيرون وتسعير غير واضح', 'ar', -1],
    ['האם המחיר לקו שווה את זה?', 'he', 0], ['נציג המכירות איטי בשליחת הצעת מחיר: יומיים', 'he', -1],
  ],
  onboarding: [
    ['Number porting took 3 weeks instead of 1', 'en', -1], ['Will our numbers be down during the move?', 'en', -1],
    ['The setup checklist made it quick', 'en', 1],
    ['نقل الأرقام استغرق 3 أسابيع بدلًا من أسبوع واحد', 'ar', -1], ['حصلنا على متطلباتنا دون أية جهد', 'ar', 1],
    ['ניוד המספרים לקח 3 שבועות במקום 1', 'he', -1], ['חוויה חלקה ומספקת', 'he', 1],
  ],
  use: [
    ['This is easier than the old desk phones', 'en', 1], ['The mobile app works on the road', 'en', 1],
    ['هذا أسهل من هواتف المكتب القديمة', 'ar', 1], ['تجارب لا تُنسى', 'ar', 1],
    ['זה קל יותר מהטלפונים השולחניים הישנים', 'he', 1], ['חוויית לקוח חלקה ומהנה', 'he', 1],
  ],
  support: [
    ['Chat hands over to phone and the customer repeats everything', 'en', -1],
    ['How long until someone answers?', 'en', -1], ['The agent knew our history from the start', 'en', 1],
    ['الدردشة تحوّل إلى الهاتف فيكرر العميل كل شيء', 'ar', -1], ['كم من الوقت حتى يرد أحد؟', 'ar', -1],
    ['يعطي وكلاء الدعم السياق من البداية', 'ar', 1],
    ["הצ'אט מעביר לטלפון והלקוח חוזר על הכול", 'he', -1], ['כמה זמן עד שמישהו יענה?', 'he', -1],
  ],
  renewal: [
    ['Renewal price higher than promised', 'en', -1], ['Do we get a discount for more lines?', 'en', 0],
    ['Would I stake my name on it? Yes.', 'en', 1],
    ['سعر التجديد أعلى من الموعود', 'ar', -1], ['هل أضع اسمي ضامنًا لهذا المنتج؟ نعم', 'ar', 1],
    ['מחיר החידוש גבוה מהמובטח', 'he', -1], ['נקבל הנחה על קווים נוספים?', 'he', 0],
  ],
};

function iso(ms) { return new Date(ms).toISOString().replace('.000Z', 'Z'); }

// RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes.
function csv(v) {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function generate({ people = 400, seed = 20261202, eventsOnly = false } = {}) {
  const rnd = mulberry32(seed);
  const chance = (p) => rnd() < p;
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const between = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const width = Math.max(4, String(people).length);
  const events = [];      // [person, ts, event, session, channel, touchpoint, stage, value, conversion]
  const responses = [];   // [person, ts, metric, score, touchpoint, stage, comment, language]

  for (let p = 1; p <= people; p++) {
    const pid = 'p' + String(p).padStart(width, '0');
    const mine = [];
    // Working hours, 08:00-18:00 UTC, on a day `d` days after `from`.
    const at = (from, dMin, dMax) => {
      const day = Math.floor((from + between(dMin, dMax) * DAY) / DAY) * DAY;
      return day + 8 * HOUR + between(0, 10 * 60 - 1) * MIN + between(0, 59) * 1000;
    };
    let t = START + Math.floor(rnd() * 122 * DAY);   // start within March..June
    t = Math.floor(t / DAY) * DAY + 8 * HOUR + between(0, 600) * MIN;
    // Each event comes 1..20 minutes after the previous one unless `ts` is later: strictly
    // increasing per person.
    let last = 0;
    const ev = (ts, event, tp, opts = {}) => {
      ts = Math.max(ts, last + between(1, 20) * MIN + between(0, 59) * 1000);
      last = ts;
      const card = typeof tp === 'object' && tp ? tp : null;
      const tpId = card ? (chance(0.3) ? 'c' + card.id : String(card.id)) : (tp ? String(tp) : '');
      mine.push({
        ts, event, channel: opts.channel !== undefined ? opts.channel : card ? card.channel : '',
        tp: opts.noTouchpoint ? '' : tpId, stage: opts.stage !== undefined ? opts.stage : card ? card.stage : '',
        value: opts.value || '', conversion: opts.conversion ? 1 : 0,
      });
      return ts;
    };
    const say = (ts, metric, score, tp, stage, kind, polarity) => {
      if (eventsOnly) return;
      let comment = '', lang = '';
      if (chance(0.45)) {
        const pool = COMMENTS[kind].filter((c) => (polarity < 0 ? c[2] <= 0 : polarity > 0 ? c[2] >= 0 : true));
        [comment, lang] = pick(pool.length ? pool : COMMENTS[kind]);
      }
      const blank = chance(0.02);
      responses.push([chance(0.08) ? '' : pid, ts, metric, blank ? '' : score, tp, stage, comment, lang]);
    };
    const mood = rnd();               // how well things go for this person (0 bad .. 1 good)
    const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, Math.round(x)));

    // 1 Problem / need
    if (chance(0.55)) ev(t, 'review_read', TP.review_site);
    else ev(t, 'missed_calls_noticed', 16, { stage: 1 });
    if (chance(0.3)) ev(at(t, 0, 2), 'newsletter_open', '', { channel: 'email', stage: '' });
    // 2 Research solutions (about 85 %)
    if (!chance(0.85)) { finish(); continue; }
    t = at(last, 0, 6);
    const research = between(1, 3);
    for (let i = 0; i < research; i++) {
      const r = rnd();
      if (r < 0.35) ev(t, 'ad_click', TP.search_ads);
      else if (r < 0.65) ev(t, 'site_visit', TP.website);
      else if (r < 0.85) ev(t, 'site_visit', TP.website, { channel: 'direct' });
      else ev(t, 'peer_referral', 'c19', { channel: 'referral', stage: 2 });
      t = at(last, 0, 4);
    }
    // 3 Evaluate vendors (about 60 %)
    if (!chance(0.6)) { finish(); continue; }
    t = at(last, 1, 7);
    if (chance(0.4)) ev(t, 'pricing_view', '', { channel: 'website', stage: 3 });
    const demo = chance(0.75);
    if (demo) {
      const ts = ev(t, 'demo_call', TP.demo_call);
      if (chance(0.5)) say(ts + between(2, 30) * HOUR, 'nps', clamp(4 + 6 * mood + rnd() * 2 - 1, 0, 10), '35', 3, 'demo', mood < 0.4 ? -1 : 0);
    }
    if (!demo || chance(0.5)) ev(at(last, 0, 3), 'sales_chat', TP.sales_chat);
    // 4 Onboarding: signing is the conversion (about half)
    if (!chance(0.52)) { finish(); continue; }
    const lines = between(3, 25);
    const signed = ev(at(last, 2, 14), 'contract_signed', 22, { stage: 4, channel: '', value: lines * 30, conversion: true });
    ev(at(signed, 0, 1), 'welcome_email', TP.welcome_email);
    const slowPorting = chance(0.3);
    ev(at(signed, slowPorting ? 18 : 4, slowPorting ? 24 : 9), 'numbers_ported', 23, { stage: 4 });
    const check = ev(at(signed, 1, 3), 'setup_checklist', TP.setup_checklist);
    if (chance(0.7)) say(Math.max(check, last) + between(1, 48) * HOUR, 'ces', clamp(slowPorting ? 2 + rnd() * 2 : 4 + 3 * mood, 1, 7), '38', 4, 'onboarding', slowPorting ? -1 : 1);
    // 5 Product use (about 92 %)
    if (!chance(0.92)) { finish(); continue; }
    const sessions = between(1, 4);
    for (let i = 0; i < sessions; i++) {
      if (chance(0.6)) ev(at(last, 1, 10), 'app_session', TP.mobile_app);
      else ev(at(last, 1, 10), 'calls_routed', 25, { stage: 5 });
    }
    let nps = clamp(6 + 4 * mood + rnd() - 0.5, 0, 10);
    if (chance(0.75)) say(signed + 30 * DAY + between(0, 8) * HOUR, 'nps', nps, '', 5, 'use', 1);
    // 6 Support (about 55 %)
    let badSupport = false;
    if (chance(0.55)) {
      const tk = ev(at(last, 1, 20), 'ticket_opened', 27, { stage: 6 });
      const chat = chance(0.7);
      if (chat) ev(tk + between(5, 40) * MIN, 'support_chat', TP.support_chat);
      const phone = !chat || chance(0.35);
      if (phone) ev(last + between(10, 120) * MIN, 'support_call', TP.support_phone);
      badSupport = chat && phone;   // the hand-off the template names as a pain point
      if (chance(0.8)) say(last + between(1, 6) * HOUR, 'csat', clamp(badSupport ? 1 + rnd() * 2 : 3 + 2 * mood + rnd() * 0.6, 1, 5), phone ? '41' : '40', 6, 'support', badSupport ? -1 : 1);
      if (badSupport || slowPorting) nps = clamp(nps - 3 - rnd() * 4, 0, 10);   // promoters can fall
    }
    // 7 Renewal, 45 to 75 days after signing (about 75 % of those still here)
    const renewalAt = signed + between(45, 75) * DAY;
    if (!chance(0.75)) { finish(); continue; }
    ev(at(renewalAt, 0, 0), 'renewal_email', TP.renewal_email);
    ev(at(last, 0, 5), 'renewal_offer_viewed', 28, { stage: 7 });
    if (chance(0.55)) ev(at(last, 0, 10), 'lines_added', 29, { stage: 7, value: between(2, 8) * 30, conversion: true });
    if (chance(0.7)) say(last + between(2, 72) * HOUR, 'nps', nps, '42', 7, 'renewal', nps >= 9 ? 1 : nps <= 6 ? -1 : 0);
    // 8 Advocacy (the happier ones)
    if (nps < 9 && !chance(0.3)) { finish(); continue; }
    const survey = ev(at(last, 1, 10), 'nps_survey', TP.nps_survey);
    say(survey + between(1, 30) * MIN, 'nps', nps, 'c43', 8, 'renewal', nps >= 9 ? 1 : 0);
    if (chance(0.5)) ev(at(last, 0, 7), 'social_post', TP.social_post);
    if (chance(0.3)) ev(at(last, 0, 7), 'review_left', 31, { stage: 8, channel: 'reviews' });
    finish();

    function finish() {
      // Sessions: a new one after 30 minutes of silence. Nothing after the end of the data.
      let session = 0, prev = -Infinity;
      for (const e of mine) {
        if (e.ts > END) break;
        if (e.ts - prev > 30 * MIN) session++;
        prev = e.ts;
        events.push([pid, e.ts, e.event, pid + '-' + session, e.channel, e.tp, e.stage, e.value, e.conversion]);
      }
    }
  }
  const kept = responses.filter((r) => r[1] <= END);
  kept.sort((a, b) => a[1] - b[1]);
  return { events, responses: kept };
}

// The aggregated paths file, as the core's journeys_from_events builds journeys (see the header).
// `events` rows are [person, ts, event, session, channel, touchpoint, stage, value, conversion],
// sorted by person then time.
export function pathsFromEvents(events) {
  const agg = new Map();
  const add = (steps, conv, value) => {
    if (!steps.length) return;
    const key = steps.join(' > ');
    const a = agg.get(key) || { conv: 0, nulls: 0, value: 0 };
    if (conv) { a.conv++; a.value += value; } else a.nulls++;
    agg.set(key, a);
  };
  let person = null, steps = [];
  for (const e of events) {
    if (e[0] !== person) { add(steps, false, 0); steps = []; person = e[0]; }
    if (e[4]) steps.push(e[4]);
    if (Number(e[8]) === 1) { add(steps, true, Number(e[7]) || 0); steps = []; }
  }
  add(steps, false, 0);
  return [...agg.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function eventsCsv(events) {
  let out = 'person_id,timestamp,event,session_id,channel,touchpoint_id,stage,value,conversion\n';
  for (const e of events) out += [e[0], iso(e[1]), e[2], e[3], e[4], e[5], e[6], e[7], e[8]].map(csv).join(',') + '\n';
  return out;
}
export function responsesCsv(responses) {
  let out = 'person_id,timestamp,metric,score,touchpoint_id,stage,comment,language\n';
  for (const r of responses) out += [r[0], iso(r[1]), r[2], r[3], r[4], r[5], r[6], r[7]].map(csv).join(',') + '\n';
  return out;
}
export function pathsCsv(paths) {
  let out = 'path,total_conversions,total_null,total_conversion_value\n';
  for (const [key, a] of paths) out += [key, a.conv, a.nulls, a.value].map(csv).join(',') + '\n';
  return out;
}

function main(argv) {
  const opt = { people: 400, seed: 20261202, out: path.join(here, '..', 'assets', 'data'), eventsOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--people') opt.people = Number(argv[++i]);
    else if (a === '--seed') opt.seed = Number(argv[++i]);
    else if (a === '--out') opt.out = argv[++i];
    else if (a === '--events-only') opt.eventsOnly = true;
    else { console.error(`make_sample_data: unknown option ${a}`); process.exit(2); }
  }
  if (!(opt.people >= 1) || !Number.isInteger(opt.people)) { console.error('make_sample_data: --people needs a positive integer'); process.exit(2); }
  const { events, responses } = generate(opt);
  fs.mkdirSync(opt.out, { recursive: true });
  const files = [['b2b-events.csv', eventsCsv(events)]];
  if (!opt.eventsOnly) files.push(['b2b-responses.csv', responsesCsv(responses)], ['b2b-paths.csv', pathsCsv(pathsFromEvents(events))]);
  for (const [name, text] of files) {
    fs.writeFileSync(path.join(opt.out, name), text);
    console.log(`${path.join(opt.out, name)}: ${text.split('\n').length - 2} rows, ${Buffer.byteLength(text)} bytes`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
