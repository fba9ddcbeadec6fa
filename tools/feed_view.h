// How the command line shows the feed: filters a desk asks for (type,
// country, actor, event date, confidence) and the output formats (JSON
// Lines as the API gives them, a table cut to the terminal, CSV).
#ifndef EVENTWIRE_TOOLS_FEED_VIEW_H_
#define EVENTWIRE_TOOLS_FEED_VIEW_H_

#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventwire/v1/coordinator.pb.h"

namespace eventwire::cli {

// Flags as typed: comma-separated lists, ISO dates, a number.
struct FeedFilterFlags {
  std::string types;         // "ASSAULT,coerce", QUOTE for quotations
  std::string countries;     // "RUS,UKR"
  std::string actors;        // "putin,NATO"
  std::string since, until;  // ISO days, inclusive
  double min_confidence = 0;
  bool background = false;  // also events told as history
};

// Which feed events to show. Within a flag any value matches; all flags
// given must match.
class FeedFilter {
 public:
  // An error names the flag and the value it cannot take.
  static absl::StatusOr<FeedFilter> Create(const FeedFilterFlags& flags);

  bool Matches(const v1::FeedEvent& event) const;
  // An event record as Matches; a quote record by its speaker (country,
  // name), its date and --type QUOTE.
  bool Matches(const v1::FeedRecord& record) const;

 private:
  // Whether an event's or quote's date is within --since and --until.
  bool WithinDates(const std::string& date) const;

  std::set<v1::Event::Type> types_;
  bool quotes_ = false;                 // --type names QUOTE
  std::vector<std::string> countries_;  // upper case
  std::vector<std::string> actors_;     // folded
  std::string since_, until_;
  double min_confidence_ = 0;
  bool background_ = false;
};

enum class OutputFormat { kJson, kTable, kCsv };
absl::StatusOr<OutputFormat> ParseOutputFormat(const std::string& name);

// Prints feed records one at a time (a table's header first).
class FeedPrinter {
 public:
  // `width`: the table's width in characters (the terminal's).
  FeedPrinter(OutputFormat format, int width, std::ostream& out);
  void Print(const v1::FeedRecord& record);

 private:
  OutputFormat format_;
  int width_;
  std::ostream& out_;
  bool header_done_ = false;
};

// The width of the terminal on standard output, else $COLUMNS, else 120.
int TerminalWidth();

}  // namespace eventwire::cli

#endif  // EVENTWIRE_TOOLS_FEED_VIEW_H_
