#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "eventwire/dates.h"
#include "eventwire/text.h"
#include "eventwire/utf8.h"
#include "ner_features.h"
#include "tag_context.h"

namespace eventwire::tag {
namespace {

// A clock time at word k ("08:35", "10 a.m.", "3pm", "noon", "midnight"):
// adds its span and returns where it ends, or 0.
int MatchClockTime(TagContext& c, int k) {
  const int n = c.n;
  const auto& words = c.words;
  const v1::Document& doc = c.doc;
  auto& spans = c.spans;
  auto& covered = c.covered;
  const std::string& w = words[k].norm;
  const bool hour =
      !w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), ::isdigit);
  // "08" ":" "35" (the tokenizer splits at the colon).
  const bool clock = hour && k + 2 < n && words[k + 1].surface == ":" &&
                     words[k + 2].norm.size() == 2 &&
                     std::all_of(words[k + 2].norm.begin(),
                                 words[k + 2].norm.end(), ::isdigit) &&
                     doc.tokens(k + 1).begin() == doc.tokens(k).end();
  const auto meridiem = [&](int j) {
    return j < n && (words[j].norm == "a m" || words[j].norm == "p m" ||
                     words[j].norm == "am" || words[j].norm == "pm");
  };
  const bool glued =
      w.size() >= 3 && w.size() <= 4 &&
      (w.substr(w.size() - 2) == "am" || w.substr(w.size() - 2) == "pm") &&
      std::isdigit(static_cast<unsigned char>(w[0]));
  if (clock || (hour && meridiem(k + 1)) || glued || w == "noon" ||
      w == "midnight") {
    int end = clock ? k + 3 : k + 1;
    if ((clock || hour) && meridiem(end)) end += 1;
    if (clock || glued || end > k + 1 || w == "noon" || w == "midnight") {
      // The value: 24-hour HH:MM.
      int hh = -1, mm = 0;
      if (w == "noon") hh = 12;
      if (w == "midnight") hh = 0;
      if (hour || glued) hh = std::atoi(w.c_str());
      if (clock) mm = std::atoi(words[k + 2].norm.c_str());
      const std::string& last = words[end - 1].norm;
      const bool pm = last == "p m" || last == "pm" ||
                      (glued && w.substr(w.size() - 2) == "pm");
      const bool am = last == "a m" || last == "am" ||
                      (glued && w.substr(w.size() - 2) == "am");
      if (pm && hh >= 1 && hh < 12) hh += 12;
      if (am && hh == 12) hh = 0;
      std::string value;
      if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
        value = absl::StrFormat("%02d:%02d", hh, mm);
      }
      spans.push_back({k, end, v1::Entity::TIME, "", "", value});
      for (int t = k; t < end; ++t) covered[t] = true;
      return end;
    }
  }
  return 0;
}

}  // namespace

// Dates and times: "18 February 2025", "February 18", weekdays, relative
// days, clock times. Needs words, spans and the publication date; adds
// spans.
void FindDates(TagContext& c) {
  const int n = c.n;
  const auto& words = c.words;
  const v1::Document& doc = c.doc;
  auto& spans = c.spans;
  // Dates: "18 February 2025", "February 18", weekdays, relative days.
  std::optional<CivilDate> published;
  if (auto d = ParseIsoDate(doc.metadata().published_at()); d && d->day) {
    published = d;
  }
  c.covered.assign(n, false);
  auto& covered = c.covered;
  for (const Span& s : spans) {
    for (int k = s.first; k < s.end; ++k) covered[k] = true;
  }
  const auto is_year = [&](int k) { return IsYearAt(c, k); };
  const auto day_of = [&](int k) { return DayAt(c, k); };
  for (int k = 0; k < n; ++k) {
    if (covered[k]) continue;
    int month = words[k].cap ? MonthFromName(words[k].norm) : 0;
    if (month && words[k].norm == "may" &&
        !(day_of(k + 1) || day_of(k - 1) || is_year(k + 1))) {
      month = 0;
    }
    if (month) {
      int first = k, end = k + 1;
      CivilDate d{0, month, 0};
      if (k > 0 && day_of(k - 1) && !covered[k - 1]) {
        d.day = day_of(k - 1);
        first = k - 1;
      } else if (day_of(k + 1)) {
        d.day = day_of(k + 1);
        end = k + 2;
      }
      int y = end;
      if (y < n && words[y].surface == ",") ++y;
      if (is_year(y)) {
        d.year = std::stoi(words[y].norm);
        end = y + 1;
      } else if (published) {
        d.year = published->year;
        // "December" read in January is last year's.
        if (month > published->month + 1) --d.year;
      }
      if (d.day && d.year && !IsValidDay(d.year, d.month, d.day)) d.day = 0;
      Span s{first, end, v1::Entity::DATE,
             "",    "",  d.year ? FormatIsoDate(d) : ""};
      spans.push_back(s);
      for (int c = first; c < end; ++c) covered[c] = true;
      k = end - 1;
      continue;
    }
    int weekday = words[k].cap ? WeekdayFromName(words[k].norm) : -1;
    if (weekday >= 0 && words[k].norm.size() > 3) {
      std::string value;
      if (published) {
        // The most recent such day before the publication date; "on
        // Friday" in a Friday article is that day.
        int back = (WeekdayOf(*published) - weekday + 7) % 7;
        value = FormatIsoDate(AddDays(*published, -back));
      }
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", value});
      covered[k] = true;
      continue;
    }
    const std::string& w = words[k].norm;
    if (int end = MatchClockTime(c, k)) {
      k = end - 1;
      continue;
    }
    if (w == "yesterday" || w == "today" || w == "tomorrow") {
      std::string value;
      if (published) {
        value = FormatIsoDate(AddDays(*published, w == "yesterday" ? -1
                                                  : w == "today"   ? 0
                                                                   : 1));
      }
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", value});
      covered[k] = true;
      continue;
    }
    if (is_year(k) && k > 0 &&
        (words[k - 1].norm == "in" || words[k - 1].norm == "since" ||
         words[k - 1].norm == "of" || words[k - 1].norm == "until")) {
      spans.push_back({k, k + 1, v1::Entity::DATE, "", "", words[k].norm});
      covered[k] = true;
    }
  }
}

}  // namespace eventwire::tag
