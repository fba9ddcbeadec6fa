#include "eventwire/dates.h"

#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "eventwire/strings.h"

namespace eventwire {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

struct Word {
  std::string text;  // lower-cased, without a trailing '.' or ','
  size_t begin;
};

std::vector<Word> SplitWords(std::string_view s) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) {
      out.push_back({absl::AsciiStrToLower(Av(s.substr(b, i - b))), b});
    }
  }
  return out;
}

int DayNumber(const std::string& w) {
  // "18", "18th", "1st", "2nd", "3rd"
  size_t k = 0;
  while (k < w.size() && std::isdigit(static_cast<unsigned char>(w[k]))) ++k;
  if (k == 0 || k > 2) return 0;
  std::string_view suffix = std::string_view(w).substr(k);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" &&
      suffix != "th") {
    return 0;
  }
  int d = 0;
  if (!absl::SimpleAtoi(w.substr(0, k), &d)) return 0;
  return d >= 1 && d <= 31 ? d : 0;
}

int YearNumber(const std::string& w) {
  int y = 0;
  if (w.size() != 4 || !AllDigits(w) || !absl::SimpleAtoi(w, &y)) return 0;
  return y >= 1800 && y <= 2200 ? y : 0;
}

}  // namespace

bool IsValidDay(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  absl::CivilDay d(year, month, day);
  return d.year() == year && d.month() == month && d.day() == day;
}

std::optional<CivilDate> ParseIsoDate(std::string_view s) {
  s = Sv(absl::StripAsciiWhitespace(Av(s)));
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return std::nullopt;
  CivilDate d;
  if (!absl::SimpleAtoi(Av(s.substr(0, 4)), &d.year)) return std::nullopt;
  if (s.size() >= 7 && s[4] == '-' && AllDigits(s.substr(5, 2))) {
    if (!absl::SimpleAtoi(Av(s.substr(5, 2)), &d.month) || d.month < 1 ||
        d.month > 12) {
      return std::nullopt;
    }
    if (s.size() >= 10 && s[7] == '-' && AllDigits(s.substr(8, 2))) {
      if (!absl::SimpleAtoi(Av(s.substr(8, 2)), &d.day) ||
          !IsValidDay(d.year, d.month, d.day)) {
        return std::nullopt;
      }
      if (s.size() > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't') {
        return std::nullopt;
      }
    } else if (s.size() > 7) {
      return std::nullopt;
    }
  } else if (s.size() > 4) {
    return std::nullopt;
  }
  return d;
}

std::string FormatIsoDate(const CivilDate& d) {
  if (d.year == 0) return "";
  if (d.month == 0) return absl::StrFormat("%04d", d.year);
  if (d.day == 0) return absl::StrFormat("%04d-%02d", d.year, d.month);
  return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
}

int MonthFromName(std::string_view word) {
  static const char* kMonths[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  std::string w = absl::AsciiStrToLower(Av(word));
  while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    std::string_view name = kMonths[m];
    if (w == name) return m + 1;
    // Abbreviations: "jan", "feb", "sept".
    if ((w.size() == 3 || w == "sept") && name.substr(0, w.size()) == w) {
      return m + 1;
    }
  }
  return 0;
}

int WeekdayFromName(std::string_view word) {
  static const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  std::string w = absl::AsciiStrToLower(Av(word));
  while (!w.empty() && (w.back() == '.' || w.back() == ',')) w.pop_back();
  for (int d = 0; d < 7; ++d) {
    std::string_view name = kDays[d];
    if (w == name || (w.size() == 3 && name.substr(0, 3) == w)) return d;
  }
  return -1;
}

int WeekdayOf(const CivilDate& d) {
  absl::CivilDay day(d.year, d.month, d.day);
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::monday:
      return 0;
    case absl::Weekday::tuesday:
      return 1;
    case absl::Weekday::wednesday:
      return 2;
    case absl::Weekday::thursday:
      return 3;
    case absl::Weekday::friday:
      return 4;
    case absl::Weekday::saturday:
      return 5;
    case absl::Weekday::sunday:
      return 6;
  }
  return 0;
}

CivilDate AddDays(const CivilDate& d, int days) {
  absl::CivilDay day = absl::CivilDay(d.year, d.month, d.day) + days;
  return {static_cast<int>(day.year()), day.month(), day.day()};
}

std::pair<CivilDate, CivilDate> DaysCovered(const CivilDate& d) {
  if (d.month == 0) return {{d.year, 1, 1}, {d.year, 12, 31}};
  if (d.day == 0) {
    const absl::CivilDay last =
        absl::CivilDay(absl::CivilMonth(d.year, d.month) + 1) - 1;
    return {{d.year, d.month, 1}, {d.year, d.month, last.day()}};
  }
  return {d, d};
}

std::optional<CivilDate> FindDateInText(std::string_view s) {
  // ISO first: 2025-02-18.
  for (size_t i = 0; i + 10 <= s.size(); ++i) {
    if ((i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))) &&
        s[i + 4] == '-' && s[i + 7] == '-') {
      if (auto d = ParseIsoDate(s.substr(i, 10)); d && d->day != 0) {
        if (i + 10 == s.size() ||
            !std::isdigit(static_cast<unsigned char>(s[i + 10]))) {
          return d;
        }
      }
    }
  }
  std::vector<Word> words = SplitWords(s);
  for (size_t i = 0; i < words.size(); ++i) {
    int month = MonthFromName(words[i].text);
    if (month == 0) continue;
    // Month Day, Year
    if (i + 2 < words.size()) {
      int day = DayNumber(words[i + 1].text);
      int year = YearNumber(words[i + 2].text);
      if (day && year && IsValidDay(year, month, day)) {
        return CivilDate{year, month, day};
      }
    }
    // Day Month Year
    if (i >= 1 && i + 1 < words.size()) {
      int day = DayNumber(words[i - 1].text);
      int year = YearNumber(words[i + 1].text);
      if (day && year && IsValidDay(year, month, day)) {
        return CivilDate{year, month, day};
      }
    }
  }
  return std::nullopt;
}

}  // namespace eventwire
