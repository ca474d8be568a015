#include "engine/config/duration.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

namespace streamline::engine {

namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t milliseconds;
};

// Longest suffix first so "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::int64_t amount = 0;
  const char* const end = text.data() + text.size();
  auto [rest, error] = std::from_chars(text.data(), end, amount);
  if (error != std::errc{} || rest == text.data() || amount < 0) return std::nullopt;

  const std::string_view suffix(rest, static_cast<std::size_t>(end - rest));
  if (suffix.empty()) return std::chrono::milliseconds(amount);
  for (const auto& unit : kUnits) {
    if (suffix != unit.suffix) continue;
    if (amount > std::numeric_limits<std::int64_t>::max() / unit.milliseconds) return std::nullopt;
    return std::chrono::milliseconds(amount * unit.milliseconds);
  }
  return std::nullopt;
}

std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  if (ms != 0) {
    for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it)
      if (ms % it->milliseconds == 0)
        return std::to_string(ms / it->milliseconds) + std::string(it->suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace streamline::engine
