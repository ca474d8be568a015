#pragma once
// StatusReport: the admin /status document, JSON:
//   { "pipeline": "orders", "file": "pipelines/orders.yaml", "state": "running",
//     "uptime_seconds": 12.5, "last_reload": null | {...},
//     "stages": [ { "name": "router", "plugin": "route", "kind": "processor",
//                   "inputs": ["src"], "state": "running",
//                   "events": { "in": 10, "out": 9, "dropped": 1, "failed": 0 },
//                   "retries": 0, "queue_depth": 0,
//                   "rates": { "in_per_second": 2.0, "out_per_second": 1.8 } } ] }
// Stage state is the pipeline's phase, or "retrying" while the stage fails
// with transient errors (RetryWatch). Rates are over the time since the
// previous report (the start for the first). Counts come from the metrics
// registry, so /status and /metrics always agree.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/observe/metrics_registry.hpp"
#include "engine/observe/pipeline_view.hpp"
#include "engine/observe/retry_watch.hpp"

namespace streamline::engine {

class StatusReport {
 public:
  using Clock = std::chrono::steady_clock;

  StatusReport(const CurrentPipeline& pipeline, const PhaseTracker& phase, const MetricsRegistry& metrics,
               RetryWatch& retries, Clock::time_point started);

  std::string json(Clock::time_point now = Clock::now());
  // `last_reload`: the last reload's report as JSON (reload_report.hpp).
  void set_last_reload(std::string last_reload);

 private:
  struct Sample {
    double in = 0;
    double out = 0;
  };

  const CurrentPipeline& pipeline_;
  const PhaseTracker& phase_;
  const MetricsRegistry& metrics_;
  RetryWatch& retries_;
  const Clock::time_point started_;
  std::mutex mutex_;
  Clock::time_point previous_at_;
  std::map<std::string, Sample, std::less<>> previous_;  // by stage name
  std::string last_reload_ = "null";
};

}  // namespace streamline::engine
