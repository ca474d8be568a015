#pragma once
// The acceptance checks of the orders pipeline: what PostgreSQL and Redis
// hold after a run, against the expectation computed from the stream's
// truth (support/orders_truth.hpp). Each check reports the first few
// differences and how many there are, not 50,000 rows.

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "tests/system/support/orders_pipeline.hpp"
#include "tests/system/support/orders_truth.hpp"

namespace streamline::system_tests {

// What Redis must hold after the run.
struct RedisExpectation {
  // Set when Redis lost its data (restarted without persistence) during the
  // run at this wall time (epoch microseconds): only orders whose last event
  // was stored at or after it must be cached; any cached order must still
  // match order_states. Unset: every order, exactly.
  std::optional<std::int64_t> restarted_empty_at_us;
};

// `attempts` that checks only that every processing_errors row has at least
// one: after a crash the events since the last commit are read again, and a
// failure recorded before the crash counts a second attempt, or not,
// depending on the moment of the crash.
inline constexpr int kAttemptsNotCompared = 0;

// Checks order_events, order_states, processing_errors (every row with
// `attempts`, or kAttemptsNotCompared), fraud_alerts and Redis against `expected`.
void expect_pipeline_matches_truth(OrdersPipeline& world, const Expectation& expected, int attempts,
                                   const RedisExpectation& redis = {});

// "n valid, n duplicates, malformed bad_json n, ..." for the test's output.
std::string describe(const Expectation& expected, std::size_t events);

}  // namespace streamline::system_tests
