#pragma once
// The "enrichment" object the enrich stage adds to an order event, built
// from the generator's reference data (reference_data.hpp: the same users
// and products scripts/schema.sql loads into PostgreSQL) instead of a
// database. The training tool and the model's quality test enrich generated
// orders with it, so the model learns from what it will be served.
//
//   {"status": "complete" | "partial",
//    "user": {"user_id", "name", "email", "country", "tier", "signup_date"} | null,
//    "products": [{"product_id", "name", "category", "price"}, ...],  // distinct, in item order
//    "missing": ["user:user-99999", "product:prod-9999"]}

#include <cstdint>

#include <streamline/json.hpp>

namespace streamline::plugins::fraud::training {

// Users 1..users and products 1..products exist (OrderStreamOptions).
streamline::Json reference_enrichment(const streamline::Json& event, std::uint64_t users, std::uint64_t products);

// The user's tier as scripts/schema.sql assigns it:
// ['standard', 'standard', 'standard', 'silver', 'gold'][(i * 13) % 5].
const char* user_tier(std::uint64_t user) noexcept;

}  // namespace streamline::plugins::fraud::training
