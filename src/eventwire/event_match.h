// When two event mentions report one real-world event: the same PLOVER type,
// the same parties on each side (by entity or by the country they act for),
// compatible dates. Used within a document (headline, caption and body are
// one event) and across documents (the feed).
#ifndef EVENTWIRE_EVENT_MATCH_H_
#define EVENTWIRE_EVENT_MATCH_H_

#include <set>
#include <string>

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

}  // namespace eventwire

#endif  // EVENTWIRE_EVENT_MATCH_H_
