#include "eventwire/event_match.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "eventwire/dates.h"

namespace eventwire {
namespace {

// Sorted, without repeats.
std::vector<std::string> Sorted(std::set<std::string> keys) {
  return {std::make_move_iterator(keys.begin()),
          std::make_move_iterator(keys.end())};
}

std::vector<std::string> KeysOf(
    const google::protobuf::RepeatedPtrField<v1::Actor>& actors) {
  std::set<std::string> out;
  for (const v1::Actor& a : actors) out.merge(ActorKeys(a));
  return Sorted(std::move(out));
}

std::vector<std::string> EntityKeysOf(
    const google::protobuf::RepeatedPtrField<v1::Actor>& actors) {
  std::set<std::string> out;
  for (const v1::Actor& a : actors) out.insert(a.canonical_key());
  return Sorted(std::move(out));
}

// Whether every party is a person: a country, a body ("Congress") or a group
// is too wide to tell an act apart by whom it was done to alone.
bool NamesPeopleOnly(const std::vector<std::string>& entity_keys) {
  if (entity_keys.empty()) return false;
  for (const std::string& key : entity_keys) {
    if (!absl::StartsWith(key, "person:")) return false;
  }
  return true;
}

uint64_t BitsOf(const std::vector<std::string>& keys) {
  uint64_t bits = 0;
  for (const auto& k : keys)
    bits |= uint64_t{1} << (std::hash<std::string>{}(k)&63);
  return bits;
}

// How many keys two sorted lists share.
int Overlap(const std::vector<std::string>& a,
            const std::vector<std::string>& b) {
  int n = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    const int c = i->compare(*j);
    if (c == 0) ++n;
    if (c <= 0) ++i;
    if (c >= 0) ++j;
  }
  return n;
}

bool Contains(const std::vector<std::string>& sorted, const std::string& k) {
  return std::binary_search(sorted.begin(), sorted.end(), k);
}

// DatesCompatible over parsed dates (true when either is unknown).
bool QuickDatesAgree(const QuickDate& a, const QuickDate& b, int window_days) {
  if (!a.known || !b.known) return true;
  if (a.year != b.year) return false;
  if (a.month == 0 || b.month == 0) return true;
  if (a.day == 0 || b.day == 0) return a.month == b.month;
  return std::llabs(a.days - b.days) <= window_days;
}

// DatesCompatible over dates parsed before.
bool QuickDatesCompatible(const std::string& a, const QuickDate& qa,
                          const std::string& b, const QuickDate& qb,
                          int window_days) {
  if (a.empty() || b.empty()) return true;
  if (!qa.known || !qb.known) return a == b;
  return QuickDatesAgree(qa, qb, window_days);
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
  return QuickDatesCompatible(a, QuickDateOf(a), b, QuickDateOf(b),
                              window_days);
}

QuickDate QuickDateOf(const std::string& iso) {
  QuickDate q;
  if (iso.empty()) return q;
  const auto parsed = ParseIsoDate(iso);
  if (!parsed) return q;
  q.known = true;
  q.year = parsed->year;
  q.month = parsed->month;
  q.day = parsed->day;
  if (q.month != 0 && q.day != 0)
    q.days = absl::CivilDay(q.year, q.month, q.day) - absl::CivilDay(1970);
  return q;
}

bool QuickDatesMayMatch(const QuickDate& a, const QuickDate& b,
                        int window_days) {
  if (a.known && b.known && (a.inferred || b.inferred)) return true;
  return QuickDatesAgree(a, b, window_days);
}

void MatchProfile::Derive(
    const google::protobuf::RepeatedPtrField<v1::Actor>& source,
    const google::protobuf::RepeatedPtrField<v1::Actor>& target,
    const v1::Actor* location, const std::string& reported) {
  quick_date_ = QuickDateOf(date_);
  source_keys_ = KeysOf(source);
  target_keys_ = KeysOf(target);
  source_entities_ = EntityKeysOf(source);
  target_entities_ = EntityKeysOf(target);
  specific_target_ = NamesPeopleOnly(target_entities_);
  source_bits_ = BitsOf(source_keys_);
  target_bits_ = BitsOf(target_keys_);
  has_location_ = location != nullptr;
  if (location) location_keys_ = Sorted(ActorKeys(*location));
  const auto day = ParseIsoDate(reported);
  if (day && day->day != 0)
    reported_day_ = absl::CivilDay(day->year, day->month, day->day);
}

int MatchScore(const MatchProfile& a, const MatchProfile& b, int window_days,
               bool same_document) {
  if (a.type_ != b.type_) return 0;
  bool dated = !a.date_.empty() && !b.date_.empty();
  if (!QuickDatesCompatible(a.date_, a.quick_date_, b.date_, b.quick_date_,
                            window_days)) {
    // A date guessed from one report's narrative ties it to a date that
    // agrees; one that disagrees (with a stated date or another guess) is
    // a guess, not a fact: the two are matched as if undated.
    if (!a.quick_date_.inferred && !b.quick_date_.inferred) return 0;
    dated = false;
  }
  const auto &as = a.source_keys_, &at = a.target_keys_;
  const auto &bs = b.source_keys_, &bt = b.target_keys_;
  if (!same_document) {
    const auto &ea = a.source_entities_, &eb = b.source_entities_;
    const auto &ta = a.target_entities_, &tb = b.target_entities_;
    // Both reports published within the window.
    const bool reported_together =
        a.reported_day_ && b.reported_day_ &&
        std::labs(*a.reported_day_ - *b.reported_day_) <= window_days;
    const bool open_target = reported_together && !ea.empty() &&
                             !Contains(ea, "") && ea == eb &&
                             (ta.empty() || tb.empty()) &&
                             !a.trigger_.empty() && a.trigger_ == b.trigger_;
    if (!dated && !open_target) {
      // Otherwise undated mentions in different documents are joined only
      // when they name exactly the same parties. (Without dates, an act
      // done to a person by someone one report does not name is not
      // joined to one whose doer is named: a public figure is done to in
      // many acts, which only dates tell apart.)
      const bool same = (ea == eb && ta == tb) ||
                        (IsSymmetricType(a.type_) && ea == tb && ta == eb);
      if (!same || (ta.empty() && tb.empty())) return 0;
    }
    if (at.empty() != bt.empty() && !open_target) return 0;
  }
  const bool targets = !at.empty() && !bt.empty();
  int score = 0;
  const int ss = Overlap(as, bs), tt = Overlap(at, bt);
  if (ss > 0 && (tt > 0 || !targets)) score = ss + tt;
  // A report that names no doer: the act done to the same parties.
  if (!same_document && (as.empty() || bs.empty()) && tt > 0 &&
      a.specific_target_ && b.specific_target_)
    score = std::max(score, tt);
  if (IsSymmetricType(a.type_)) {
    const int st = Overlap(as, bt), ts = Overlap(at, bs);
    if (st > 0 && ts > 0) score = std::max(score, st + ts);
    // One side with no target: the other's target may be the subject.
    if (!targets && (st > 0 || ts > 0) && same_document) {
      score = std::max(score, st + ts);
    }
  }
  if (score == 0) return 0;
  if (dated) score += 1;
  if (a.has_location_ && b.has_location_ &&
      Overlap(a.location_keys_, b.location_keys_) > 0) {
    score += 1;
  }
  return score;
}

bool MayMatchOnParties(const MatchProfile& a, uint64_t b_party_bits,
                       bool b_has_target) {
  // Either report may name no doer: the act done to the same parties.
  if (a.specific_target_ && b_has_target && (a.target_bits_ & b_party_bits))
    return true;
  if ((a.source_bits_ & b_party_bits) == 0) return false;
  if (a.has_target() && b_has_target && (a.target_bits_ & b_party_bits) == 0)
    return false;
  return true;
}

int EventMatchScore(const v1::Event& a, const v1::Event& b,
                    const MatchOptions& options) {
  return MatchScore(MatchProfile(a, options.reported_a),
                    MatchProfile(b, options.reported_b), options.window_days,
                    options.same_document);
}

}  // namespace eventwire
