#include "eventwire/feed_filter.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"

namespace eventwire {
namespace {

std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipEmpty())) {
    std::string value(absl::StripAsciiWhitespace(item));
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

bool Mentions(const google::protobuf::RepeatedPtrField<v1::Actor>& actors,
              const std::string& folded_part) {
  for (const v1::Actor& a : actors) {
    if (absl::AsciiStrToLower(a.name()).find(folded_part) !=
            std::string::npos ||
        absl::AsciiStrToLower(a.canonical_key()) == folded_part) {
      return true;
    }
  }
  return false;
}

bool HasCountry(const v1::FeedEvent& e, const std::string& code) {
  for (const auto* side : {&e.source(), &e.target()}) {
    for (const v1::Actor& a : *side) {
      if (a.country() == code) return true;
    }
  }
  return e.has_location() && e.location().country() == code;
}

// What a word search looks through: the parties, the place, the trigger and
// every mention's evidence sentence and outlet, folded.
std::string SearchText(const v1::FeedEvent& e) {
  std::string text = absl::StrCat(v1::Event::Type_Name(e.type()), " ",
                                  e.trigger(), " ", e.location().name());
  for (const auto* side : {&e.source(), &e.target()}) {
    for (const v1::Actor& a : *side) absl::StrAppend(&text, " ", a.name());
  }
  for (const v1::FeedMention& m : e.mentions()) {
    absl::StrAppend(&text, " ", m.evidence_text(), " ", m.outlet());
  }
  return absl::AsciiStrToLower(text);
}

}  // namespace

absl::StatusOr<FeedFilter> FeedFilter::Create(const FeedFilterFlags& flags) {
  FeedFilter f;
  for (const std::string& name : SplitList(flags.types)) {
    if (absl::AsciiStrToUpper(name) == "QUOTE") {
      f.quotes_ = true;
      continue;
    }
    v1::Event::Type type;
    if (!v1::Event::Type_Parse(absl::AsciiStrToUpper(name), &type) ||
        type == v1::Event::TYPE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--type: '", name,
          "' is not a PLOVER type (AGREE, CONSULT, SUPPORT, COOPERATE, AID, "
          "CONCEDE, RETREAT, REQUEST, ACCUSE, REJECT, THREATEN, PROTEST, "
          "SANCTION, MOBILIZE, COERCE, ASSAULT) nor QUOTE"));
    }
    f.types_.insert(type);
  }
  for (const std::string& code : SplitList(flags.countries)) {
    f.countries_.push_back(absl::AsciiStrToUpper(code));
  }
  for (const std::string& part : SplitList(flags.actors)) {
    f.actors_.push_back(absl::AsciiStrToLower(part));
  }
  for (const auto& [name, value, day_out] :
       {std::tuple{"--since", &flags.since, &f.since_},
        std::tuple{"--until", &flags.until, &f.until_}}) {
    if (value->empty()) continue;
    const auto day = ParseIsoDate(*value);
    if (!day || day->day == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, " takes an ISO day (2025-03-01), not '", *value, "'"));
    }
    *day_out = FormatIsoDate(*day);  // a time given with it counts its day
  }
  if (flags.min_confidence < 0 || flags.min_confidence > 1) {
    return absl::InvalidArgumentError("--min_confidence is between 0 and 1");
  }
  f.min_confidence_ = flags.min_confidence;
  f.background_ = flags.background;
  f.labels_ = SplitList(flags.labels);
  for (absl::string_view word : absl::StrSplit(
           flags.text, absl::ByAnyChar(" \t\n,"), absl::SkipEmpty())) {
    f.words_.push_back(absl::AsciiStrToLower(word));
  }
  return f;
}

bool FeedFilter::Matches(const v1::FeedRecord& record) const {
  if (!record.has_quote()) return Matches(record.event());
  const v1::FeedQuote& q = record.quote();
  if (!types_.empty() && !quotes_) return false;
  if (!labels_.empty()) return false;  // quotes carry no labels
  if (!countries_.empty() &&
      std::find(countries_.begin(), countries_.end(), q.speaker().country()) ==
          countries_.end()) {
    return false;
  }
  if (!actors_.empty() &&
      std::none_of(actors_.begin(), actors_.end(), [&](const std::string& a) {
        return absl::AsciiStrToLower(q.speaker().name()).find(a) !=
               std::string::npos;
      })) {
    return false;
  }
  if (!words_.empty() && !HasWords(absl::AsciiStrToLower(absl::StrCat(
                             q.text(), " ", q.speaker().name())))) {
    return false;
  }
  return WithinDates(q.date());
}

bool FeedFilter::WithinDates(const std::string& date) const {
  if (since_.empty() && until_.empty()) return true;
  // A date filter leaves out what is not dated; a month or a year is in
  // when any of its days is.
  const auto parsed = ParseIsoDate(date);
  if (!parsed) return false;
  const auto [first, last] = DaysCovered(*parsed);
  if (!since_.empty() && FormatIsoDate(last) < since_) return false;
  if (!until_.empty() && FormatIsoDate(first) > until_) return false;
  return true;
}

bool FeedFilter::Matches(const v1::FeedEvent& e) const {
  if (e.background() && !background_) return false;
  if ((!types_.empty() || quotes_) && !types_.count(e.type())) return false;
  if (e.confidence() < min_confidence_) return false;
  if (!countries_.empty() &&
      std::none_of(countries_.begin(), countries_.end(),
                   [&](const std::string& c) { return HasCountry(e, c); })) {
    return false;
  }
  if (!actors_.empty() &&
      std::none_of(actors_.begin(), actors_.end(), [&](const std::string& a) {
        return Mentions(e.source(), a) || Mentions(e.target(), a);
      })) {
    return false;
  }
  if (!labels_.empty() &&
      std::none_of(labels_.begin(), labels_.end(), [&](const std::string& l) {
        return std::find(e.labels().begin(), e.labels().end(), l) !=
               e.labels().end();
      })) {
    return false;
  }
  if (!words_.empty() && !HasWords(SearchText(e))) return false;
  return WithinDates(e.date());
}

bool FeedFilter::HasWords(const std::string& folded) const {
  for (const std::string& w : words_) {
    if (folded.find(w) == std::string::npos) return false;
  }
  return true;
}

}  // namespace eventwire
