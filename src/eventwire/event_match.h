// When two event mentions report one real-world event: the same PLOVER type,
// the same parties on each side (by entity or by the country they act for),
// compatible dates. Used within a document (headline, caption and body are
// one event) and across documents (the feed).
#ifndef EVENTWIRE_EVENT_MATCH_H_
#define EVENTWIRE_EVENT_MATCH_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "eventwire/dates.h"
#include "eventwire/v1/document.pb.h"

namespace eventwire {

// Keys an actor can be matched by: its canonical entity and its country.
std::set<std::string> ActorKeys(const v1::Actor& actor);

// True when two ISO dates (day, month or year precision) can name the same
// day, day-precise dates at most `window_days` apart. An empty date is
// compatible with any.
bool DatesCompatible(const std::string& a, const std::string& b,
                     int window_days);

// Source and target may be swapped (meetings, agreements, cooperation).
bool IsSymmetricType(v1::Event::Type type);

struct MatchOptions {
  int window_days = 1;
  // Within one document a missing date or target does not prevent a match;
  // across documents it does, unless the parties are identical.
  bool same_document = false;
  // Across documents: the days the two reports were published (ISO, empty
  // when unknown). Reports published within the window whose sources are
  // the same entities and whose triggers are the same tell one story when
  // only one of them names a target, or neither does, even without a date
  // in the text ("Sweden drops rape investigation" beside "Sweden has
  // dropped its investigation into ...").
  std::string reported_a, reported_b;
};

// 0 when `a` and `b` are different events; otherwise a score, higher for
// more shared parties and a shared place.
int EventMatchScore(const v1::Event& a, const v1::Event& b,
                    const MatchOptions& options);

// A date as DatesCompatible reads it, parsed once: compared without strings.
struct QuickDate {
  bool known = false;  // false for an empty date or one that does not parse
  int year = 0, month = 0, day = 0;
  int64_t days = 0;  // since 1970-01-01, when day-precise
  // Inferred from the narrative (Event.date_inferred), not stated.
  bool inferred = false;
};
QuickDate QuickDateOf(const std::string& iso);
// False only when both dates are known and stated and DatesCompatible says
// no (a date inferred from the narrative that disagrees is no evidence: see
// MatchScore).
bool QuickDatesMayMatch(const QuickDate& a, const QuickDate& b,
                        int window_days);

// An event (or a feed event) as matching reads it, worked out once: the feed
// compares each new event with hundreds of stories, and keys and dates
// derived again for every pair were most of the cost.
class MatchProfile {
 public:
  // `reported`: the day the report was published (ISO), empty when unknown.
  template <typename EventOrStory>
  MatchProfile(const EventOrStory& e, const std::string& reported)
      : type_(e.type()), date_(e.date()), trigger_(e.trigger()) {
    // An inferred target is a default, not a party a report named.
    static const google::protobuf::RepeatedPtrField<v1::Actor> kNoTarget;
    Derive(e.source(), e.target_inferred() ? kNoTarget : e.target(),
           e.has_location() ? &e.location() : nullptr, reported);
    quick_date_.inferred = e.date_inferred() && !date_.empty();
  }

  const QuickDate& quick_date() const { return quick_date_; }
  // One bit of 64 per actor key of either side (see MayMatchOnParties).
  uint64_t party_bits() const { return source_bits_ | target_bits_; }
  bool has_target() const { return !target_keys_.empty(); }

 private:
  friend bool MayMatchOnParties(const MatchProfile& a, uint64_t b_party_bits,
                                bool b_has_target);
  friend int MatchScore(const MatchProfile& a, const MatchProfile& b,
                        int window_days, bool same_document);
  void Derive(const google::protobuf::RepeatedPtrField<v1::Actor>& source,
              const google::protobuf::RepeatedPtrField<v1::Actor>& target,
              const v1::Actor* location, const std::string& reported);

  v1::Event::Type type_;
  std::string date_;
  QuickDate quick_date_;
  uint64_t source_bits_ = 0, target_bits_ = 0;
  std::string trigger_;
  // Sorted, without repeats: ActorKeys of each side, canonical keys of each
  // side ("" for an actor without one), ActorKeys of the place.
  std::vector<std::string> source_keys_, target_keys_;
  std::vector<std::string> source_entities_, target_entities_;
  // Every named target is a person (not a country, a body or a group):
  // specific enough to tell an act by whom it was done to when a report
  // names no doer.
  bool specific_target_ = false;
  bool has_location_ = false;
  std::vector<std::string> location_keys_;
  std::optional<absl::CivilDay> reported_day_;
};

// EventMatchScore over profiles: the same answer for the same events.
int MatchScore(const MatchProfile& a, const MatchProfile& b, int window_days,
               bool same_document);
// False only when MatchScore(a, b, _, /*same_document=*/false) is 0 for
// want of shared parties, told from b's party_bits() and has_target() alone:
// a's source must share a key with one of b's sides, and so must a's target
// when both name one; or, when a's target is specific (either report may
// name no doer), a's target must share a key with b.
bool MayMatchOnParties(const MatchProfile& a, uint64_t b_party_bits,
                       bool b_has_target);

}  // namespace eventwire

#endif  // EVENTWIRE_EVENT_MATCH_H_
