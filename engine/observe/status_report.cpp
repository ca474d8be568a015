#include "engine/observe/status_report.hpp"

#include <nlohmann/json.hpp>

namespace streamline::engine {

StatusReport::StatusReport(const PipelineView& view, const PhaseTracker& phase, const MetricsRegistry& metrics,
                           RetryWatch& retries, Clock::time_point started)
    : view_(view),
      phase_(phase),
      metrics_(metrics),
      retries_(retries),
      started_(started),
      previous_at_(started),
      previous_(view.stages.size()) {}

std::string StatusReport::json(Clock::time_point now) {
  const PipelinePhase phase = phase_.get();
  const std::vector<bool> retrying = retries_.retrying(now);
  std::lock_guard lock(mutex_);
  const double interval = std::chrono::duration<double>(now - previous_at_).count();
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < view_.stages.size(); ++i) {
    const StageView& s = view_.stages[i];
    const Labels labels{{"stage", s.name}, {"plugin", s.plugin}};
    auto count = [&](const char* name) { return metrics_.value(name, labels).value_or(0); };
    const double in = count("streamline_events_in_total");
    const double out = count("streamline_events_out_total");
    nlohmann::ordered_json stage;
    stage["name"] = s.name;
    stage["plugin"] = s.plugin;
    stage["kind"] = to_string(s.kind);
    stage["inputs"] = s.inputs;
    stage["state"] = phase == PipelinePhase::kRunning && retrying[i] ? "retrying" : to_string(phase);
    stage["events"] = {{"in", static_cast<std::uint64_t>(in)},
                       {"out", static_cast<std::uint64_t>(out)},
                       {"dropped", static_cast<std::uint64_t>(metrics_.sum("streamline_events_dropped_total",
                                                                           {{"stage", s.name}}))},
                       {"failed", static_cast<std::uint64_t>(count("streamline_events_failed_total"))}};
    stage["retries"] = static_cast<std::uint64_t>(count("streamline_batch_retries_total"));
    stage["queue_depth"] = static_cast<std::int64_t>(count("streamline_queue_depth"));
    const Sample& before = previous_[i];
    stage["rates"] = {{"in_per_second", interval > 0 ? (in - before.in) / interval : 0.0},
                      {"out_per_second", interval > 0 ? (out - before.out) / interval : 0.0}};
    previous_[i] = {in, out};
    stages.push_back(std::move(stage));
  }
  previous_at_ = now;

  nlohmann::ordered_json doc;
  doc["pipeline"] = view_.name;
  doc["file"] = view_.file;
  doc["state"] = to_string(phase);
  doc["uptime_seconds"] = std::chrono::duration<double>(now - started_).count();
  doc["last_reload"] = nullptr;  // hot reload is not there yet
  doc["stages"] = std::move(stages);
  return doc.dump();
}

}  // namespace streamline::engine
