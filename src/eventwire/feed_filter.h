// Which feed records a reader asks for: by type, country, actor, label, event
// date, confidence and words. Shared by the command line (`eventwire
// subscribe`) and the coordinator's HTTP interface, so that both select the
// same records for the same request.
#ifndef EVENTWIRE_SRC_EVENTWIRE_FEED_FILTER_H_
#define EVENTWIRE_SRC_EVENTWIRE_FEED_FILTER_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/coordinator.pb.h"

namespace eventwire {

// Filters as typed: comma-separated lists, ISO dates, a number, words.
struct FeedFilterFlags {
  std::string types;         // "ASSAULT,coerce", QUOTE for quotations
  std::string countries;     // "RUS,UKR"
  std::string actors;        // "putin,NATO"
  std::string since, until;  // ISO days, inclusive
  double min_confidence = 0;
  bool background = false;  // also events told as history
  std::string labels;       // "conflict,ukraine": any of them
  std::string text;         // words that must all occur (folded)
};

// Within a filter any value matches; all filters given must match.
class FeedFilter {
 public:
  // An error names the filter and the value it cannot take.
  static absl::StatusOr<FeedFilter> Create(const FeedFilterFlags& flags);

  bool Matches(const v1::FeedEvent& event) const;
  // An event record as Matches; a quote record by its speaker (country,
  // name), its date, its words and type QUOTE.
  bool Matches(const v1::FeedRecord& record) const;

 private:
  // Whether an event's or quote's date is within since and until.
  bool WithinDates(const std::string& date) const;
  // Whether every searched word occurs in `folded` (lower-case text).
  bool HasWords(const std::string& folded) const;

  std::set<v1::Event::Type> types_;
  bool quotes_ = false;                 // types name QUOTE
  std::vector<std::string> countries_;  // upper case
  std::vector<std::string> actors_;     // folded
  std::vector<std::string> labels_;
  std::vector<std::string> words_;  // folded
  std::string since_, until_;
  double min_confidence_ = 0;
  bool background_ = false;
};

}  // namespace eventwire

#endif  // EVENTWIRE_SRC_EVENTWIRE_FEED_FILTER_H_
