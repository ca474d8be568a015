#include "engine/observe/retry_watch.hpp"

namespace streamline::engine {

RetryWatch::RetryWatch(const MetricsRegistry& metrics, std::chrono::milliseconds window)
    : metrics_(metrics), window_(window) {}

std::vector<bool> RetryWatch::retrying(const PipelineView& view, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::vector<bool> result(view.stages.size(), false);
  for (std::size_t i = 0; i < view.stages.size(); ++i) {
    const StageView& s = view.stages[i];
    const double retries =
        metrics_.value("streamline_batch_retries_total", {{"stage", s.name}, {"plugin", s.plugin}}).value_or(0);
    Seen& seen = seen_[s.name];
    if (retries > seen.retries) {
      seen.retries = retries;
      seen.last_rise = now;
      seen.rose = true;
    }
    result[i] = seen.rose && now - seen.last_rise < window_;
  }
  return result;
}

}  // namespace streamline::engine
