#include <streamline/resilience/retry.hpp>

#include <chrono>
#include <atomic>
#include <future>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include <streamline/resilience/circuit_breaker.hpp>

namespace streamline {
namespace {

using std::chrono::milliseconds;

RetryPolicy quick(int attempts) {
  return {.max_attempts = attempts,
          .backoff = {.initial = milliseconds(1), .max = milliseconds(2), .multiplier = 2.0},
          .jitter_seed = 1};
}

TEST(Retry, ReturnsTheFirstSuccessAndCallsOnce) {
  int calls = 0;
  const auto value = retry([&] { ++calls; return std::string("ok"); }, quick(3));
  EXPECT_EQ(value, "ok");
  EXPECT_EQ(calls, 1);
}

TEST(Retry, RetriesTransientErrorsUntilOneSucceeds) {
  std::vector<int> attempts;
  const int value = retry(
      [&](int attempt) {
        attempts.push_back(attempt);
        if (attempt < 3) throw TransientError("busy " + std::to_string(attempt));
        return 42;
      },
      quick(5));
  EXPECT_EQ(value, 42);
  EXPECT_EQ(attempts, (std::vector<int>{1, 2, 3}));
}

TEST(Retry, RethrowsTheLastErrorWhenAttemptsAreUsedUp) {
  int calls = 0;
  try {
    retry([&] { ++calls; throw TransientError("busy " + std::to_string(calls)); }, quick(4));
    FAIL() << "retry returned";
  } catch (const TransientError& e) {
    EXPECT_STREQ(e.what(), "busy 4");
  }
  EXPECT_EQ(calls, 4);
}

TEST(Retry, ZeroOrNegativeAttemptsStillCallOnce) {
  int calls = 0;
  EXPECT_THROW(retry([&] { ++calls; throw TransientError("x"); }, quick(0)), TransientError);
  EXPECT_EQ(calls, 1);
}

TEST(Retry, NonRetryableErrorsPropagateAtOnce) {
  int calls = 0;
  EXPECT_THROW(retry([&] { ++calls; throw std::invalid_argument("bad"); }, quick(5)), std::invalid_argument);
  EXPECT_EQ(calls, 1);
}

TEST(Retry, ExceptionsNotDerivedFromStdExceptionPropagateAtOnce) {
  int calls = 0;
  EXPECT_THROW(retry([&] { ++calls; throw 7; }, quick(5)), int);
  EXPECT_EQ(calls, 1);
}

TEST(Retry, CircuitOpenErrorIsNotRetriedByDefault) {
  int calls = 0;
  EXPECT_THROW(retry([&] { ++calls; throw CircuitOpenError(milliseconds(500)); }, quick(5)), CircuitOpenError);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(is_transient(TransientError("x")));
  EXPECT_FALSE(is_transient(CircuitOpenError(milliseconds(1))));
  EXPECT_FALSE(is_transient(std::runtime_error("x")));
}

TEST(Retry, CustomPredicateChoosesWhatIsRetried) {
  int calls = 0;
  const auto retry_runtime_errors = [](const std::exception& e) {
    return dynamic_cast<const std::runtime_error*>(&e) != nullptr;
  };
  EXPECT_THROW(retry([&] { ++calls; throw std::runtime_error("io"); }, quick(3), {}, retry_runtime_errors),
               std::runtime_error);
  EXPECT_EQ(calls, 3);
}

TEST(Retry, VoidFunctionsWork) {
  int calls = 0;
  retry([&](int attempt) { ++calls; if (attempt == 1) throw TransientError("once"); }, quick(2));
  EXPECT_EQ(calls, 2);
}

TEST(Retry, StopRequestedBeforehandStillRunsTheFirstAttemptButNoRetry) {
  std::stop_source stop;
  stop.request_stop();
  int calls = 0;
  EXPECT_THROW(retry([&] { ++calls; throw TransientError("down"); }, quick(5), stop.get_token()),
               TransientError);
  EXPECT_EQ(calls, 1);
}

TEST(Retry, StopTokenEndsABackoffWaitAtOnce) {
  // A one-hour backoff: only the stop token can end the wait.
  const RetryPolicy hour{.max_attempts = 3,
                         .backoff = {.initial = milliseconds(3'600'000), .max = milliseconds(3'600'000),
                                     .multiplier = 1.0},
                         .jitter_seed = 5};
  std::stop_source stop;
  std::atomic<int> calls{0};
  std::promise<void> first_call;
  auto result = std::async(std::launch::async, [&] {
    try {
      retry([&] {
        if (calls.fetch_add(1) == 0) first_call.set_value();
        throw TransientError("down");
      }, hour, stop.get_token());
      return std::string("returned");
    } catch (const TransientError& e) {
      return std::string(e.what());
    }
  });
  first_call.get_future().wait();
  stop.request_stop();
  ASSERT_EQ(result.wait_for(std::chrono::seconds(30)), std::future_status::ready)
      << "the wait did not end on stop";
  EXPECT_EQ(result.get(), "down");
  EXPECT_EQ(calls.load(), 1);
}

TEST(InterruptibleSleep, ReturnsTrueWhenTheDelayElapsesAndFalseWhenStopped) {
  std::stop_source stop;
  EXPECT_TRUE(interruptible_sleep(milliseconds(1), stop.get_token()));
  EXPECT_TRUE(interruptible_sleep(milliseconds(0), stop.get_token()));
  stop.request_stop();
  EXPECT_FALSE(interruptible_sleep(milliseconds(3'600'000), stop.get_token()));
}

TEST(InterruptibleSleep, AStopDuringTheWaitEndsItAndReturnsFalse) {
  std::stop_source stop;
  auto waited = std::async(std::launch::async,
                           [&] { return interruptible_sleep(milliseconds(3'600'000), stop.get_token()); });
  // Whether the stop comes before or during the wait, the answer is "stopped".
  std::this_thread::sleep_for(milliseconds(20));
  stop.request_stop();
  ASSERT_EQ(waited.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "the wait did not end on stop";
  EXPECT_FALSE(waited.get());
}

TEST(InterruptibleSleep, SleepsAtLeastTheDelay) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(interruptible_sleep(milliseconds(20), std::stop_token{}));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(20));
}

}  // namespace
}  // namespace streamline
