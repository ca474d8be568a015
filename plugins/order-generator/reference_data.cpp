#include "reference_data.hpp"

#include <array>
#include <cstdio>

#include "timestamp.hpp"

namespace streamline::orders {
namespace {

// The arrays of scripts/schema.sql, 0-based here (SQL arrays are 1-based).
constexpr std::array<const char*, 10> kCountries{"US", "DE", "GB", "FR", "NL", "ES", "IT", "PL", "SE", "BR"};
constexpr std::array<const char*, 8> kCategories{"electronics", "books",  "clothing", "home",
                                                 "toys",        "sports", "beauty",   "grocery"};

std::string padded(const char* prefix, std::uint64_t number, int width) {
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%s%0*llu", prefix, width, static_cast<unsigned long long>(number));
  return text.data();
}

}  // namespace

std::string user_id(std::uint64_t user) { return padded("user-", user, 5); }
std::string product_id(std::uint64_t product) { return padded("prod-", product, 4); }

const char* user_country(std::uint64_t user) { return kCountries[(user * 7) % kCountries.size()]; }

std::int64_t user_signup_day(std::uint64_t user) {
  return days_from_civil(2020, 1, 1) + static_cast<std::int64_t>((user * 37) % 1800);
}

const char* product_category(std::uint64_t product) { return kCategories[(product * 3) % kCategories.size()]; }

std::int64_t product_price_cents(std::uint64_t product) {
  return 500 + static_cast<std::int64_t>((product * 7919) % 49500);
}

}  // namespace streamline::orders
