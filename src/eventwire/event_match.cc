#include "eventwire/event_match.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "eventwire/dates.h"

namespace eventwire {
namespace {

template <typename Actors>
std::set<std::string> KeysOf(const Actors& actors) {
  std::set<std::string> out;
  for (const v1::Actor& a : actors) {
    std::set<std::string> k = ActorKeys(a);
    out.insert(k.begin(), k.end());
  }
  return out;
}

template <typename Actors>
std::set<std::string> EntityKeysOf(const Actors& actors) {
  std::set<std::string> out;
  for (const v1::Actor& a : actors) out.insert(a.canonical_key());
  return out;
}

int Overlap(const std::set<std::string>& a, const std::set<std::string>& b) {
  int n = 0;
  for (const auto& k : a) n += b.count(k);
  return n;
}

// Both reports' publication days are known and within the window.
bool ReportedTogether(const MatchOptions& options) {
  const auto a = ParseIsoDate(options.reported_a);
  const auto b = ParseIsoDate(options.reported_b);
  if (!a || !b || a->day == 0 || b->day == 0) return false;
  return std::labs(absl::CivilDay(a->year, a->month, a->day) -
                   absl::CivilDay(b->year, b->month, b->day)) <=
         options.window_days;
}

}  // namespace

std::set<std::string> ActorKeys(const v1::Actor& actor) {
  std::set<std::string> keys;
  if (!actor.canonical_key().empty()) keys.insert(actor.canonical_key());
  if (!actor.country().empty() && actor.country() != "IGO" &&
      actor.country() != "NGO") {
    keys.insert(absl::StrCat("country:", actor.country()));
  }
  return keys;
}

bool IsSymmetricType(v1::Event::Type type) {
  return type == v1::Event::CONSULT || type == v1::Event::AGREE ||
         type == v1::Event::COOPERATE;
}

bool DatesCompatible(const std::string& a, const std::string& b,
                     int window_days) {
  if (a.empty() || b.empty()) return true;
  auto da = ParseIsoDate(a), db = ParseIsoDate(b);
  if (!da || !db) return a == b;
  if (da->year != db->year) return false;
  if (da->month == 0 || db->month == 0) return true;
  if (da->day == 0 || db->day == 0) return da->month == db->month;
  long diff = absl::CivilDay(da->year, da->month, da->day) -
              absl::CivilDay(db->year, db->month, db->day);
  return std::labs(diff) <= window_days;
}

int EventMatchScore(const v1::Event& a, const v1::Event& b,
                    const MatchOptions& options) {
  if (a.type() != b.type()) return 0;
  if (!DatesCompatible(a.date(), b.date(), options.window_days)) return 0;
  const bool dated = !a.date().empty() && !b.date().empty();
  const auto as = KeysOf(a.source()), at = KeysOf(a.target());
  const auto bs = KeysOf(b.source()), bt = KeysOf(b.target());
  if (!options.same_document) {
    const auto ea = EntityKeysOf(a.source()), eb = EntityKeysOf(b.source());
    const auto ta = EntityKeysOf(a.target()), tb = EntityKeysOf(b.target());
    const bool open_target = ReportedTogether(options) && !ea.empty() &&
                             !ea.count("") && ea == eb &&
                             (ta.empty() || tb.empty()) &&
                             !a.trigger().empty() && a.trigger() == b.trigger();
    if (!dated && !open_target) {
      // Otherwise undated mentions in different documents are joined only
      // when they name exactly the same parties.
      const bool same = (ea == eb && ta == tb) ||
                        (IsSymmetricType(a.type()) && ea == tb && ta == eb);
      if (!same || (ta.empty() && tb.empty())) return 0;
    }
    if (at.empty() != bt.empty() && !open_target) return 0;
  }
  const bool targets = !at.empty() && !bt.empty();
  int score = 0;
  const int ss = Overlap(as, bs), tt = Overlap(at, bt);
  if (ss > 0 && (tt > 0 || !targets)) score = ss + tt;
  if (IsSymmetricType(a.type())) {
    const int st = Overlap(as, bt), ts = Overlap(at, bs);
    if (st > 0 && ts > 0) score = std::max(score, st + ts);
    // One side with no target: the other's target may be the subject.
    if (!targets && (st > 0 || ts > 0) && options.same_document) {
      score = std::max(score, st + ts);
    }
  }
  if (score == 0) return 0;
  if (dated) score += 1;
  if (a.has_location() && b.has_location() &&
      Overlap(ActorKeys(a.location()), ActorKeys(b.location())) > 0) {
    score += 1;
  }
  return score;
}

}  // namespace eventwire
