// OrderStream: reproducible order traffic and the truth about it.

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "plugins/order-generator/order_stream.hpp"
#include "plugins/order-generator/reference_data.hpp"
#include "plugins/order-generator/timestamp.hpp"

namespace streamline::orders {
namespace {

using Json = nlohmann::json;

std::vector<GeneratedEvent> take(OrderStream& stream, std::size_t n) {
  std::vector<GeneratedEvent> events;
  events.reserve(n);
  for (std::size_t i = 0; i < n; ++i) events.push_back(stream.next());
  return events;
}

std::vector<GeneratedEvent> generate(std::uint64_t seed, std::size_t n, OrderStreamOptions options = {}) {
  OrderStream stream(seed, options);
  return take(stream, n);
}

// 1-based number of "user-00042" / "prod-0007".
std::uint64_t number_of(const std::string& id) { return std::stoull(id.substr(id.find('-') + 1)); }

// The 50,000 events of seed 42 with default options, made once.
const std::vector<GeneratedEvent>& fifty_thousand() {
  static const std::vector<GeneratedEvent> events = generate(42, 50'000);
  return events;
}

TEST(OrderStream, SameSeedGivesAByteIdenticalStream) {
  const auto a = generate(7, 20'000);
  const auto b = generate(7, 20'000);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].payload, b[i].payload) << "event " << i;
    ASSERT_EQ(a[i].key, b[i].key) << "event " << i;
    ASSERT_EQ(a[i].truth.kind, b[i].truth.kind) << "event " << i;
    ASSERT_EQ(a[i].truth.is_fraud, b[i].truth.is_fraud) << "event " << i;
    ASSERT_EQ(a[i].truth.malformation, b[i].truth.malformation) << "event " << i;
  }
}

TEST(OrderStream, DifferentSeedsGiveDifferentStreams) {
  const auto a = generate(7, 1000);
  const auto b = generate(8, 1000);
  std::set<std::string> event_ids;
  std::set<std::string> order_ids;
  for (const auto& e : a) {
    event_ids.insert(e.event_id);
    order_ids.insert(e.order_id);
  }
  std::size_t same_payloads = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    EXPECT_EQ(event_ids.count(b[i].event_id), 0u) << b[i].event_id;
    EXPECT_EQ(order_ids.count(b[i].order_id), 0u) << b[i].order_id;
    same_payloads += a[i].payload == b[i].payload ? 1 : 0;
  }
  EXPECT_EQ(same_payloads, 0u);
}

TEST(OrderStream, SequencesCountFromZeroAndKeysAreOrderIds) {
  OrderStream stream(3);
  for (std::uint64_t i = 0; i < 500; ++i) {
    const GeneratedEvent e = stream.next();
    EXPECT_EQ(e.sequence, i);
    EXPECT_EQ(e.key, e.order_id);
    EXPECT_EQ(stream.emitted(), i + 1);
  }
}

TEST(OrderStream, FirstEventIsCreatedAtTheStartTime) {
  OrderStreamOptions options;
  options.start_time_ms = *parse_timestamp("2024-06-01T12:00:00Z");
  const auto events = generate(1, 1, options);
  const Json doc = Json::parse(events[0].payload);
  EXPECT_EQ(doc["event_type"], "ORDER_CREATED");
  EXPECT_EQ(doc["timestamp"], "2024-06-01T12:00:00.000Z");
}

TEST(OrderStream, ValidEventsCarryEveryFieldOfTheOriginalFormat) {
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind != EventKind::kValid) continue;
    const Json doc = Json::parse(e.payload);
    ASSERT_EQ(doc["event_id"], e.event_id);
    ASSERT_EQ(doc["event_type"], to_string(e.truth.event_type));
    ASSERT_EQ(doc["order_id"], e.order_id);
    ASSERT_EQ(doc["user_id"], e.user_id);
    ASSERT_EQ(doc["timestamp"], format_timestamp(e.timestamp_ms));
    ASSERT_TRUE(doc["data"].is_object());
    if (e.truth.event_type != EventType::kCreated) continue;
    const Json& data = doc["data"];
    ASSERT_TRUE(data["items"].is_array());
    ASSERT_FALSE(data["items"].empty());
    std::int64_t total_cents = 0;
    for (const auto& item : data["items"]) {
      ASSERT_TRUE(item["product_id"].is_string());
      ASSERT_TRUE(item["quantity"].is_number_integer());
      ASSERT_TRUE(item["price"].is_number());
      total_cents += std::llround(item["price"].get<double>() * 100) * item["quantity"].get<std::int64_t>();
    }
    ASSERT_EQ(std::llround(data["total_amount"].get<double>() * 100), total_cents) << e.payload;
    ASSERT_EQ(data["currency"], "USD");
    ASSERT_TRUE(data["shipping_address"]["country"].is_string());
    ASSERT_TRUE(data["payment_method"].is_string());
    ASSERT_TRUE(data["ip_country"].is_string());
  }
}

TEST(OrderStream, EachOrderFollowsAValidLifecycle) {
  // Allowed next steps from each state.
  const std::map<std::string, std::set<std::string>> next = {
      {"", {"ORDER_CREATED"}},
      {"ORDER_CREATED", {"ORDER_PAID", "ORDER_CANCELLED"}},
      {"ORDER_PAID", {"ORDER_SHIPPED", "ORDER_CANCELLED"}},
      {"ORDER_SHIPPED", {"ORDER_DELIVERED"}},
      {"ORDER_DELIVERED", {}},
      {"ORDER_CANCELLED", {}},
  };
  std::map<std::string, std::string> state;
  std::map<std::string, std::int64_t> last_time;
  std::map<std::string, std::string> user_of;
  std::set<std::string> malformed_orders;
  std::size_t lifecycle_events = 0;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind == EventKind::kMalformed) {
      malformed_orders.insert(e.order_id);
      continue;
    }
    if (e.truth.kind != EventKind::kValid) continue;
    const std::string type = to_string(e.truth.event_type);
    const std::string& current = state[e.order_id];
    ASSERT_TRUE(next.at(current).count(type)) << e.order_id << ": " << type << " after '" << current << "'";
    if (!current.empty()) {
      ++lifecycle_events;
      ASSERT_GT(e.timestamp_ms, last_time[e.order_id]) << e.order_id;
      ASSERT_EQ(e.user_id, user_of[e.order_id]) << e.order_id;
    }
    state[e.order_id] = type;
    last_time[e.order_id] = e.timestamp_ms;
    user_of[e.order_id] = e.user_id;
  }
  for (const auto& order : malformed_orders) EXPECT_EQ(state.count(order), 0u) << order;
  EXPECT_GT(lifecycle_events, 30'000u);
}

TEST(OrderStream, TimestampsOfFreshEventsNeverGoBack) {
  std::int64_t previous = 0;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind == EventKind::kDuplicate) continue;  // a re-send keeps its original time
    ASSERT_GT(e.timestamp_ms, previous) << e.sequence;
    previous = e.timestamp_ms;
  }
}

TEST(OrderStream, DuplicatesAreExactResendsOfEarlierValidEvents) {
  const auto& events = fifty_thousand();
  std::size_t duplicates = 0;
  for (const auto& e : events) {
    if (e.truth.kind != EventKind::kDuplicate) continue;
    ++duplicates;
    ASSERT_LT(e.truth.duplicate_of, e.sequence);
    const GeneratedEvent& original = events[e.truth.duplicate_of];
    EXPECT_EQ(original.truth.kind, EventKind::kValid);
    EXPECT_EQ(e.payload, original.payload);
    EXPECT_EQ(e.key, original.key);
    EXPECT_EQ(e.event_id, original.event_id);
    EXPECT_EQ(e.truth.is_fraud, original.truth.is_fraud);
  }
  EXPECT_GT(duplicates, 0u);
}

TEST(OrderStream, EventIdsAreUniqueExceptForDuplicates) {
  std::set<std::string> ids;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind == EventKind::kDuplicate) continue;
    EXPECT_TRUE(ids.insert(e.event_id).second) << e.event_id;
    ASSERT_EQ(e.event_id.size(), 36u);
    EXPECT_EQ(e.event_id[14], '4');  // uuid version 4
  }
}

// The stream of seed 42 is fixed: these are its exact counts, and they sit
// near the configured shares (duplicates 2%, malformed 1% of events; fraud
// 3% of new orders).
TEST(OrderStream, SharesMatchTheOptionsOverFiftyThousandEvents) {
  std::map<EventKind, std::size_t> kinds;
  std::size_t created = 0;
  std::size_t fraud_orders = 0;
  for (const auto& e : fifty_thousand()) {
    ++kinds[e.truth.kind];
    if (e.truth.kind == EventKind::kValid && e.truth.event_type == EventType::kCreated) {
      ++created;
      fraud_orders += e.truth.is_fraud ? 1 : 0;
    }
  }
  EXPECT_EQ(kinds[EventKind::kDuplicate], 956u);
  EXPECT_EQ(kinds[EventKind::kMalformed], 461u);
  EXPECT_EQ(kinds[EventKind::kValid], 48583u);
  EXPECT_EQ(created, 12795u);
  EXPECT_EQ(fraud_orders, 335u);

  EXPECT_NEAR(kinds[EventKind::kDuplicate] / 50'000.0, 0.02, 0.002);
  EXPECT_NEAR(kinds[EventKind::kMalformed] / 50'000.0, 0.01, 0.0015);
  EXPECT_NEAR(static_cast<double>(fraud_orders) / static_cast<double>(created), 0.03, 0.006);
}

TEST(OrderStream, ZeroRatiosGiveOnlyValidEvents) {
  OrderStreamOptions options;
  options.duplicate_ratio = 0;
  options.malformed_ratio = 0;
  options.fraud_ratio = 0;
  for (const auto& e : generate(5, 5000, options)) {
    EXPECT_EQ(e.truth.kind, EventKind::kValid);
    EXPECT_FALSE(e.truth.is_fraud);
  }
}

TEST(OrderStream, EveryMalformationKindIsPresentAndReallyBroken) {
  std::map<Malformation, std::size_t> counts;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind != EventKind::kMalformed) continue;
    ++counts[e.truth.malformation];
    EXPECT_FALSE(e.truth.is_fraud);
    EXPECT_FALSE(e.truth.detail.empty());
    if (e.truth.malformation == Malformation::kBadJson) {
      EXPECT_FALSE(Json::accept(e.payload)) << e.payload;
      continue;
    }
    const Json doc = Json::parse(e.payload);
    switch (e.truth.malformation) {
      case Malformation::kMissingField: {
        const std::string field = e.truth.detail.substr(std::string("missing field ").size());
        if (field.rfind("data.", 0) == 0)
          EXPECT_FALSE(doc["data"].contains(field.substr(5))) << e.payload;
        else
          EXPECT_FALSE(doc.contains(field)) << e.payload;
        break;
      }
      case Malformation::kWrongType: {
        const bool wrong = doc["data"]["total_amount"].is_string() || !doc["data"]["items"].is_array() ||
                           doc["data"]["items"][0]["quantity"].is_string() ||
                           doc["data"]["items"][0]["price"].is_string() || doc["timestamp"].is_number();
        EXPECT_TRUE(wrong) << e.payload;
        break;
      }
      case Malformation::kUnknownUser:
        EXPECT_GT(number_of(doc["user_id"]), 10'000u) << e.payload;
        EXPECT_EQ(e.truth.detail, "unknown user " + doc["user_id"].get<std::string>());
        break;
      case Malformation::kUnknownProduct: {
        bool unknown = false;
        for (const auto& item : doc["data"]["items"]) unknown = unknown || number_of(item["product_id"]) > 1000;
        EXPECT_TRUE(unknown) << e.payload;
        break;
      }
      default:
        ADD_FAILURE() << "malformed event without a malformation kind";
    }
  }
  for (auto kind : {Malformation::kBadJson, Malformation::kMissingField, Malformation::kWrongType,
                    Malformation::kUnknownUser, Malformation::kUnknownProduct})
    EXPECT_GE(counts[kind], 50u) << to_string(kind);
  EXPECT_EQ(counts.count(Malformation::kNone), 0u);
}

TEST(OrderStream, LabelsNeverAppearInPayloads) {
  for (const auto& e : fifty_thousand()) {
    ASSERT_EQ(e.payload.find("fraud"), std::string::npos) << e.payload;
    ASSERT_EQ(e.payload.find("malformed"), std::string::npos) << e.payload;
    ASSERT_EQ(e.payload.find("duplicate"), std::string::npos) << e.payload;
  }
}

TEST(OrderStream, IdsStayInTheConfiguredRangesWithReferencePrices) {
  OrderStreamOptions options;
  options.users = 50;
  options.products = 20;
  options.malformed_ratio = 0;
  for (const auto& e : generate(11, 5000, options)) {
    const Json doc = Json::parse(e.payload);
    const std::uint64_t user = number_of(doc["user_id"]);
    ASSERT_GE(user, 1u);
    ASSERT_LE(user, 50u);
    if (doc["event_type"] != "ORDER_CREATED") continue;
    for (const auto& item : doc["data"]["items"]) {
      const std::uint64_t product = number_of(item["product_id"]);
      ASSERT_GE(product, 1u);
      ASSERT_LE(product, 20u);
      EXPECT_EQ(std::llround(item["price"].get<double>() * 100), product_price_cents(product));
    }
  }
}

TEST(OrderStream, DefaultIdsMatchTheSchemaReferenceData) {
  std::set<std::uint64_t> users;
  std::set<std::uint64_t> products;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind != EventKind::kValid || e.truth.event_type != EventType::kCreated) continue;
    const Json doc = Json::parse(e.payload);
    users.insert(number_of(doc["user_id"]));
    EXPECT_EQ(doc["user_id"].get<std::string>().size(), std::string("user-00042").size());
    for (const auto& item : doc["data"]["items"]) {
      products.insert(number_of(item["product_id"]));
      EXPECT_EQ(item["product_id"].get<std::string>().size(), std::string("prod-0007").size());
    }
  }
  EXPECT_GE(*users.begin(), 1u);
  EXPECT_LE(*users.rbegin(), 10'000u);
  EXPECT_GE(*products.begin(), 1u);
  EXPECT_LE(*products.rbegin(), 1000u);
  EXPECT_GT(users.size(), 5000u);
  EXPECT_GT(products.size(), 900u);
}

TEST(OrderStream, ReferenceDataFollowsTheSchemaFormulas) {
  // Rows scripts/schema.sql inserts, computed by hand from its formulas.
  EXPECT_EQ(user_id(42), "user-00042");
  EXPECT_STREQ(user_country(1), "PL");   // 1 + (1*7) % 10 = 8th of US,DE,GB,FR,NL,ES,IT,PL,...
  EXPECT_STREQ(user_country(10), "US");  // 1 + 70 % 10 = 1st
  EXPECT_EQ(format_timestamp(user_signup_day(1) * kMillisPerDay), "2020-02-07T00:00:00.000Z");  // + 37 days
  EXPECT_EQ(product_id(7), "prod-0007");
  EXPECT_STREQ(product_category(8), "electronics");  // 1 + 24 % 8 = 1st
  EXPECT_STREQ(product_category(1), "home");         // 1 + 3 % 8 = 4th
  EXPECT_EQ(product_price_cents(1), 500 + 7919);     // 5 + 7919 / 100 = 84.19
  EXPECT_EQ(product_price_cents(7), 500 + (7 * 7919) % 49500);
}

// What makes each planted pattern recognisable from the event and the
// reference data alone.
TEST(OrderStream, FraudPatternsAreVisibleInTheEvents) {
  std::map<FraudPattern, std::size_t> orders;
  std::vector<std::string> created_users;  // user of each new valid order, in stream order
  std::int64_t largest_normal_total = 0;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind != EventKind::kValid || e.truth.event_type != EventType::kCreated) continue;
    const Json doc = Json::parse(e.payload);
    const Json& data = doc["data"];
    const std::int64_t total = std::llround(data["total_amount"].get<double>() * 100);
    const std::uint64_t user = number_of(doc["user_id"]);
    const std::string home = user_country(user);
    const std::string shipping = data["shipping_address"]["country"];
    const std::string ip = data["ip_country"];
    created_users.push_back(e.user_id);
    ++orders[e.truth.fraud_pattern];
    switch (e.truth.fraud_pattern) {
      case FraudPattern::kNone:
        largest_normal_total = std::max(largest_normal_total, total);
        EXPECT_TRUE(shipping == home || ip == home) << e.payload;
        break;
      case FraudPattern::kHighAmount:
        EXPECT_GE(total, 800000) << e.payload;
        break;
      case FraudPattern::kCountryMismatch:
        EXPECT_NE(shipping, home);
        EXPECT_NE(ip, home);
        EXPECT_NE(ip, shipping);
        break;
      case FraudPattern::kNewAccount: {
        const std::int64_t age_days = e.timestamp_ms / kMillisPerDay - user_signup_day(user);
        EXPECT_LE(age_days, 45) << e.payload;
        for (const auto& item : data["items"]) {
          EXPECT_STREQ(product_category(number_of(item["product_id"])), "electronics");
          EXPECT_GE(item["price"].get<double>(), 250.0);
        }
        break;
      }
      case FraudPattern::kVelocity: {
        // The user placed at least 5 of the last 10 new orders... or will: look
        // at a window around this order.
        const auto n = created_users.size();
        const auto from = n >= 8 ? n - 8 : 0;
        const auto same = std::count(created_users.begin() + static_cast<std::ptrdiff_t>(from), created_users.end(),
                                     e.user_id);
        EXPECT_GE(same, 1);
        break;
      }
    }
  }
  EXPECT_LT(largest_normal_total, 600000);
  for (auto pattern : {FraudPattern::kHighAmount, FraudPattern::kVelocity, FraudPattern::kCountryMismatch,
                       FraudPattern::kNewAccount})
    EXPECT_GE(orders[pattern], 40u) << to_string(pattern);
}

TEST(OrderStream, VelocityBurstsAreFiveToEightConsecutiveNewOrdersOfOneUser) {
  std::vector<const GeneratedEvent*> created;
  for (const auto& e : fifty_thousand())
    if (e.truth.kind == EventKind::kValid && e.truth.event_type == EventType::kCreated) created.push_back(&e);
  std::size_t bursts = 0;
  for (std::size_t i = 0; i < created.size();) {
    if (created[i]->truth.fraud_pattern != FraudPattern::kVelocity) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < created.size() && created[j]->truth.fraud_pattern == FraudPattern::kVelocity &&
           created[j]->user_id == created[i]->user_id)
      ++j;
    EXPECT_GE(j - i, 5u) << created[i]->user_id;
    EXPECT_LE(j - i, 8u) << created[i]->user_id;
    EXPECT_LT(created[j - 1]->timestamp_ms - created[i]->timestamp_ms, 10 * 60 * 1000) << created[i]->user_id;
    ++bursts;
    i = j;
  }
  EXPECT_GT(bursts, 5u);
}

TEST(OrderStream, FraudLabelFollowsTheWholeOrder) {
  std::map<std::string, bool> fraud_of;
  for (const auto& e : fifty_thousand()) {
    if (e.truth.kind == EventKind::kMalformed) continue;
    auto [it, inserted] = fraud_of.emplace(e.order_id, e.truth.is_fraud);
    if (!inserted) {
      EXPECT_EQ(it->second, e.truth.is_fraud) << e.order_id;
    }
  }
}

}  // namespace
}  // namespace streamline::orders
