#include "feed_view.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"
#include "eventwire/json.h"

namespace eventwire::cli {
namespace {

// Names with countries: "Marco Rubio (USA), Russia (RUS)".
std::string Side(const google::protobuf::RepeatedPtrField<v1::Actor>& actors) {
  std::vector<std::string> names;
  for (const v1::Actor& a : actors) {
    // A group named by its state keeps its word: "Iran police (IRN)".
    const std::string name =
        a.group().empty() ? a.name() : absl::StrCat(a.name(), " ", a.group());
    names.push_back(a.country().empty() || a.country() == name
                        ? name
                        : absl::StrCat(name, " (", a.country(), ")"));
  }
  return absl::StrJoin(names, ", ");
}

std::string Parties(const v1::FeedEvent& e) {
  std::string parties = Side(e.source());
  if (e.target_size() > 0) absl::StrAppend(&parties, " -> ", Side(e.target()));
  return parties;
}

// The newest mention's evidence sentence, on one line.
std::string Evidence(const v1::FeedEvent& e) {
  if (e.mentions_size() == 0) return "";
  std::string text = e.mentions(e.mentions_size() - 1).evidence_text();
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\t'; },
      ' ');
  return text;
}

// Characters of UTF-8 text, counted as code points.
size_t Length(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// At most `width` characters, cut at a code point with "…" when longer,
// padded with spaces when `pad`.
std::string Fit(const std::string& s, int width, bool pad = true) {
  if (width <= 0) return "";
  const size_t w = static_cast<size_t>(width);
  if (Length(s) <= w) {
    return pad ? s + std::string(w - Length(s), ' ') : s;
  }
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < w - 1) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80)
      ++i;
    ++chars;
  }
  return s.substr(0, i) + "\xE2\x80\xA6";
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Countries(const google::protobuf::RepeatedPtrField<v1::Actor>& a) {
  std::vector<std::string> codes;
  for (const v1::Actor& actor : a) {
    if (!actor.country().empty()) codes.push_back(actor.country());
  }
  return absl::StrJoin(codes, " ");
}

std::string Names(const google::protobuf::RepeatedPtrField<v1::Actor>& a) {
  std::vector<std::string> names;
  for (const v1::Actor& actor : a) names.push_back(actor.name());
  return absl::StrJoin(names, "; ");
}

// Table columns: sequence, type, parties, place, date, sources; the
// evidence takes the rest of the width.
constexpr int kSeq = 7, kType = 10, kParties = 44, kPlace = 14, kDate = 11,
              kSources = 4;

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(const std::string& name) {
  if (name == "json") return OutputFormat::kJson;
  if (name == "table") return OutputFormat::kTable;
  if (name == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("--output_format is json, table or csv, not '", name, "'"));
}

FeedPrinter::FeedPrinter(OutputFormat format, int width, std::ostream& out)
    : format_(format), width_(width), out_(out) {}

namespace {

// A quote record in an event's shape, for the table and CSV: the speaker
// as the source, the words as the evidence.
v1::FeedEvent QuoteAsRow(const v1::FeedQuote& q) {
  v1::FeedEvent row;
  row.set_feed_event_id(q.feed_quote_id());
  row.set_revision(q.revision());
  *row.add_source() = q.speaker();
  row.set_date(q.date());
  row.set_source_count(q.source_count());
  row.set_mention_count(q.mention_count());
  v1::FeedMention* m = row.add_mentions();
  m->set_evidence_text(absl::StrCat("\xE2\x80\x9C", q.text(), "\xE2\x80\x9D"));
  return row;
}

}  // namespace

void FeedPrinter::Print(const v1::FeedRecord& record) {
  const bool quote = record.has_quote();
  const v1::FeedEvent row =
      quote ? QuoteAsRow(record.quote()) : v1::FeedEvent();
  const v1::FeedEvent& e = quote ? row : record.event();
  const std::string type = quote ? "QUOTE" : v1::Event::Type_Name(e.type());
  const std::string place = e.has_location() ? e.location().name() : "";
  switch (format_) {
    case OutputFormat::kJson: {
      auto line = MessageToJsonLine(record);
      if (line.ok()) out_ << *line << "\n";
      break;
    }
    case OutputFormat::kTable: {
      const int evidence = std::max(
          10,
          width_ - (kSeq + kType + kParties + kPlace + kDate + kSources + 6));
      if (!header_done_) {
        out_ << Fit("SEQ", kSeq) << " " << Fit("TYPE", kType) << " "
             << Fit("SOURCE -> TARGET", kParties) << " " << Fit("PLACE", kPlace)
             << " " << Fit("DATE", kDate) << " " << Fit("SRC", kSources) << " "
             << "EVIDENCE\n";
      }
      out_ << Fit(absl::StrCat(record.sequence()), kSeq) << " "
           << Fit(type, kType) << " " << Fit(Parties(e), kParties) << " "
           << Fit(place, kPlace) << " " << Fit(e.date(), kDate) << " "
           << Fit(absl::StrCat(e.source_count()), kSources) << " "
           << Fit(Evidence(e), evidence, /*pad=*/false) << "\n";
      break;
    }
    case OutputFormat::kCsv: {
      if (!header_done_) {
        out_ << "sequence,feed_event_id,revision,type,source,source_countries,"
                "target,target_countries,place,place_country,date,confidence,"
                "sources,mentions,evidence\n";
      }
      const std::vector<std::string> fields = {
          absl::StrCat(record.sequence()),
          e.feed_event_id(),
          absl::StrCat(e.revision()),
          type,
          Names(e.source()),
          Countries(e.source()),
          Names(e.target()),
          Countries(e.target()),
          place,
          e.location().country(),
          e.date(),
          quote ? std::string() : absl::StrCat(e.confidence()),
          absl::StrCat(e.source_count()),
          absl::StrCat(e.mention_count()),
          Evidence(e)};
      std::vector<std::string> quoted;
      for (const std::string& f : fields) quoted.push_back(CsvField(f));
      out_ << absl::StrJoin(quoted, ",") << "\n";
      break;
    }
  }
  header_done_ = true;
}

int TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  int columns = 0;
  if (const char* env = std::getenv("COLUMNS");
      env != nullptr && absl::SimpleAtoi(env, &columns) && columns > 0) {
    return columns;
  }
  return 120;
}

}  // namespace eventwire::cli
