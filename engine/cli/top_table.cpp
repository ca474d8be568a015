#include "engine/cli/top_table.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace streamline::engine {
namespace {

constexpr std::size_t kColumns = 8;
using Row = std::array<std::string, kColumns>;
constexpr std::array<bool, kColumns> kRightAligned{false, false, false, true, true, true, true, true};

std::string rate(double per_second) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", per_second < 0 || !std::isfinite(per_second) ? 0.0 : per_second);
  return text;
}

std::string count(const nlohmann::json& value) { return std::to_string(value.get<std::int64_t>()); }

// "12s", "1m 12s", "2h 0m 5s"
std::string uptime(double seconds) {
  const auto s = static_cast<std::int64_t>(seconds < 0 ? 0 : seconds);
  const auto h = s / 3600, m = s / 60 % 60, r = s % 60;
  std::string text;
  if (h) text += std::to_string(h) + "h ";
  if (h || m) text += std::to_string(m) + "m ";
  return text + std::to_string(r) + "s";
}

}  // namespace

std::string render_top_table(const nlohmann::json& status) {
  std::string out = "pipeline " + status.at("pipeline").get<std::string>() + ": " +
                    status.at("state").get<std::string>() + ", up " +
                    uptime(status.at("uptime_seconds").get<double>()) + " (" +
                    status.at("file").get<std::string>() + ")\n";

  std::vector<Row> rows{{"STAGE", "PLUGIN", "STATE", "IN/S", "OUT/S", "QUEUE", "FAILED", "DROPPED"}};
  for (const auto& stage : status.at("stages")) {
    const auto& events = stage.at("events");
    const auto& rates = stage.at("rates");
    rows.push_back({stage.at("name").get<std::string>(), stage.at("plugin").get<std::string>(),
                    stage.at("state").get<std::string>(), rate(rates.at("in_per_second").get<double>()),
                    rate(rates.at("out_per_second").get<double>()), count(stage.at("queue_depth")),
                    count(events.at("failed")), count(events.at("dropped"))});
  }
  std::array<std::size_t, kColumns> width{};
  for (const Row& row : rows)
    for (std::size_t c = 0; c < kColumns; ++c) width[c] = std::max(width[c], row[c].size());

  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < kColumns; ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c) line += "  ";
      line += kRightAligned[c] ? pad + row[c] : row[c] + (c + 1 < kColumns ? pad : "");
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace streamline::engine
