#include "engine/observe/labelled_metrics.hpp"

#include <stdexcept>
#include <utility>

namespace streamline::engine {

LabelledMetrics::LabelledMetrics(Metrics& registry, Labels base) : registry_(registry), base_(std::move(base)) {}

Labels LabelledMetrics::merged(const Labels& labels) const {
  Labels all = base_;
  for (const auto& label : labels) {
    for (const auto& fixed : base_)
      if (fixed.first == label.first)
        throw std::invalid_argument("label '" + label.first + "' is set by the engine and cannot be overridden");
    all.push_back(label);
  }
  return all;
}

Counter& LabelledMetrics::counter(std::string_view name, std::string_view help, const Labels& labels) {
  return registry_.counter(name, help, merged(labels));
}

Gauge& LabelledMetrics::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return registry_.gauge(name, help, merged(labels));
}

Histogram& LabelledMetrics::histogram(std::string_view name, std::string_view help,
                                      const std::vector<double>& buckets, const Labels& labels) {
  return registry_.histogram(name, help, buckets, merged(labels));
}

}  // namespace streamline::engine
