// Calendar dates as news text writes them, and their ISO forms.
#ifndef EVENTWIRE_DATES_H_
#define EVENTWIRE_DATES_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace eventwire {

// A date known to the day, the month (day == 0) or the year (month == 0).
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
  bool operator==(const CivilDate&) const = default;
};

// "2025-02-21", "2025-02-21T10:00:00Z", "2025-02", "2025".
std::optional<CivilDate> ParseIsoDate(std::string_view s);
// YYYY-MM-DD, YYYY-MM or YYYY by precision.
std::string FormatIsoDate(const CivilDate& d);
// "january", "jan", "jan.", "sept" -> 1..12; 0 when not a month.
int MonthFromName(std::string_view word);
// "monday", "mon" -> 0..6; -1 when not a weekday.
int WeekdayFromName(std::string_view word);
// 0 = Monday .. 6 = Sunday, for a day-precise date.
int WeekdayOf(const CivilDate& d);
CivilDate AddDays(const CivilDate& d, int days);
// The first and the last day a date covers: a month's or a year's first and
// last, or the day itself.
std::pair<CivilDate, CivilDate> DaysCovered(const CivilDate& d);
// The first date written in `s`: "February 18, 2025", "18 February 2025",
// "Feb. 18 2025", "2025-02-18", "18/02/2025" is not guessed (ambiguous).
std::optional<CivilDate> FindDateInText(std::string_view s);
bool IsValidDay(int year, int month, int day);

}  // namespace eventwire

#endif  // EVENTWIRE_DATES_H_
