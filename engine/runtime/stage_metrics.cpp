#include "engine/runtime/stage_metrics.hpp"

#include "engine/observe/metrics_registry.hpp"

namespace streamline::engine {
namespace {

Labels with(Labels labels, std::string name, std::string value) {
  labels.emplace_back(std::move(name), std::move(value));
  return labels;
}

const std::vector<double>& batch_size_buckets() {
  static const std::vector<double> buckets{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192};
  return buckets;
}

}  // namespace

StageMetrics::StageMetrics(Metrics& registry, const std::string& stage, const std::string& plugin)
    : events_in(registry.counter("streamline_events_in_total", "Events a stage received (sources: read).",
                                 {{"stage", stage}, {"plugin", plugin}})),
      events_out(registry.counter("streamline_events_out_total",
                                  "Events a stage passed or sent on (sinks: written).",
                                  {{"stage", stage}, {"plugin", plugin}})),
      events_failed(registry.counter("streamline_events_failed_total",
                                     "Events a stage failed (sent to its error path).",
                                     {{"stage", stage}, {"plugin", plugin}})),
      batch_retries(registry.counter("streamline_batch_retries_total",
                                     "Batches retried after a transient error.",
                                     {{"stage", stage}, {"plugin", plugin}})),
      batch_size(registry.histogram("streamline_batch_size", "Events per stage call.", batch_size_buckets(),
                                    {{"stage", stage}, {"plugin", plugin}})),
      processing_seconds(registry.histogram("streamline_processing_seconds", "Duration of one stage call.",
                                            default_latency_buckets(), {{"stage", stage}, {"plugin", plugin}})),
      queue_depth(registry.gauge("streamline_queue_depth", "Batches waiting in the stage's input queue.",
                                 {{"stage", stage}, {"plugin", plugin}})),
      instance_starts(registry.counter("streamline_stage_starts_total",
                                       "Stage instances started; a hot reload that restarts a stage adds more.",
                                       {{"stage", stage}, {"plugin", plugin}})),
      source_paused(registry.counter("streamline_source_paused_total",
                                     "Times a source was paused because its downstream queue was full.",
                                     {{"stage", stage}, {"plugin", plugin}})),
      events_in_flight(registry.gauge("streamline_events_in_flight",
                                      "Events a source emitted that are not done yet.",
                                      {{"stage", stage}, {"plugin", plugin}})),
      registry_(registry),
      labels_{{"stage", stage}, {"plugin", plugin}} {}

Counter& StageMetrics::dropped(const std::string& reason) {
  return registry_.counter("streamline_events_dropped_total", "Events a stage dropped on purpose, by reason.",
                           with(labels_, "reason", reason));
}

Gauge& StageMetrics::committed_offset(const std::string& topic, std::int32_t partition) {
  return registry_.gauge("streamline_committed_offset", "Last position a source committed, per partition.",
                         with(with(labels_, "topic", topic), "partition", std::to_string(partition)));
}

Histogram& StageMetrics::commit_seconds() {
  return registry_.histogram("streamline_commit_seconds", "Duration of one source commit of its done positions.", {},
                             labels_);
}

Counter& StageMetrics::commit_failures() {
  return registry_.counter("streamline_commit_failures_total", "Source commits that failed (retried at the next one).",
                           labels_);
}

void DropCounters::count(const std::string& reason, std::uint64_t n) {
  Counter* counter = nullptr;
  for (auto& [cached, c] : cache_)
    if (cached == reason) {
      counter = c;
      break;
    }
  if (!counter) {
    counter = &metrics_.dropped(reason);
    // Bounded so a plugin with unique reasons cannot grow it without end.
    if (cache_.size() < 64) cache_.emplace_back(reason, counter);
  }
  counter->inc(static_cast<double>(n));
  metrics_.count_dropped(n);
}

void StageMetrics::add_busy(double seconds) noexcept {
  processing_seconds.observe(seconds);
  busy_ns_.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
  calls_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace streamline::engine
