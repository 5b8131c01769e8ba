#include "tuanthu/date.hpp"

#include <cstdio>
#include <ctime>

#include "tuanthu/text.hpp"

namespace tuanthu {

namespace {
// Howard Hinnant's days_from_civil / civil_from_days.
long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// A fixed-width field of digits (no sign) within [min, max].
bool parse_field(std::string_view s, int min, int max, int& out) {
  const auto v = text::parse_int(s, min, max);
  if (v) out = static_cast<int>(*v);
  return v.has_value();
}
}  // namespace

long Date::days() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Date Date::from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool Date::valid(int y, int m, int d) {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= days_in_month(y, m);
}

std::optional<Date> Date::parse_iso(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y, m, d;
  if (!parse_field(t.substr(0, 4), 1900, 2999, y) || !parse_field(t.substr(5, 2), 1, 12, m) ||
      !parse_field(t.substr(8, 2), 1, 31, d) || !valid(y, m, d))
    return std::nullopt;
  return Date{y, m, d};
}

Date Date::today() {
  // Local calendar day: the office's "today" (GCC 12 has no chrono time zones).
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Date::vi() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
  return buf;
}

std::optional<Period> Period::parse(std::string_view t) {
  Period p;
  if (t.size() < 4 || !parse_field(t.substr(0, 4), 1900, 2999, p.year)) return std::nullopt;
  if (t.size() == 4) return p;
  if (t[4] != '-') return std::nullopt;
  std::string_view rest = t.substr(5);
  if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'Q')) {
    if (!parse_field(rest.substr(1), 1, rest[0] == 'H' ? 2 : 4, p.index)) return std::nullopt;
    p.frequency = rest[0] == 'H' ? Frequency::Semiannual : Frequency::Quarterly;
    return p;
  }
  if (rest.size() == 2 && parse_field(rest, 1, 12, p.index)) {
    p.frequency = Frequency::Monthly;
    return p;
  }
  return std::nullopt;
}

std::string Period::str() const {
  char buf[16];
  switch (frequency) {
    case Frequency::Annual:
      std::snprintf(buf, sizeof buf, "%04d", year);
      break;
    case Frequency::Semiannual:
      std::snprintf(buf, sizeof buf, "%04d-H%d", year, index);
      break;
    case Frequency::Quarterly:
      std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index);
      break;
    case Frequency::Monthly:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, index);
      break;
  }
  return buf;
}

namespace {
std::pair<int, int> month_span(const Period& p) {
  switch (p.frequency) {
    case Frequency::Annual:
      return {1, 12};
    case Frequency::Semiannual:
      return {(p.index - 1) * 6 + 1, p.index * 6};
    case Frequency::Quarterly:
      return {(p.index - 1) * 3 + 1, p.index * 3};
    case Frequency::Monthly:
      return {p.index, p.index};
  }
  return {1, 12};
}
}  // namespace

Date Period::first_day() const {
  return Date{year, month_span(*this).first, 1};
}

Date Period::last_day() const {
  const int m = month_span(*this).second;
  const Date next = m == 12 ? Date{year + 1, 1, 1} : Date{year, m + 1, 1};
  return next.plus_days(-1);
}

}  // namespace tuanthu
