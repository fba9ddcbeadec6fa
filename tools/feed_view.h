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
#include "eventwire/feed_filter.h"
#include "eventwire/v1/coordinator.pb.h"

namespace eventwire::cli {

// The filters are shared with the coordinator's HTTP interface.
using ::eventwire::FeedFilter;
using ::eventwire::FeedFilterFlags;

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
