#include <gtest/gtest.h>

#include "tuanthu/date.hpp"

using tuanthu::Date;
using tuanthu::Period;

TEST(Date, IsoRoundTripAndValidity) {
  EXPECT_EQ(Date::parse_iso("2025-11-05")->vi(), "05/11/2025");
  EXPECT_EQ(Date::parse_iso("2024-02-29")->iso(), "2024-02-29");
  EXPECT_FALSE(Date::parse_iso("2025-02-29"));
  EXPECT_FALSE(Date::parse_iso("2025-13-01"));
  EXPECT_FALSE(Date::parse_iso("05/11/2025"));
  EXPECT_FALSE(Date::parse_iso("2025-1-05"));
}

TEST(Date, DayArithmetic) {
  const Date d{2025, 11, 5};
  EXPECT_EQ(d.plus_days(3).iso(), "2025-11-08");
  EXPECT_EQ(Date({2025, 12, 31}).plus_days(1).iso(), "2026-01-01");
  EXPECT_EQ(Date({2024, 3, 1}).plus_days(-1).iso(), "2024-02-29");
  EXPECT_EQ(Date::from_days(d.days()), d);
}

TEST(Period, ParsesEveryFrequency) {
  struct Case {
    const char* text;
    tuanthu::Frequency f;
    const char* first;
    const char* last;
  } cases[] = {
      {"2025", tuanthu::Frequency::Annual, "2025-01-01", "2025-12-31"},
      {"2025-H1", tuanthu::Frequency::Semiannual, "2025-01-01", "2025-06-30"},
      {"2025-H2", tuanthu::Frequency::Semiannual, "2025-07-01", "2025-12-31"},
      {"2025-Q3", tuanthu::Frequency::Quarterly, "2025-07-01", "2025-09-30"},
      {"2024-02", tuanthu::Frequency::Monthly, "2024-02-01", "2024-02-29"},
  };
  for (const auto& c : cases) {
    auto p = Period::parse(c.text);
    ASSERT_TRUE(p) << c.text;
    EXPECT_EQ(p->frequency, c.f) << c.text;
    EXPECT_EQ(p->str(), c.text);
    EXPECT_EQ(p->first_day().iso(), c.first) << c.text;
    EXPECT_EQ(p->last_day().iso(), c.last) << c.text;
  }
  for (const char* bad : {"25", "2025-H3", "2025-Q0", "2025-13", "2025-", "năm 2025", "2025-7"})
    EXPECT_FALSE(Period::parse(bad)) << bad;
}
