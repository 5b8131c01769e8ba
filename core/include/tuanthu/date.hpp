#pragma once
// Civil dates and reporting periods. Dates are proleptic Gregorian, no time zone:
// administrative deadlines are calendar days.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "tuanthu/enum_names.hpp"

namespace tuanthu {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  /// Days since 1970-01-01 (negative before).
  long days() const;
  static Date from_days(long days);
  /// Parses strict ISO `YYYY-MM-DD`; nullopt when malformed or not a real day.
  static std::optional<Date> parse_iso(std::string_view text);
  static Date today();
  static bool valid(int y, int m, int d);
  /// Days in month `m` (1–12) of year `y`: 28–31.
  static int days_in_month(int y, int m);
  std::string iso() const;
  /// `dd/mm/yyyy`, the form Vietnamese documents use.
  std::string vi() const;
  Date plus_days(long n) const { return from_days(days() + n); }
  auto operator<=>(const Date&) const = default;
};

enum class Frequency { Annual, Semiannual, Quarterly, Monthly };
template <>
struct EnumTable<Frequency> {
  static constexpr EnumName<Frequency> names[] = {{Frequency::Annual, "annual", "hằng năm"},
                                                  {Frequency::Semiannual, "semiannual", "6 tháng"},
                                                  {Frequency::Quarterly, "quarterly", "hằng quý"},
                                                  {Frequency::Monthly, "monthly", "hằng tháng"}};
};

/// A reporting period: `2025`, `2025-H1`, `2025-Q3` or `2025-07`.
struct Period {
  Frequency frequency = Frequency::Annual;
  int year = 0;
  int index = 0;  ///< 1-based half, quarter or month; 0 for annual
  static std::optional<Period> parse(std::string_view text);
  std::string str() const;
  Date first_day() const;
  Date last_day() const;
  bool operator==(const Period&) const = default;
};

}  // namespace tuanthu
