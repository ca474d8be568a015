#pragma once
// CircuitBreaker: stop calling a dependency that keeps failing, and try it
// again now and then.
//
//   closed    -- failure_threshold consecutive failures -->  open
//   open      -- open_duration elapsed ------------------->  half-open
//   half-open -- a trial call succeeds ------------------->  closed
//   half-open -- a trial call fails ---------------------->  open (for another open_duration)
//
// Closed lets every call through; a success resets the failure count. Open
// refuses calls at once (allow() is false, call() throws CircuitOpenError)
// without touching the dependency. Half-open lets at most
// half_open_max_calls trial calls through; further calls are refused until a
// trial reports back.
//
//   CircuitBreaker breaker({.failure_threshold = 5, .open_duration = 30s});
//   auto user = breaker.call([&] { return http_get(url); });   // may throw CircuitOpenError
//
// Or by hand: if (breaker.allow()) { ...; breaker.record_success() or
// record_failure(); }. Every call allowed in half-open must report back,
// otherwise its trial slot stays taken; call() always reports.
//
// Reports that arrive while open (a slow call allowed before the breaker
// opened) change nothing: they neither extend nor shorten the open period.
//
// Threading: all methods are thread-safe; a breaker is meant to be shared by
// every caller of one dependency. The clock is injectable for tests. The
// state-change listener runs on the thread whose call changed the state,
// after the breaker's lock is released.

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>

#include "streamline/resilience/circuit_open_error.hpp"

namespace streamline {

struct CircuitBreakerPolicy {
  int failure_threshold = 5;                    // consecutive failures that open it; >= 1
  std::chrono::milliseconds open_duration{30'000};  // how long it refuses calls
  int half_open_max_calls = 1;                  // trial calls at a time once it half-opens; >= 1
};

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };
  using TimePoint = std::chrono::steady_clock::time_point;
  using Now = std::function<TimePoint()>;
  using Listener = std::function<void(State from, State to)>;

  explicit CircuitBreaker(CircuitBreakerPolicy policy, Now now = {})
      : policy_(normalised(policy)),
        now_(now ? std::move(now) : Now([] { return std::chrono::steady_clock::now(); })) {}

  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Called on every state change (e.g. to log it or set a gauge). Set it
  // before the breaker is shared.
  void on_state_change(Listener listener) { listener_ = std::move(listener); }

  // True when a call may go ahead now. In half-open this takes a trial slot,
  // which record_success()/record_failure() gives back.
  bool allow() {
    std::optional<Transition> changed;
    bool allowed = false;
    {
      std::lock_guard lock(mutex_);
      changed = half_open_if_due();
      switch (state_) {
        case State::kClosed: allowed = true; break;
        case State::kOpen: allowed = false; break;
        case State::kHalfOpen:
          allowed = trials_in_flight_ < policy_.half_open_max_calls;
          if (allowed) ++trials_in_flight_;
          break;
      }
    }
    notify(changed);
    return allowed;
  }

  void record_success() {
    std::optional<Transition> changed;
    {
      std::lock_guard lock(mutex_);
      switch (state_) {
        case State::kClosed: consecutive_failures_ = 0; break;
        case State::kOpen: break;
        case State::kHalfOpen: changed = move_to(State::kClosed); break;
      }
    }
    notify(changed);
  }

  void record_failure() {
    std::optional<Transition> changed;
    {
      std::lock_guard lock(mutex_);
      switch (state_) {
        case State::kClosed:
          if (++consecutive_failures_ >= policy_.failure_threshold) changed = move_to(State::kOpen);
          break;
        case State::kOpen: break;
        case State::kHalfOpen: changed = move_to(State::kOpen); break;
      }
    }
    notify(changed);
  }

  // The state as of now: an open breaker whose open_duration has elapsed
  // reads as half-open, though the move happens on the next allow().
  State state() const {
    std::lock_guard lock(mutex_);
    if (state_ == State::kOpen && now_() >= opened_at_ + policy_.open_duration) return State::kHalfOpen;
    return state_;
  }

  // Consecutive failures counted while closed.
  int consecutive_failures() const {
    std::lock_guard lock(mutex_);
    return consecutive_failures_;
  }

  const CircuitBreakerPolicy& policy() const noexcept { return policy_; }

  // Runs fn when allowed and records its result: a return is a success, an
  // exception for which counts_as_failure(e) is true a failure (any other
  // exception a success: the dependency answered), then rethrows it.
  // Throws CircuitOpenError without calling fn when refused.
  template <typename Fn, typename CountsAsFailure>
  decltype(auto) call(Fn&& fn, CountsAsFailure&& counts_as_failure) {
    if (!allow()) throw CircuitOpenError(retry_after());
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<Fn&>>) {
        fn();
        record_success();
        return;
      } else {
        decltype(auto) result = fn();
        record_success();
        return result;
      }
    } catch (const std::exception& error) {
      if (counts_as_failure(error)) record_failure();
      else record_success();
      throw;
    } catch (...) {
      record_failure();
      throw;
    }
  }
  // As above, every exception counting as a failure.
  template <typename Fn>
  decltype(auto) call(Fn&& fn) {
    return call(std::forward<Fn>(fn), [](const std::exception&) { return true; });
  }

 private:
  struct Transition {
    State from;
    State to;
  };

  static CircuitBreakerPolicy normalised(CircuitBreakerPolicy policy) {
    policy.failure_threshold = std::max(policy.failure_threshold, 1);
    policy.half_open_max_calls = std::max(policy.half_open_max_calls, 1);
    policy.open_duration = std::max(policy.open_duration, std::chrono::milliseconds::zero());
    return policy;
  }

  // Callers hold mutex_.
  std::optional<Transition> half_open_if_due() {
    if (state_ == State::kOpen && now_() >= opened_at_ + policy_.open_duration) return move_to(State::kHalfOpen);
    return std::nullopt;
  }
  Transition move_to(State to) {
    const Transition transition{state_, to};
    state_ = to;
    consecutive_failures_ = 0;
    trials_in_flight_ = 0;
    if (to == State::kOpen) opened_at_ = now_();
    return transition;
  }
  std::chrono::milliseconds retry_after() const {
    std::lock_guard lock(mutex_);
    if (state_ != State::kOpen) return std::chrono::milliseconds::zero();
    const auto left = opened_at_ + policy_.open_duration - now_();
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(left), std::chrono::milliseconds::zero());
  }
  void notify(const std::optional<Transition>& changed) const {
    if (changed && listener_) listener_(changed->from, changed->to);
  }

  const CircuitBreakerPolicy policy_;
  const Now now_;
  Listener listener_;
  mutable std::mutex mutex_;
  State state_ = State::kClosed;
  int consecutive_failures_ = 0;
  int trials_in_flight_ = 0;
  TimePoint opened_at_{};
};

inline const char* to_string(CircuitBreaker::State state) noexcept {
  switch (state) {
    case CircuitBreaker::State::kClosed: return "closed";
    case CircuitBreaker::State::kOpen: return "open";
    case CircuitBreaker::State::kHalfOpen: return "half_open";
  }
  return "unknown";
}

}  // namespace streamline
