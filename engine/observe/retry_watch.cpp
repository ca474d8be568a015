#include "engine/observe/retry_watch.hpp"

namespace streamline::engine {

RetryWatch::RetryWatch(const MetricsRegistry& metrics, const PipelineView& view, std::chrono::milliseconds window)
    : metrics_(metrics), view_(view), window_(window), seen_(view.stages.size()) {}

std::vector<bool> RetryWatch::retrying(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::vector<bool> result(view_.stages.size(), false);
  for (std::size_t i = 0; i < view_.stages.size(); ++i) {
    const StageView& s = view_.stages[i];
    const double retries =
        metrics_.value("streamline_batch_retries_total", {{"stage", s.name}, {"plugin", s.plugin}}).value_or(0);
    Seen& seen = seen_[i];
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
