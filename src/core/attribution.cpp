// attribution.cpp: credit for conversions and value to channels; analytics.md 2.3.2.
//
// Common rules:
//  - a journey row stands for `conversions` converting and `nulls` non-converting journeys with
//    the same touches; its conversions and its value are split over its touches by the model's
//    weights (so value is attributed exactly like conversions).
//  - rows with no touch cannot be attributed: a converting one is rejected (NO_TOUCHES), a
//    null-only one is ignored. Rows with no conversion (null-only) take part in Markov and
//    Fractribution only (they shape the transition and conversion probabilities); the other
//    models give them nothing.
//  - total_conversions / total_value are those of the rows the model used, so every model's
//    credits sum to its total (participation excepted: a channel gets the whole conversion for
//    each journey it took part in, so its credits sum to more, and its shares to more than 1:
//    the share of conversions the channel took part in).
//  - the output lists every channel seen in a used row (0 credit included), sorted by name;
//    share = conversions / total_conversions.
#include "core/attribution.h"
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace jm {

namespace {

struct ModelKey { AttributionModel m; const char* key; };
const ModelKey kModels[] = {
  {AttributionModel::First, "first"},
  {AttributionModel::Last, "last"},
  {AttributionModel::LastNonDirect, "last_non_direct"},
  {AttributionModel::Linear, "linear"},
  {AttributionModel::TimeDecay, "time_decay"},
  {AttributionModel::PositionU, "position_u"},
  {AttributionModel::PositionJ, "position_j"},
  {AttributionModel::PositionInverseJ, "position_inverse_j"},
  {AttributionModel::Participation, "participation"},
  {AttributionModel::Markov, "markov"},
  {AttributionModel::Shapley, "shapley"},
  {AttributionModel::Fractribution, "fractribution"},
};

constexpr size_t kListed = 20;

std::string lower_ascii(std::string s) {
  for (char& c : s) if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return s;
}

std::string join_path(const std::vector<std::string>& ch) {
  std::string s;
  for (size_t i = 0; i < ch.size(); i++) { if (i) s += " > "; s += ch[i]; }
  return s.size() > 200 ? s.substr(0, 200) : s;
}

void reject(AttributionResult* r, const Journey& j, const char* column, const char* reason) {
  r->rejected_count++;
  if (r->rejected.size() >= kListed) return;
  RowIssue is;
  is.line = j.line;
  is.column = column;
  is.reason = reason;
  is.value = join_path(j.channels);
  r->rejected.push_back(std::move(is));
}

// Channel names <-> dense ids, over the rows a model uses.
struct Channels {
  std::unordered_map<std::string, int> id;
  std::vector<std::string> name;
  int get(const std::string& s) {
    auto it = id.find(s);
    if (it != id.end()) return it->second;
    int k = (int)name.size();
    id.emplace(s, k);
    name.push_back(s);
    return k;
  }
};

// Position weights (sum 1) of a journey of n touches: U 40/20/40, J 20/20/60, inverse J 60/20/20.
void position_weights(AttributionModel m, size_t n, std::vector<double>* w) {
  w->assign(n, 0.0);
  if (n == 1) { (*w)[0] = 1; return; }
  double first = 0.4, last = 0.4;
  if (m == AttributionModel::PositionJ) { first = 0.2; last = 0.6; }
  if (m == AttributionModel::PositionInverseJ) { first = 0.6; last = 0.2; }
  if (n == 2) {
    // The middle share is dropped and the ends renormalised: U 50/50, J 25/75, inverse J 75/25.
    (*w)[0] = first / (first + last);
    (*w)[1] = last / (first + last);
    return;
  }
  const double middle = (1.0 - first - last) / (double)(n - 2);
  (*w)[0] = first;
  (*w)[n - 1] = last;
  for (size_t i = 1; i + 1 < n; i++) (*w)[i] = middle;
}

// Solves A x = b in place (n x n, row-major) by Gaussian elimination with partial pivoting.
// Returns false when A is singular (a pivot below 1e-300).
bool solve_dense(std::vector<double>& A, std::vector<double>& b, int n) {
  for (int c = 0; c < n; c++) {
    int p = c;
    double best = std::fabs(A[(size_t)c * n + c]);
    for (int r = c + 1; r < n; r++) {
      double v = std::fabs(A[(size_t)r * n + c]);
      if (v > best) { best = v; p = r; }
    }
    if (best < 1e-300) return false;
    if (p != c) {
      for (int k = 0; k < n; k++) std::swap(A[(size_t)c * n + k], A[(size_t)p * n + k]);
      std::swap(b[c], b[p]);
    }
    const double piv = A[(size_t)c * n + c];
    for (int r = c + 1; r < n; r++) {
      double f = A[(size_t)r * n + c] / piv;
      if (f == 0) continue;
      for (int k = c; k < n; k++) A[(size_t)r * n + k] -= f * A[(size_t)c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (int r = n - 1; r >= 0; r--) {
    double s = b[r];
    for (int k = r + 1; k < n; k++) s -= A[(size_t)r * n + k] * b[k];
    b[r] = s / A[(size_t)r * n + r];
  }
  return true;
}

// First-order Markov chain over (start), channels 0..m-1, (conversion), (null).
struct Chain {
  int m = 0;
  std::vector<double> start;      // counts (start) -> channel
  std::vector<double> trans;      // m x m counts channel -> channel (no self-loops)
  std::vector<double> conv, null; // counts channel -> (conversion) / (null)
};

// P(absorbed in (conversion) | (start)) with channel `removed` (-1: none) turned into (null).
double conversion_probability(const Chain& ch, int removed) {
  const int m = ch.m;
  std::vector<int> idx(m, -1);          // channel -> row in the reduced system
  int n = 0;
  for (int c = 0; c < m; c++) if (c != removed) idx[c] = n++;
  if (n == 0) return 0;
  // x_i = p_i,conv + sum_j p_ij x_j  <=>  (I - Q) x = p_conv, over the kept channels; a
  // transition into the removed channel goes to (null) and so drops out of Q.
  std::vector<double> A((size_t)n * n, 0.0), b(n, 0.0);
  for (int c = 0; c < m; c++) {
    if (c == removed) continue;
    const int r = idx[c];
    double out = ch.conv[c] + ch.null[c];
    for (int d = 0; d < m; d++) out += ch.trans[(size_t)c * m + d];
    A[(size_t)r * n + r] = 1.0;
    if (out <= 0) continue;             // no way out recorded: never converts (x = 0)
    b[r] = ch.conv[c] / out;
    for (int d = 0; d < m; d++) {
      if (d == removed) continue;
      double t = ch.trans[(size_t)c * m + d];
      if (t != 0) A[(size_t)r * n + idx[d]] -= t / out;
    }
  }
  if (!solve_dense(A, b, n)) return 0;
  double total = 0, p = 0;
  for (int c = 0; c < m; c++) total += ch.start[c];
  if (total <= 0) return 0;
  for (int c = 0; c < m; c++)
    if (c != removed && ch.start[c] != 0) p += ch.start[c] / total * b[idx[c]];
  return p;
}

// The rows a model uses, with their channels as dense ids in one flat array: row k is
// journeys[row[k]], its touches ids[off[k] .. off[k+1]).
struct Rows {
  std::vector<size_t> row;
  std::vector<size_t> off{0};
  std::vector<int> ids;
  size_t size() const { return row.size(); }
  const int* begin(size_t k) const { return ids.data() + off[k]; }
  size_t len(size_t k) const { return off[k + 1] - off[k]; }
};

void markov(const std::vector<Journey>& js, const Rows& rows, int m, std::vector<double>* conv_credit,
            std::vector<double>* value_credit, std::vector<double>* re, AttributionResult* r) {
  // Transition counts with consecutive repeats collapsed (no self-loops).
  Chain ch;
  ch.m = m;
  ch.start.assign(m, 0);
  ch.trans.assign((size_t)m * m, 0);
  ch.conv.assign(m, 0);
  ch.null.assign(m, 0);
  for (size_t k = 0; k < rows.size(); k++) {
    const Journey& j = js[rows.row[k]];
    const double w = j.conversions + j.nulls;
    const int* p = rows.begin(k);
    const size_t n = rows.len(k);
    int prev = p[0];
    ch.start[prev] += w;
    for (size_t q = 1; q < n; q++) {
      if (p[q] == prev) continue;
      ch.trans[(size_t)prev * m + p[q]] += w;
      prev = p[q];
    }
    ch.conv[prev] += j.conversions;
    ch.null[prev] += j.nulls;
  }
  conv_credit->assign(m, 0);
  value_credit->assign(m, 0);
  re->assign(m, 0);
  const double P = conversion_probability(ch, -1);
  r->removal_probability = P;
  if (P <= 0) return;
  // RE_c as computed (the tests check it is never below 0: removing a channel cannot raise P);
  // the credits use it clamped to 0..1, which only drops rounding noise.
  std::vector<double> rc(m, 0);
  double sum = 0;
  for (int c = 0; c < m; c++) {
    (*re)[c] = 1.0 - conversion_probability(ch, c) / P;
    rc[c] = std::min(1.0, std::max(0.0, (*re)[c]));
    sum += rc[c];
  }
  if (sum <= 0) return;
  for (int c = 0; c < m; c++) {
    (*conv_credit)[c] = r->total_conversions * rc[c] / sum;
    (*value_credit)[c] = r->total_value * rc[c] / sum;
  }
}

struct VecHash {
  size_t operator()(const std::vector<int>& v) const {
    uint64_t h = 1469598103934665603ull;   // FNV-1a over the ids
    for (int x : v) { h ^= (uint64_t)(uint32_t)x; h *= 1099511628211ull; }
    return (size_t)h;
  }
};

// Fractribution (google/fractribution, py/fractribution_model/fractribution.py): leave-one-out
// over transformed paths. Tokens: channel ids, or (channel, count) pairs for `frequency`. The
// leave-one-out path is the transformed path without position i, not transformed again (as
// there).
void fractribution(const std::vector<Journey>& js, const Rows& rows, int m, const std::string& transform,
                   std::vector<double>* conv_credit, std::vector<double>* value_credit) {
  const std::string t = lower_ascii(transform);
  const bool unique = t == "unique", first = t == "first", frequency = t == "frequency";
  std::map<std::pair<int, int>, int> token_of;   // (channel, count) -> token
  std::vector<int> token_channel;
  auto token = [&](int channel, int count) {
    if (!frequency) return channel;              // tokens are the channels themselves
    auto it = token_of.find({channel, count});
    if (it != token_of.end()) return it->second;
    int k = (int)token_channel.size();
    token_of.emplace(std::make_pair(channel, count), k);
    token_channel.push_back(channel);
    return k;
  };
  // Each row's transformed path, interned: pid per row, stats per pid.
  std::unordered_map<std::vector<int>, int, VecHash> pid_of;
  std::vector<const std::vector<int>*> path_of;
  std::vector<double> pconv, pnull;
  std::vector<int> pid(rows.size());
  std::vector<int> tp, seen;
  for (size_t k = 0; k < rows.size(); k++) {
    const Journey& j = js[rows.row[k]];
    const int* raw = rows.begin(k);
    const size_t n = rows.len(k);
    tp.clear();
    if (unique) {
      tp.assign(raw, raw + n);
    } else if (first || frequency) {
      seen.clear();   // channels in first-occurrence order
      for (size_t q = 0; q < n; q++) if (std::find(seen.begin(), seen.end(), raw[q]) == seen.end()) seen.push_back(raw[q]);
      for (int c : seen) tp.push_back(token(c, frequency ? (int)std::count(raw, raw + n, c) : 0));
    } else {   // "exposure" (the default; an unknown name reads as it)
      for (size_t q = 0; q < n; q++)
        if (q == 0 || raw[q] != raw[q - 1]) tp.push_back(raw[q]);
    }
    auto ins = pid_of.emplace(tp, (int)path_of.size());
    if (ins.second) {
      path_of.push_back(&ins.first->first);
      pconv.push_back(0);
      pnull.push_back(0);
    }
    pid[k] = ins.first->second;
    pconv[pid[k]] += j.conversions;
    pnull[pid[k]] += j.nulls;
  }
  auto prob_id = [&](int id) {
    double d = pconv[id] + pnull[id];
    return d > 0 ? pconv[id] / d : 0.0;
  };
  auto prob = [&](const std::vector<int>& p) {
    auto it = pid_of.find(p);
    return it == pid_of.end() ? 0.0 : prob_id(it->second);
  };
  conv_credit->assign(m, 0);
  value_credit->assign(m, 0);
  std::vector<std::vector<double>> fractions(path_of.size());   // per path, per position
  std::vector<int> cf;
  for (size_t k = 0; k < rows.size(); k++) {
    const Journey& j = js[rows.row[k]];
    if (j.conversions <= 0) continue;
    const int id = pid[k];
    const std::vector<int>& p = *path_of[id];
    std::vector<double>& mc = fractions[id];
    if (mc.empty()) {
      mc.assign(p.size(), 0.0);
      const double pt = prob_id(id);
      if (p.size() == 1) {
        mc[0] = 1;
      } else {
        double sum = 0;
        for (size_t q = 0; q < p.size(); q++) {
          cf.assign(p.begin(), p.end());
          cf.erase(cf.begin() + (long)q);
          mc[q] = std::max(0.0, pt - prob(cf));
          sum += mc[q];
        }
        if (sum > 0) for (double& x : mc) x /= sum;
        else mc.back() = 1;   // all zero: last touch
      }
    }
    for (size_t q = 0; q < p.size(); q++) {
      const int c = frequency ? token_channel[p[q]] : p[q];
      (*conv_credit)[c] += j.conversions * mc[q];
      (*value_credit)[c] += j.value * mc[q];
    }
  }
}

} // namespace

const char* attribution_model_key(AttributionModel m) {
  for (const ModelKey& k : kModels) if (k.m == m) return k.key;
  return "last";
}

bool attribution_model_from_key(const std::string& k, AttributionModel* out) {
  for (const ModelKey& mk : kModels)
    if (k == mk.key) { *out = mk.m; return true; }
  return false;
}

const std::vector<AttributionModel>& all_attribution_models() {
  static const std::vector<AttributionModel> all = [] {
    std::vector<AttributionModel> v;
    for (const ModelKey& k : kModels) v.push_back(k.m);
    return v;
  }();
  return all;
}

AttributionResult attribute(const std::vector<Journey>& journeys, AttributionModel model,
                            const AttributionOptions& opt) {
  AttributionResult r;
  r.model = attribution_model_key(model);
  const bool uses_nulls = model == AttributionModel::Markov || model == AttributionModel::Fractribution;
  const std::string direct = lower_ascii(opt.direct);
  const double half_life_ms = opt.half_life_days * 86400000.0;

  // Which rows the model uses; channels interned in row order (sorted by name at the end).
  Channels chs;
  Rows rows;
  for (size_t i = 0; i < journeys.size(); i++) {
    const Journey& j = journeys[i];
    if (j.channels.empty()) {
      if (j.conversions > 0) reject(&r, j, "path", "NO_TOUCHES");
      continue;
    }
    if (j.conversions <= 0 && !(uses_nulls && j.nulls > 0)) continue;
    if (model == AttributionModel::TimeDecay && j.ts_ms.size() != j.channels.size()) {
      reject(&r, j, "timestamp", "NO_TIMES");
      continue;
    }
    rows.row.push_back(i);
    for (const std::string& c : j.channels) rows.ids.push_back(chs.get(c));
    rows.off.push_back(rows.ids.size());
    r.total_conversions += j.conversions;
    r.total_value += j.value;
  }
  const int m = (int)chs.name.size();

  std::vector<double> conv, value, re;
  if (model == AttributionModel::Markov) {
    markov(journeys, rows, m, &conv, &value, &re, &r);
  } else if (model == AttributionModel::Fractribution) {
    fractribution(journeys, rows, m, opt.transform, &conv, &value);
  } else {
    conv.assign(m, 0);
    value.assign(m, 0);
    std::vector<char> is_direct(m, 0);
    for (int c = 0; c < m; c++) is_direct[c] = lower_ascii(chs.name[c]) == direct;
    std::vector<double> w, d;
    std::vector<int> distinct;
    for (size_t k = 0; k < rows.size(); k++) {
      const Journey& j = journeys[rows.row[k]];
      const int* ids = rows.begin(k);
      const size_t n = rows.len(k);
      w.assign(n, 0.0);
      switch (model) {
        case AttributionModel::First: w[0] = 1; break;
        case AttributionModel::Last: w[n - 1] = 1; break;
        case AttributionModel::LastNonDirect: {
          size_t last = n - 1;
          for (size_t q = n; q-- > 0;)
            if (!is_direct[ids[q]]) { last = q; break; }
          w[last] = 1;
          break;
        }
        case AttributionModel::Linear:
          for (double& x : w) x = 1.0 / (double)n;
          break;
        case AttributionModel::TimeDecay: {
          // w_i = 2^(-(t_conv - t_i)/H), normalised; taken relative to the newest touch so that
          // old journeys do not underflow to all-zero weights. Touches after the conversion
          // time count as at it; an unknown conversion time (0) is the last touch's.
          const int64_t tc = j.conversion_ts_ms != 0 ? j.conversion_ts_ms : j.ts_ms.back();
          double dmin = 0;
          d.assign(n, 0.0);
          for (size_t q = 0; q < n; q++) {
            d[q] = std::max(0.0, (double)(tc - j.ts_ms[q]));
            dmin = q == 0 ? d[q] : std::min(dmin, d[q]);
          }
          double s = 0;
          for (size_t q = 0; q < n; q++) {
            w[q] = half_life_ms > 0 ? std::exp2(-(d[q] - dmin) / half_life_ms) : (d[q] == dmin ? 1.0 : 0.0);
            s += w[q];
          }
          for (double& x : w) x /= s;
          break;
        }
        case AttributionModel::PositionU:
        case AttributionModel::PositionJ:
        case AttributionModel::PositionInverseJ:
          position_weights(model, n, &w);
          break;
        case AttributionModel::Participation:
        case AttributionModel::Shapley: {
          // Participation: the whole conversion to each distinct channel. Set-based Shapley
          // (Zhao et al. 2018, simplified): phi_i = sum over sets T containing i of R(T)/|T|,
          // i.e. each journey's conversions split evenly over its distinct channels.
          distinct.clear();
          for (size_t q = 0; q < n; q++)
            if (std::find(distinct.begin(), distinct.end(), ids[q]) == distinct.end()) distinct.push_back(ids[q]);
          const double share = model == AttributionModel::Participation ? 1.0 : 1.0 / (double)distinct.size();
          for (int c : distinct) {
            conv[c] += j.conversions * share;
            value[c] += j.value * share;
          }
          continue;
        }
        default: break;
      }
      for (size_t q = 0; q < n; q++) {
        if (w[q] == 0) continue;
        conv[ids[q]] += j.conversions * w[q];
        value[ids[q]] += j.value * w[q];
      }
    }
  }

  std::vector<int> order(chs.name.size());
  for (size_t i = 0; i < order.size(); i++) order[i] = (int)i;
  std::sort(order.begin(), order.end(), [&](int a, int b) { return chs.name[a] < chs.name[b]; });
  for (int c : order) {
    ChannelCredit cc;
    cc.channel = chs.name[c];
    cc.conversions = c < (int)conv.size() ? conv[c] : 0;
    cc.value = c < (int)value.size() ? value[c] : 0;
    cc.share = r.total_conversions > 0 ? cc.conversions / r.total_conversions : 0;
    cc.removal_effect = c < (int)re.size() ? re[c] : 0;
    r.channels.push_back(std::move(cc));
  }
  return r;
}

std::vector<Journey> journeys_from_paths(const Dataset& ds) {
  std::vector<Journey> out;
  out.reserve(ds.paths.size());
  for (const PathRow& p : ds.paths) {
    Journey j;
    j.channels.reserve(p.steps.size());
    for (Sym s : p.steps) j.channels.push_back(ds.pool.str(s));
    j.conversions = p.conversions;
    j.nulls = p.nulls;
    j.value = p.value;
    j.line = p.line;
    out.push_back(std::move(j));
  }
  return out;
}

// Events are sorted by person, then time, then file order (dataset.h). A conversion is an event
// with conversion == 1 or, when `conversion_event` is given, an event of that name as well. A
// conversion with no touch before it (and none of its own) makes no journey.
std::vector<Journey> journeys_from_events(const Dataset& ds, const std::string& conversion_event) {
  std::vector<Journey> out;
  // The pool's index directly (not StringPool::find): an absent name matches no event.
  Sym conv_sym = 0;
  if (!conversion_event.empty()) {
    auto it = ds.pool.index.find(conversion_event);
    if (it != ds.pool.index.end()) conv_sym = it->second;
  }
  const bool want_name = !conversion_event.empty();
  Journey cur;
  Sym person = 0;
  bool have_person = false;
  auto flush_open = [&]() {
    if (!cur.channels.empty()) {
      cur.conversions = 0;
      cur.nulls = 1;
      cur.value = 0;
      cur.conversion_ts_ms = 0;
      out.push_back(std::move(cur));
    }
    cur = Journey();
  };
  for (const Event& e : ds.events) {
    if (!have_person || e.person != person) {
      if (have_person) flush_open();
      person = e.person;
      have_person = true;
    }
    if (e.channel != 0) {
      if (cur.channels.empty()) cur.line = e.line;
      cur.channels.push_back(ds.pool.str(e.channel));
      cur.ts_ms.push_back(e.ts_ms);
    }
    const bool is_conv = e.conversion == 1 || (want_name && conv_sym != 0 && e.event == conv_sym);
    if (!is_conv) continue;
    if (!cur.channels.empty()) {
      cur.conversions = 1;
      cur.nulls = 0;
      cur.value = e.value;
      cur.conversion_ts_ms = e.ts_ms;
      cur.line = e.line;
      out.push_back(std::move(cur));
    }
    cur = Journey();
  }
  if (have_person) flush_open();
  return out;
}

} // namespace jm
