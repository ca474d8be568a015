#include <streamline/resilience/circuit_breaker.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace streamline {
namespace {

using std::chrono::milliseconds;
using State = CircuitBreaker::State;

// A clock the test moves by hand.
class ManualClock {
 public:
  CircuitBreaker::Now source() {
    return [this] { return now_.load(); };
  }
  void advance(milliseconds by) { now_.store(now_.load() + by); }

 private:
  std::atomic<CircuitBreaker::TimePoint> now_{CircuitBreaker::TimePoint{} + std::chrono::hours(1)};
};

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest() {
    breaker.on_state_change([this](State from, State to) {
      transitions.push_back(std::string(to_string(from)) + "->" + to_string(to));
    });
  }
  void fail(int times) {
    for (int i = 0; i < times; ++i) breaker.record_failure();
  }

  ManualClock clock;
  CircuitBreaker breaker{{.failure_threshold = 3, .open_duration = milliseconds(1000), .half_open_max_calls = 2},
                         clock.source()};
  std::vector<std::string> transitions;
};

TEST_F(CircuitBreakerTest, StartsClosedAndAllowsCalls) {
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(transitions.empty());
}

TEST_F(CircuitBreakerTest, OpensAfterThresholdConsecutiveFailures) {
  fail(2);
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 2);
  fail(1);
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_FALSE(breaker.allow());
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed->open"}));
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheFailureCount) {
  fail(2);
  breaker.record_success();
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  fail(2);
  EXPECT_EQ(breaker.state(), State::kClosed);
  fail(1);
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST_F(CircuitBreakerTest, StaysOpenForOpenDurationThenHalfOpens) {
  fail(3);
  clock.advance(milliseconds(999));
  EXPECT_EQ(breaker.state(), State::kOpen);
  EXPECT_FALSE(breaker.allow());
  clock.advance(milliseconds(1));
  EXPECT_EQ(breaker.state(), State::kHalfOpen);  // reads as half-open before any call
  EXPECT_TRUE(breaker.allow());
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed->open", "open->half_open"}));
}

TEST_F(CircuitBreakerTest, HalfOpenLetsOnlyTheConfiguredTrialCallsThrough) {
  fail(3);
  clock.advance(milliseconds(1000));
  EXPECT_TRUE(breaker.allow());
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.allow());
  EXPECT_EQ(breaker.state(), State::kHalfOpen);
}

TEST_F(CircuitBreakerTest, ATrialSuccessCloses) {
  fail(3);
  clock.advance(milliseconds(1000));
  ASSERT_TRUE(breaker.allow());
  breaker.record_success();
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_TRUE(breaker.allow());
  EXPECT_EQ(breaker.consecutive_failures(), 0);
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed->open", "open->half_open", "half_open->closed"}));
}

TEST_F(CircuitBreakerTest, ATrialFailureReopensForAnotherFullDuration) {
  fail(3);
  clock.advance(milliseconds(1000));
  ASSERT_TRUE(breaker.allow());
  clock.advance(milliseconds(500));
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kOpen);
  clock.advance(milliseconds(999));
  EXPECT_FALSE(breaker.allow());
  clock.advance(milliseconds(1));
  EXPECT_TRUE(breaker.allow());
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed->open", "open->half_open", "half_open->open",
                                                   "open->half_open"}));
}

TEST_F(CircuitBreakerTest, ReportsWhileOpenChangeNothing) {
  fail(3);
  clock.advance(milliseconds(600));
  breaker.record_failure();   // a slow call allowed before it opened
  breaker.record_success();
  clock.advance(milliseconds(400));
  EXPECT_EQ(breaker.state(), State::kHalfOpen);
  EXPECT_EQ(transitions, (std::vector<std::string>{"closed->open"}));
}

TEST_F(CircuitBreakerTest, CallRecordsSuccessesAndFailures) {
  EXPECT_EQ(breaker.call([] { return 5; }), 5);
  for (int i = 0; i < 3; ++i) {
    EXPECT_THROW(breaker.call([]() -> int { throw std::runtime_error("down"); }), std::runtime_error);
  }
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST_F(CircuitBreakerTest, CallRefusesWithoutCallingWhenOpen) {
  fail(3);
  clock.advance(milliseconds(250));
  int calls = 0;
  try {
    breaker.call([&] { ++calls; });
    FAIL() << "call went through an open breaker";
  } catch (const CircuitOpenError& e) {
    EXPECT_EQ(e.retry_after(), milliseconds(750));
    EXPECT_STREQ(e.what(), "circuit breaker is open; calls are refused for another 750ms");
  }
  EXPECT_EQ(calls, 0);
}

TEST_F(CircuitBreakerTest, CallRefusesWhenTheTrialSlotsAreTaken) {
  fail(3);
  clock.advance(milliseconds(1000));
  ASSERT_TRUE(breaker.allow());
  ASSERT_TRUE(breaker.allow());
  try {
    breaker.call([] {});
    FAIL() << "call went through with every trial slot taken";
  } catch (const CircuitOpenError& e) {
    EXPECT_EQ(e.retry_after(), milliseconds(0));
    EXPECT_STREQ(e.what(), "circuit breaker is half-open; its trial calls are taken");
  }
}

TEST_F(CircuitBreakerTest, CallWithPredicateCountsOnlyChosenErrorsAsFailures) {
  const auto only_runtime_errors = [](const std::exception& e) {
    return dynamic_cast<const std::runtime_error*>(&e) != nullptr;
  };
  for (int i = 0; i < 5; ++i) {
    EXPECT_THROW(breaker.call([] { throw std::logic_error("caller's fault"); }, only_runtime_errors),
                 std::logic_error);
  }
  EXPECT_EQ(breaker.state(), State::kClosed);
  EXPECT_EQ(breaker.consecutive_failures(), 0);
}

TEST(CircuitOpenError, IsATransientError) {
  const CircuitOpenError error(milliseconds(10));
  const TransientError* as_transient = &error;
  EXPECT_STREQ(as_transient->what(), "circuit breaker is open; calls are refused for another 10ms");
}

TEST(CircuitBreaker, NonsensePolicyValuesAreRaisedToOne) {
  CircuitBreaker breaker({.failure_threshold = 0, .open_duration = milliseconds(-5), .half_open_max_calls = 0});
  EXPECT_EQ(breaker.policy().failure_threshold, 1);
  EXPECT_EQ(breaker.policy().half_open_max_calls, 1);
  EXPECT_EQ(breaker.policy().open_duration, milliseconds(0));
  breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kHalfOpen);  // open for zero time
  EXPECT_TRUE(breaker.allow());
  EXPECT_FALSE(breaker.allow());
}

TEST(CircuitBreaker, ConcurrentCallersCountEveryFailure) {
  CircuitBreaker breaker({.failure_threshold = 4000, .open_duration = milliseconds(60000)});
  std::vector<std::jthread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < 999; ++i) breaker.record_failure();
    });
  }
  callers.clear();  // joins
  EXPECT_EQ(breaker.consecutive_failures(), 3996);
  EXPECT_EQ(breaker.state(), State::kClosed);
  for (int i = 0; i < 4; ++i) breaker.record_failure();
  EXPECT_EQ(breaker.state(), State::kOpen);
}

}  // namespace
}  // namespace streamline
