#include "engine/runtime/run_report.hpp"

#include <fmt/format.h>

namespace streamline::engine {

bool RunReport::clean() const {
  if (!started || timed_out || !errors.empty()) return false;
  for (const auto& stage : stages)
    for (const auto& source : stage.sources)
      if (source.in_flight != 0 || !source.error.empty()) return false;
  return true;
}

std::string format_summary(const RunReport& report) {
  std::string line;
  for (const auto& stage : report.stages) {
    if (!line.empty()) line += "; ";
    line += fmt::format("{} [{}] in={} out={} dropped={} failed={}", stage.name, stage.plugin, stage.events_in,
                        stage.events_out, stage.dropped, stage.failed);
    for (const auto& source : stage.sources) {
      line += fmt::format(" emitted={} acked={} in_flight={} committed=", source.emitted, source.acknowledged,
                          source.in_flight);
      if (source.committed.empty()) line += "none";
      for (std::size_t i = 0; i < source.committed.size(); ++i) {
        const auto& p = source.committed[i];
        line += fmt::format("{}{}/{}@{}", i ? "," : "", p.topic, p.partition, p.next_offset);
      }
    }
  }
  return line;
}

std::string format_stage_time(const RunReport& report) {
  std::string line;
  for (const auto& stage : report.stages) {
    if (stage.kind == PluginKind::kSource) continue;
    if (!line.empty()) line += ", ";
    line += fmt::format("{} {:.2f}s/{}", stage.name, stage.busy_seconds, stage.calls);
  }
  return line;
}

}  // namespace streamline::engine
