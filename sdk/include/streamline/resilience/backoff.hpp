#pragma once
// Backoff: exponential backoff with full jitter.
//
// The n-th delay (n = 0, 1, ...) is drawn uniformly from
//   [0, min(max, initial * multiplier^n)]
// ("full jitter": clients that failed together spread out instead of retrying
// in lockstep). Given a seed, the sequence of delays is the same on every run
// and every platform, which is what tests need.
//
//   Backoff backoff({.initial = 50ms, .max = 2s, .multiplier = 2.0}, /*seed=*/7);
//   auto wait = backoff.next();   // within [0, 50ms]; next one within [0, 100ms]
//
// Threading: a Backoff belongs to one retry sequence (one thread); it is not
// thread-safe. Policies are plain values, cheap to copy and share.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>

namespace streamline {

struct BackoffPolicy {
  std::chrono::milliseconds initial{100};  // ceiling of the first delay
  std::chrono::milliseconds max{10'000};   // the ceiling never grows past this
  double multiplier = 2.0;                 // ceiling growth per retry; >= 1
};

class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy) : Backoff(policy, std::random_device{}()) {}
  Backoff(BackoffPolicy policy, std::uint64_t seed) : policy_(policy), random_(seed) {}

  // The upper bound of the delay before retry number `retry` (0-based):
  // min(max, initial * multiplier^retry). Never negative.
  std::chrono::milliseconds ceiling(int retry) const {
    const double initial = static_cast<double>(std::max<std::int64_t>(policy_.initial.count(), 0));
    const double max = static_cast<double>(std::max<std::int64_t>(policy_.max.count(), 0));
    const double multiplier = std::max(policy_.multiplier, 1.0);
    const double grown = initial * std::pow(multiplier, std::max(retry, 0));
    // pow may reach +inf for long sequences; min() keeps it at max.
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(grown, max)));
  }

  // The next delay, uniform in [0, ceiling(retries())]; counts one retry.
  std::chrono::milliseconds next() {
    const auto bound = ceiling(retries_++).count();
    if (bound <= 0) return std::chrono::milliseconds(0);
    // Our own mapping of the 64-bit engine output, not uniform_int_distribution,
    // whose algorithm differs between standard libraries: a seed must give the
    // same delays everywhere.
    const double unit = static_cast<double>(random_() >> 11) * 0x1.0p-53;  // [0, 1)
    const auto delay = static_cast<std::int64_t>(unit * static_cast<double>(bound + 1));
    return std::chrono::milliseconds(std::min(delay, bound));
  }

  // Delays handed out so far.
  int retries() const noexcept { return retries_; }
  // Starts over from the first ceiling (e.g. after a success).
  void reset() noexcept { retries_ = 0; }
  const BackoffPolicy& policy() const noexcept { return policy_; }

 private:
  BackoffPolicy policy_;
  std::mt19937_64 random_;
  int retries_ = 0;
};

}  // namespace streamline
