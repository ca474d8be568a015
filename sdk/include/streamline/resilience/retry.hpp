#pragma once
// retry(): a few quick attempts at one call inside a batch, e.g. one HTTP
// lookup, with jittered backoff between them.
//
// This is not the engine's batch retry. When a whole service is down, throw
// streamline::TransientError out of process(): the engine retries the batch
// with the stage's `retry:` settings and holds back its acknowledgement. Use
// retry() only for short, bounded waits on an individual call whose failure
// the stage can absorb (treat the item as missing, count it). See
// docs/resilience.md.
//
//   RetryPolicy policy{.max_attempts = 3, .backoff = {.initial = 20ms, .max = 200ms}};
//   auto body = retry([&] { return client.get(path); }, policy, context.stop_token());
//
// fn is called with no arguments, or with the 1-based attempt number when it
// accepts an int. Semantics:
//  - the first attempt always runs;
//  - an exception for which is_retryable(e) is true is retried after a backoff
//    delay, up to max_attempts calls in all;
//  - any other exception (or one not derived from std::exception) propagates
//    at once;
//  - when the attempts are used up, or the stop token is requested (also
//    during a wait, which it ends at once), the last error is rethrown.
// The default predicate, is_transient, retries TransientError except
// CircuitOpenError: an open breaker will not close within a short backoff.
//
// Waiting blocks the calling thread on a condition variable (no busy loop)
// and wakes up as soon as the stop token is requested.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "streamline/errors.hpp"
#include "streamline/resilience/backoff.hpp"
#include "streamline/resilience/circuit_open_error.hpp"

namespace streamline {

struct RetryPolicy {
  int max_attempts = 3;   // calls in all, the first included; values below 1 mean 1
  BackoffPolicy backoff{};
  // Seed of the jitter; unset draws one from std::random_device.
  std::optional<std::uint64_t> jitter_seed{};
};

// Default retry predicate: TransientError, but not CircuitOpenError.
struct IsTransient {
  bool operator()(const std::exception& error) const noexcept {
    return dynamic_cast<const TransientError*>(&error) != nullptr &&
           dynamic_cast<const CircuitOpenError*>(&error) == nullptr;
  }
};
inline constexpr IsTransient is_transient{};

// Blocks for `delay` or until `stop` is requested, whichever comes first.
// Returns true when the whole delay elapsed, false when stopped.
inline bool interruptible_sleep(std::chrono::milliseconds delay, const std::stop_token& stop) {
  if (stop.stop_requested()) return false;
  if (delay <= std::chrono::milliseconds::zero()) return true;
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  // Only the stop token wakes `wake` early (the predicate never holds);
  // wait_for returns the predicate, so ask the token which one ended it.
  wake.wait_for(lock, stop, delay, [] { return false; });
  return !stop.stop_requested();
}

template <typename Fn, typename IsRetryable = IsTransient>
decltype(auto) retry(Fn&& fn, const RetryPolicy& policy, std::stop_token stop = {},
                     IsRetryable&& is_retryable = {}) {
  Backoff backoff = policy.jitter_seed ? Backoff(policy.backoff, *policy.jitter_seed)
                                       : Backoff(policy.backoff);
  const int max_attempts = policy.max_attempts < 1 ? 1 : policy.max_attempts;
  for (int attempt = 1;; ++attempt) {
    try {
      if constexpr (std::is_invocable_v<Fn&, int>) {
        return fn(attempt);
      } else {
        return fn();
      }
    } catch (const std::exception& error) {
      if (attempt >= max_attempts || !is_retryable(error)) throw;
      if (!interruptible_sleep(backoff.next(), stop)) throw;
    }
  }
}

}  // namespace streamline
