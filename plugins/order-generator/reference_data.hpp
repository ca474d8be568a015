#pragma once
// The users and products the generator orders with: the same formulas as
// the reference rows scripts/schema.sql inserts, so every valid event's
// user and products exist in PostgreSQL, with the country, signup date,
// category and price that enrichment will find there.
//
//   user i    (1-based): user-00042, country from a fixed list by (i*7) % 10,
//                        signup 2020-01-01 + (i*37) % 1800 days
//   product i (1-based): prod-0007, category by (i*3) % 8,
//                        price 5.00 + ((i*7919) % 49500) / 100
// Keep the two in step: a change here needs the same change there.

#include <cstdint>
#include <string>

namespace streamline::orders {

std::string user_id(std::uint64_t user);        // "user-00042"
std::string product_id(std::uint64_t product);  // "prod-0007"

const char* user_country(std::uint64_t user);  // ISO 3166 alpha-2, e.g. "DE"
std::int64_t user_signup_day(std::uint64_t user);  // days since 1970-01-01

const char* product_category(std::uint64_t product);  // e.g. "electronics"
std::int64_t product_price_cents(std::uint64_t product);

}  // namespace streamline::orders
