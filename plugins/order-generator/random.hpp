#pragma once
// Random: a small deterministic random number generator (xoshiro256**,
// seeded through splitmix64).
//
// The standard library's distributions are implementation-defined, so the
// same seed could give another stream on another compiler. Everything the
// order stream draws goes through these few functions instead: a seed gives
// the same bytes everywhere.

#include <cstdint>

namespace streamline::orders {

// splitmix64's step: a bijective, well-mixed hash of 64 bits.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

class Random {
 public:
  explicit Random(std::uint64_t seed) noexcept {
    std::uint64_t s = seed;
    for (auto& word : state_) {
      s += 0x9E3779B97F4A7C15ull;
      word = mix64(s);
    }
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. The modulo's bias is below n / 2^64.
  std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
  // Uniform in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high) noexcept {
    return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
  }
  // Uniform in [0, 1).
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double probability) noexcept { return uniform() < probability; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace streamline::orders
