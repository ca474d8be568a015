#include "engine/observe/status_report.hpp"

#include <utility>

#include <nlohmann/json.hpp>

namespace streamline::engine {

StatusReport::StatusReport(const CurrentPipeline& pipeline, const PhaseTracker& phase, const MetricsRegistry& metrics,
                           RetryWatch& retries, Clock::time_point started)
    : pipeline_(pipeline),
      phase_(phase),
      metrics_(metrics),
      retries_(retries),
      started_(started),
      previous_at_(started) {}

void StatusReport::set_last_reload(std::string last_reload) {
  std::lock_guard lock(mutex_);
  last_reload_ = std::move(last_reload);
}

std::string StatusReport::json(Clock::time_point now) {
  const PipelinePhase phase = phase_.get();
  const auto view = pipeline_.get();
  const std::vector<bool> retrying = retries_.retrying(*view, now);
  std::lock_guard lock(mutex_);
  const double interval = std::chrono::duration<double>(now - previous_at_).count();
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  std::map<std::string, Sample, std::less<>> samples;
  for (std::size_t i = 0; i < view->stages.size(); ++i) {
    const StageView& s = view->stages[i];
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
    const auto found = previous_.find(s.name);
    const Sample before = found == previous_.end() ? Sample{} : found->second;
    stage["rates"] = {{"in_per_second", interval > 0 ? (in - before.in) / interval : 0.0},
                      {"out_per_second", interval > 0 ? (out - before.out) / interval : 0.0}};
    samples[s.name] = {in, out};
    stages.push_back(std::move(stage));
  }
  previous_at_ = now;
  previous_ = std::move(samples);

  nlohmann::ordered_json doc;
  doc["pipeline"] = view->name;
  doc["file"] = view->file;
  doc["state"] = to_string(phase);
  doc["uptime_seconds"] = std::chrono::duration<double>(now - started_).count();
  doc["last_reload"] = nlohmann::ordered_json::parse(last_reload_);
  doc["stages"] = std::move(stages);
  return doc.dump();
}

}  // namespace streamline::engine
