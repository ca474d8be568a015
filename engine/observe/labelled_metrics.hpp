#pragma once
// LabelledMetrics: a view of a registry that adds fixed labels (a stage's
// `stage` and `plugin`) to every metric created through it. This is what a
// plugin's Context::metrics() returns, so plugin metrics inherit the stage's
// labels. A plugin may not override those labels (std::invalid_argument).

#include <streamline/metrics.hpp>

namespace streamline::engine {

class LabelledMetrics final : public Metrics {
 public:
  LabelledMetrics(Metrics& registry, Labels base);

  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {}) override;
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) override;
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& buckets,
                       const Labels& labels = {}) override;

  const Labels& base_labels() const noexcept { return base_; }

 private:
  Labels merged(const Labels& labels) const;

  Metrics& registry_;
  Labels base_;
};

}  // namespace streamline::engine
