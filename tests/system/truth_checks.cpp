#include "tests/system/truth_checks.hpp"

#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

namespace streamline::system_tests {
namespace {

constexpr std::size_t kShown = 8;

// "" when equal; else what is missing, extra or different (first few of each).
template <typename Key, typename Value, typename Describe>
std::string map_difference(const std::map<Key, Value>& expected, const std::map<Key, Value>& actual,
                           Describe describe_value, const std::function<std::string(const Key&)>& describe_key) {
  std::vector<std::string> missing, extra, different;
  for (const auto& [key, value] : expected) {
    const auto it = actual.find(key);
    if (it == actual.end())
      missing.push_back(describe_key(key) + " " + describe_value(value));
    else if (!(it->second == value))
      different.push_back(describe_key(key) + "\n      expected " + describe_value(value) + "\n      actual   " +
                          describe_value(it->second));
  }
  for (const auto& [key, value] : actual)
    if (!expected.contains(key)) extra.push_back(describe_key(key) + " " + describe_value(value));
  if (missing.empty() && extra.empty() && different.empty()) return "";
  std::ostringstream out;
  auto list = [&](const char* what, const std::vector<std::string>& items) {
    if (items.empty()) return;
    out << "  " << items.size() << " " << what << ":\n";
    for (std::size_t i = 0; i < items.size() && i < kShown; ++i) out << "    " << items[i] << "\n";
  };
  list("missing", missing);
  list("unexpected", extra);
  list("different", different);
  return out.str();
}

template <typename Key>
std::string set_difference(const std::set<Key>& expected, const std::set<Key>& actual,
                           const std::function<std::string(const Key&)>& describe_key) {
  std::map<Key, int> e, a;
  for (const auto& k : expected) e[k] = 0;
  for (const auto& k : actual) a[k] = 0;
  return map_difference(e, a, [](int) { return std::string(); }, describe_key);
}

std::string same(const std::string& s) { return s; }

std::string position_text(const SourcePosition& p) {
  return "orders[" + std::to_string(p.first) + "]@" + std::to_string(p.second);
}

std::string alert_text(const FraudAlert& a) {
  return a.event_id + " (order " + a.order_id + ", " + a.decision + ", score " +
         (a.score ? std::to_string(*a.score) : std::string("null")) + ")";
}

// What redis-cache keeps of an order (hash format): the fields the state and
// the cache must agree on.
struct CachedState {
  std::string status;
  std::string sequence;
  std::string last_event_id;
  bool operator==(const CachedState&) const = default;
};

std::string cached_text(const CachedState& c) {
  return "{" + c.status + "/" + c.sequence + ", last " + c.last_event_id + "}";
}

}  // namespace

std::string describe(const Expectation& expected, std::size_t events) {
  std::ostringstream out;
  out << events << " events: " << expected.event_ids.size() << " unique valid, " << expected.duplicates
      << " duplicates, " << expected.dead_letters.size() << " malformed (";
  bool first = true;
  for (const auto& [kind, n] : expected.dead_letters_by_kind) {
    out << (first ? "" : ", ") << kind << " " << n;
    first = false;
  }
  out << "), " << expected.states.size() << " orders";
  return out.str();
}

void expect_pipeline_matches_truth(OrdersPipeline& world, const Expectation& expected, int attempts,
                                   const RedisExpectation& redis_expectation) {
  OrdersDatabase& db = world.database();

  // order_events: exactly the unique valid events, each once (the primary key
  // makes "once" structural; the set makes "exactly those").
  const auto ids = db.event_ids();
  EXPECT_EQ(ids.size(), expected.event_ids.size());
  EXPECT_EQ(set_difference<std::string>(expected.event_ids, ids, same), "") << "order_events vs the valid events";

  // order_states: each order as its last event left it, and no other order.
  const auto states = db.order_states();
  EXPECT_EQ(states.size(), expected.states.size());
  const std::string states_difference = map_difference<std::string, OrderState>(
      expected.states, states, [](const OrderState& s) { return to_string(s); }, same);
  EXPECT_EQ(states_difference, "") << "order_states vs the state computed from the stream";

  // processing_errors: one row per malformed event, keyed by its origin,
  // with the stage and the reason its truth implies.
  const auto stored = db.dead_letters();
  std::map<SourcePosition, DeadLetter> letters;
  std::vector<std::string> wrong_attempts;
  for (const auto& d : stored) {
    EXPECT_TRUE(letters.emplace(d.origin, d.letter).second) << "two processing_errors rows for " << position_text(d.origin);
    if (attempts == kAttemptsNotCompared ? d.attempts < 1 : d.attempts != attempts)
      wrong_attempts.push_back(position_text(d.origin) + " attempts " + std::to_string(d.attempts));
  }
  EXPECT_EQ(stored.size(), expected.dead_letters.size());
  const std::string letters_difference = map_difference<SourcePosition, DeadLetter>(
      expected.dead_letters, letters, [](const DeadLetter& d) { return to_string(d); }, position_text);
  EXPECT_EQ(letters_difference, "") << "processing_errors vs the malformed events";
  EXPECT_TRUE(wrong_attempts.empty()) << wrong_attempts.size() << " rows without attempts "
                                      << (attempts == kAttemptsNotCompared ? ">= 1" : "= " + std::to_string(attempts))
                                      << ", first: " << (wrong_attempts.empty() ? "" : wrong_attempts.front());

  // fraud_alerts: exactly the stored events held for review or blocked.
  const auto alerts = db.fraud_alerts();
  const auto flagged = db.alerts_from_events();
  EXPECT_GT(flagged.size(), 0u) << "no event was flagged: the fraud stage did not run?";
  std::map<std::string, FraudAlert> alerts_by_id, flagged_by_id;
  for (const auto& a : alerts) alerts_by_id.emplace(a.event_id, a);
  for (const auto& a : flagged) flagged_by_id.emplace(a.event_id, a);
  const std::string alerts_difference =
      map_difference<std::string, FraudAlert>(flagged_by_id, alerts_by_id, alert_text, same);
  EXPECT_EQ(alerts_difference, "") << "fraud_alerts vs order_events held for review or blocked";

  // Redis: each cached order as order_states has it, no other order.
  RedisClient redis = world.redis();
  std::map<std::string, CachedState> cached;
  for (const auto& [key, fields] : redis.hashes(kOrderKeyPrefix)) {
    auto field = [&](const char* name) {
      const auto it = fields.find(name);
      return it == fields.end() ? std::string("<absent>") : it->second;
    };
    cached[key.substr(std::string(kOrderKeyPrefix).size())] = {field("status"), field("sequence"), field("last_event_id")};
  }
  std::map<std::string, CachedState> expected_cache;
  for (const auto& [order_id, s] : states)
    expected_cache[order_id] = {s.status, std::to_string(s.sequence), s.last_event_id};
  if (!redis_expectation.restarted_empty_at_us) {
    EXPECT_EQ(cached.size(), expected_cache.size());
    const std::string cache_difference =
        map_difference<std::string, CachedState>(expected_cache, cached, cached_text, same);
    EXPECT_EQ(cache_difference, "") << "Redis order:<id> hashes vs order_states";
    return;
  }
  // Redis came back empty: what it holds must be right, and every order
  // stored since it went down must be there.
  const auto last_processed = db.last_event_processed_us();
  std::map<std::string, CachedState> must_have;
  std::map<std::string, CachedState> held;  // the cached orders' expected states
  for (const auto& [order_id, state] : expected_cache) {
    const auto it = last_processed.find(order_id);
    if (it != last_processed.end() && it->second >= *redis_expectation.restarted_empty_at_us)
      must_have[order_id] = state;
    if (cached.contains(order_id)) held[order_id] = state;
  }
  std::map<std::string, CachedState> cached_must_have;
  for (const auto& [order_id, c] : cached)
    if (must_have.contains(order_id)) cached_must_have[order_id] = c;
  EXPECT_GT(must_have.size(), 0u) << "no order was stored after Redis went down: the outage was not mid-run";
  const std::string must_have_difference =
      map_difference<std::string, CachedState>(must_have, cached_must_have, cached_text, same);
  EXPECT_EQ(must_have_difference, "") << "Redis vs order_states for the " << must_have.size() << " orders stored since Redis went down";
  const std::string held_difference = map_difference<std::string, CachedState>(held, cached, cached_text, same);
  EXPECT_EQ(held_difference, "") << "Redis holds orders that are not in order_states, or a state that is not theirs";
  std::cout << "[ system ] Redis after its restart holds " << cached.size() << " of " << states.size()
            << " orders; " << must_have.size() << " were stored after it went down, all of which must be there\n";
}

}  // namespace streamline::system_tests
