#include "eventwire/dates.h"

#include <gtest/gtest.h>

namespace eventwire {
namespace {

TEST(Dates, ParsesIsoAtEveryPrecision) {
  EXPECT_EQ(ParseIsoDate("2025-02-21"), (CivilDate{2025, 2, 21}));
  EXPECT_EQ(ParseIsoDate("2025-02-21T10:00:00Z"), (CivilDate{2025, 2, 21}));
  EXPECT_EQ(ParseIsoDate("2025-02"), (CivilDate{2025, 2, 0}));
  EXPECT_EQ(ParseIsoDate("2025"), (CivilDate{2025, 0, 0}));
  EXPECT_FALSE(ParseIsoDate("2025-02-30"));
  EXPECT_FALSE(ParseIsoDate("20250221"));
  EXPECT_FALSE(ParseIsoDate("Feb 2025"));
}

TEST(Dates, Formats) {
  EXPECT_EQ(FormatIsoDate({2025, 2, 8}), "2025-02-08");
  EXPECT_EQ(FormatIsoDate({2025, 2, 0}), "2025-02");
  EXPECT_EQ(FormatIsoDate({2025, 0, 0}), "2025");
}

TEST(Dates, MonthAndWeekdayNames) {
  EXPECT_EQ(MonthFromName("February"), 2);
  EXPECT_EQ(MonthFromName("Sept."), 9);
  EXPECT_EQ(MonthFromName("dec"), 12);
  EXPECT_EQ(MonthFromName("mayor"), 0);
  EXPECT_EQ(WeekdayFromName("Thursday"), 3);
  EXPECT_EQ(WeekdayFromName("Sun"), 6);
  EXPECT_EQ(WeekdayFromName("sunday's"), -1);
}

TEST(Dates, DaysCoveredByEachPrecision) {
  using D = CivilDate;
  EXPECT_EQ(DaysCovered(D{2024, 2, 0}),
            std::make_pair(D{2024, 2, 1}, D{2024, 2, 29}));
  EXPECT_EQ(DaysCovered(D{2025, 12, 0}),
            std::make_pair(D{2025, 12, 1}, D{2025, 12, 31}));
  EXPECT_EQ(DaysCovered(D{2022, 0, 0}),
            std::make_pair(D{2022, 1, 1}, D{2022, 12, 31}));
  EXPECT_EQ(DaysCovered(D{2025, 3, 4}),
            std::make_pair(D{2025, 3, 4}, D{2025, 3, 4}));
}

TEST(Dates, Arithmetic) {
  EXPECT_EQ(WeekdayOf({2025, 2, 21}), 4);  // a Friday
  EXPECT_EQ(AddDays({2025, 3, 1}, -1), (CivilDate{2025, 2, 28}));
  EXPECT_EQ(AddDays({2024, 12, 31}, 1), (CivilDate{2025, 1, 1}));
}

TEST(Dates, FindsWrittenDates) {
  EXPECT_EQ(FindDateInText("KYIV, February 18, 2025 - talks"),
            (CivilDate{2025, 2, 18}));
  EXPECT_EQ(FindDateInText("Friday, 21 February 2025, 08:35"),
            (CivilDate{2025, 2, 21}));
  EXPECT_EQ(FindDateInText("updated 2024-11-05T10:00"),
            (CivilDate{2024, 11, 5}));
  EXPECT_FALSE(FindDateInText("no date in here, 12 of them"));
}

}  // namespace
}  // namespace eventwire
