#pragma once
// What an event refers to, and the `enrichment` object built from what the
// lookups found (the contract with the stages after enrich):
//
//   "enrichment": {
//     "status":   "complete" | "partial",
//     "user":     {user_id, name, email, country, tier, signup_date} | null,
//     "products": [{product_id, name, category, price}, ...],   distinct, in item order
//     "missing":  ["user:user-99999", "product:prod-9999"]       what was not found
//   }
//
// An event without a user_id has user null and nothing missing for it; one
// without items has no products. Pure functions, no I/O.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::plugins::enrich {

enum class RecordKind { kUser, kProduct };

// "user" / "product": the prefix in `missing` and in the Redis keys.
const char* to_string(RecordKind kind) noexcept;

struct References {
  std::optional<std::string> user_id;     // top-level "user_id" when it is a non-empty string
  std::vector<std::string> product_ids;   // data.items[].product_id strings, distinct, in item order
};

References references_of(const Json& event);

// A user or product record, shared read-only by the caches and the batches
// that found it: a batch takes it without a copy, and only the events get
// their own (their documents own their values).
using Record = std::shared_ptr<const Json>;

// Found records by id; an id absent from the map was not found.
using Records = std::unordered_map<std::string, Record>;

Json enrichment_of(const References& references, const Records& users, const Records& products);

// True when the enrichment lists something missing.
bool is_partial(const Json& enrichment);

}  // namespace streamline::plugins::enrich
