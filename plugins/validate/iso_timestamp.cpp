#include "iso_timestamp.hpp"

#include <cstddef>

namespace streamline::plugins::validate {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// `count` digits at `pos` as a number; false when they are not all digits.
bool read_number(std::string_view text, std::size_t pos, std::size_t count, int& out) noexcept {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return false;
    value = value * 10 + (text[i] - '0');
  }
  out = value;
  return true;
}

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

}  // namespace

bool is_iso8601_timestamp(std::string_view s) noexcept {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !read_number(s, 5, 2, month) ||
      s[7] != '-' || !read_number(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') || !read_number(s, 11, 2, hour) ||
      s[13] != ':' || !read_number(s, 14, 2, minute) || s[16] != ':' || !read_number(s, 17, 2, second))
    return false;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 59)
    return false;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
    if (pos == start || pos - start > 9) return false;
  }
  if (pos == s.size()) return false;  // no zone
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int zone_hours = 0, zone_minutes = 0;
  return pos + 6 == s.size() && read_number(s, pos + 1, 2, zone_hours) && s[pos + 3] == ':' &&
         read_number(s, pos + 4, 2, zone_minutes) && zone_hours <= 23 && zone_minutes <= 59;
}

}  // namespace streamline::plugins::validate
