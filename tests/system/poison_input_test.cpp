// Poison input (issue 7): the orders pipeline (pipelines/orders.yaml) fed
// valid events with one of each kind of poison among them, byte for byte as
// a producer could send it. Each poison event becomes exactly one
// processing_errors row with its exact stage and reason; every valid event is
// stored once; a string that looks like SQL is stored or dead-lettered
// verbatim and never executed; the engine drains and exits 0.
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"
#include "tests/system/support/raw_kafka.hpp"

namespace streamline::system_tests {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;

constexpr const char* kDropTable = "'); DROP TABLE order_events; --";
constexpr const char* kDeleteUsers = "x'; DELETE FROM users; --";
constexpr std::size_t kHugeBytes = 2'000'000;  // over orders.yaml's max_event_bytes (1 MiB)

struct Poison {
  std::string kind;  // for the printed summary
  std::string payload;
  std::string stage;  // expected processing_errors row
  std::string error;
  std::string stored_payload;  // raw_payload as stored
  std::optional<std::string> event_id;
};

// pg-dead-letter's form of a payload that is not UTF-8 text: bytea's hex.
std::string hex_escaped(const std::string& bytes) {
  std::string out = "\\x";
  char digits[3];
  for (const unsigned char b : bytes) {
    std::snprintf(digits, sizeof digits, "%02x", b);
    out += digits;
  }
  return out;
}

std::string parser_message(const std::string& text) {
  try {
    return Json::parse(text).dump();  // parsed: no reason
  } catch (const Json::exception& e) {
    return e.what();
  }
}

// The poison, each made from a valid ORDER_CREATED of the stream (known user
// and products) given an id of its own, so nothing but the poison is wrong.
std::vector<Poison> make_poison(const Json& created) {
  int n = 0;
  auto order = [&](const std::string& kind) {
    Json doc = created;
    doc["event_id"] = "poison-" + kind;
    doc["order_id"] = "poison-order-" + std::to_string(++n);
    return doc;
  };
  // A poison event that is JSON with an event_id: stored as sent, id kept.
  auto with_id = [](const std::string& kind, const std::string& payload, const std::string& stage,
                    const std::string& error, const std::string& id) {
    return Poison{kind, payload, stage, error, payload, id};
  };
  std::vector<Poison> poison;

  {  // invalid UTF-8 in a string: the row keeps the bytes hex-escaped
    Json doc = order("utf8");
    doc["user_id"] = "USER@@";
    std::string text = doc.dump();
    text.replace(text.find("USER@@"), 6, "user-\xFF\xFE");
    poison.push_back({"invalid UTF-8", text, "validate",
                      "payload is not valid UTF-8: byte 0xff at offset " + std::to_string(text.find('\xFF')) +
                          " (raw payload is not valid UTF-8 text: stored hex-escaped)",
                      hex_escaped(text), std::nullopt});
  }
  {  // not JSON: cut in the middle
    const std::string text = order("cut").dump().substr(0, 60);
    poison.push_back({"invalid JSON", text, "validate", "payload is not valid JSON: " + parser_message(text), text,
                      std::nullopt});
  }
  poison.push_back({"JSON array", "[1, 2, 3]", "validate", "payload is not a JSON object", "[1, 2, 3]", std::nullopt});
  {  // the wrong shape: items an object
    Json doc = order("shape");
    doc["data"]["items"] = Json::object({{"product_id", "prod-0001"}});
    poison.push_back(with_id("wrong shape", doc.dump(), "validate", "field 'data.items' is an object, expected array",
                             "poison-shape"));
  }
  {  // huge: well-formed, but over the limit
    Json doc = order("huge");
    doc["padding"] = "";
    const std::size_t base = doc.dump().size();
    doc["padding"] = std::string(kHugeBytes - base, 'x');
    const std::string text = doc.dump();
    poison.push_back(with_id("huge (" + std::to_string(text.size()) + " bytes)", text, "validate",
                              "event of " + std::to_string(text.size()) +
                                  " bytes is over the limit of 1048576 bytes (max_event_bytes)",
                             "poison-huge"));
  }
  {  // a number no double holds
    std::string text = order("amount").dump();
    const std::size_t at = text.find("\"total_amount\":") + 15;
    text.replace(at, text.find_first_of(",}", at) - at, "1e400");
    poison.push_back({"amount 1e400", text, "validate",
                      "payload has a number out of range: [json.exception.out_of_range.406] number overflow parsing "
                      "'1e400'",
                      text, std::nullopt});
  }
  {  // a quantity no 64-bit integer holds (2^70)
    std::string text = order("quantity").dump();
    const std::size_t at = text.find("\"quantity\":") + 11;
    text.replace(at, text.find_first_of(",}", at) - at, "1180591620717411303424");
    poison.push_back(with_id("quantity 2^70", text, "validate",
                              "field 'data.items.0.quantity' is 1.1805916207174113e+21, out of the 64-bit integer range",
                             "poison-quantity"));
  }
  {
    Json doc = order("negative");
    doc["data"]["items"][0]["quantity"] = -3;
    poison.push_back(with_id("negative quantity", doc.dump(), "validate",
                              "field 'data.items.0.quantity' is -3, below the minimum 1",
                             "poison-negative"));
  }
  {
    Json doc = order("type");
    doc["event_type"] = "ORDER_REFUNDED";
    poison.push_back(with_id("unknown event type", doc.dump(), "validate",
                              "field 'event_type' is 'ORDER_REFUNDED', expected one of ORDER_CREATED, ORDER_PAID, "
                              "ORDER_SHIPPED, ORDER_DELIVERED, ORDER_CANCELLED",
                             "poison-type"));
  }
  {  // NUL characters: PostgreSQL stores them neither in text nor in jsonb
    Json doc = order("nul");
    doc["user_id"] = std::string("user-\0-1", 8);
    poison.push_back(with_id("NUL character", doc.dump(), "validate",
                              "payload holds a NUL character (\\u0000) in 'user_id'",
                             "poison-nul"));
  }
  {  // SQL in the user id: an unknown user, looked up and recorded verbatim
    Json doc = order("sql-user");
    doc["user_id"] = kDropTable;
    poison.push_back(with_id("SQL in user_id", doc.dump(), "unknown-refs",
                              std::string("unknown reference: user:") + kDropTable,
                             "poison-sql-user"));
  }
  {
    Json doc = order("sql-product");
    doc["data"]["items"][0]["product_id"] = kDeleteUsers;
    poison.push_back(with_id("SQL in product_id", doc.dump(), "unknown-refs",
                              std::string("unknown reference: product:") + kDeleteUsers,
                             "poison-sql-product"));
  }
  return poison;
}

std::string kinds_of(const std::vector<Poison>& poison) {
  std::string out;
  for (const Poison& p : poison) out += (out.empty() ? "" : ", ") + p.kind;
  return out;
}

TEST(PoisonInputSystem, EachPoisonEventIsOneDeadLetterWithItsReasonAndValidEventsAreStoredOnce) {
  OrdersPipeline world(SystemStack::from_environment(), "poison_input", 7);
  orders::OrderStreamOptions options;
  options.duplicate_ratio = 0;
  options.malformed_ratio = 0;
  const auto events = generate_events(20250607, options, 200);

  const orders::GeneratedEvent* first_created = nullptr;
  for (const auto& e : events)
    if (e.truth.event_type == orders::EventType::kCreated && first_created == nullptr) first_created = &e;
  ASSERT_NE(first_created, nullptr);
  const Json created = Json::parse(first_created->payload);
  const std::vector<Poison> poison = make_poison(created);

  // A valid order whose event id looks like SQL: stored, verbatim.
  Json sql_order = created;
  const std::string sql_event_id = std::string("evt-") + kDropTable;
  sql_order["event_id"] = sql_event_id;
  sql_order["order_id"] = "order-sql-looking";

  // Valid events with a poison event after every 16th, the SQL-looking order last.
  std::vector<RawMessage> messages;
  std::vector<int> poison_at;  // message index of each poison event
  std::vector<int> valid_at;   // message index of each generated event
  std::size_t next_poison = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    valid_at.push_back(static_cast<int>(messages.size()));
    messages.push_back({events[i].key, events[i].payload});
    if (i % 16 == 15 && next_poison < poison.size()) {
      poison_at.push_back(static_cast<int>(messages.size()));
      messages.push_back({"poison-" + std::to_string(next_poison), poison[next_poison].payload});
      ++next_poison;
    }
  }
  ASSERT_EQ(next_poison, poison.size());
  messages.push_back({"order-sql-looking", sql_order.dump()});

  const auto deliveries = produce_raw(world.stack().kafka_brokers, kOrdersTopic, messages);
  std::vector<Delivery> valid_deliveries;
  for (int at : valid_at) valid_deliveries.push_back(deliveries[at]);
  const Expectation expected = expect_from_truth(events, valid_deliveries);
  ASSERT_TRUE(expected.dead_letters.empty()) << "the valid part of the stream has malformed events";

  const std::string log = world.run_until_drained(world.group(), "run", world.end_offsets(), 180s);
  EXPECT_NE(log.find("pipeline drained: "), std::string::npos) << tail(log);

  // Exactly one row per poison event, at its origin, with its stage and reason.
  std::map<SourcePosition, StoredDeadLetter> rows;
  const auto letters = world.database().dead_letters();
  for (const auto& letter : letters) rows.emplace(letter.origin, letter);
  EXPECT_EQ(letters.size(), poison.size());
  EXPECT_EQ(rows.size(), letters.size()) << "two rows for one origin";
  for (std::size_t k = 0; k < poison.size(); ++k) {
    const Poison& p = poison[k];
    const Delivery& d = deliveries[poison_at[k]];
    const auto row = rows.find({d.partition, d.offset});
    if (row == rows.end()) {
      ADD_FAILURE() << p.kind << ": no processing_errors row at " << d.partition << ":" << d.offset;
      continue;
    }
    EXPECT_EQ(row->second.letter.stage, p.stage) << p.kind;
    EXPECT_EQ(row->second.letter.error, p.error) << p.kind;
    EXPECT_TRUE(row->second.letter.raw_payload == p.stored_payload)
        << p.kind << ": raw_payload of " << row->second.letter.raw_payload.size() << " bytes, expected "
        << p.stored_payload.size() << ": " << row->second.letter.raw_payload.substr(0, 200);
    EXPECT_EQ(row->second.letter.event_id, p.event_id) << p.kind;
    EXPECT_EQ(row->second.attempts, 1) << p.kind;
  }

  // Every valid event stored once (event_id is the key), the SQL-looking one
  // verbatim; the orders in the state their events left them.
  std::set<std::string> expected_ids = expected.event_ids;
  expected_ids.insert(sql_event_id);
  const std::set<std::string> stored = world.database().event_ids();
  EXPECT_EQ(stored, expected_ids);
  EXPECT_EQ(world.database().count("order_events"), static_cast<std::int64_t>(expected_ids.size()));
  const auto states = world.database().order_states();
  for (const auto& [order_id, state] : expected.states) {
    const auto it = states.find(order_id);
    if (it == states.end()) ADD_FAILURE() << "no order_states row for " << order_id;
    else EXPECT_EQ(to_string(it->second), to_string(state)) << order_id;
  }
  EXPECT_EQ(states.count("order-sql-looking"), 1u);
  // The tables the SQL-looking strings name are all there, untouched.
  EXPECT_EQ(world.database().count("users"), 10000);
  EXPECT_EQ(world.database().scalar("SELECT count(*) FROM order_events WHERE event_id = 'evt-''); DROP TABLE "
                                    "order_events; --'"),
            "1");

  std::cout << "[ system ] injected " << poison.size() << " poison events (" << kinds_of(poison)
            << "): " << letters.size() << " dead-letter rows, " << stored.size()
            << " valid events stored (one with an SQL-looking event_id)\n";
}

}  // namespace
}  // namespace streamline::system_tests
