#pragma once
// RetryWatch: which stages are failing with transient errors right now, told
// from their streamline_batch_retries_total counters: a stage is retrying
// when its counter rose within the last `window` (as seen by the checks; a
// rise noticed by a check counts from that check). /readyz and /status ask
// it about the stages of their snapshot of the pipeline (stages are known by
// name, so a hot reload keeps what was seen of a kept stage); checks are
// serialised, so it may be shared by HTTP threads.

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/observe/metrics_registry.hpp"
#include "engine/observe/pipeline_view.hpp"

namespace streamline::engine {

class RetryWatch {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RetryWatch(const MetricsRegistry& metrics, std::chrono::milliseconds window = std::chrono::seconds(5));

  // One flag per stage of `view`, in its order.
  std::vector<bool> retrying(const PipelineView& view, Clock::time_point now = Clock::now());

 private:
  struct Seen {
    double retries = 0;
    Clock::time_point last_rise{};
    bool rose = false;
  };

  const MetricsRegistry& metrics_;
  const std::chrono::milliseconds window_;
  std::mutex mutex_;
  std::map<std::string, Seen, std::less<>> seen_;  // by stage name
};

}  // namespace streamline::engine
