#pragma once
// Metrics a plugin adds through its Context.
//
// The engine already measures every stage the same way (events in/out,
// dropped by reason, failed, batch size, latency, queue depth). A plugin adds
// what only it knows (cache hits, retries, rows written). Metrics created
// through a stage's Context inherit its `stage` and `plugin` labels.
// Names follow Prometheus conventions: snake_case, base units, counters end
// in `_total`. Asking twice for the same name and labels returns the same
// metric. All operations are thread-safe and lock-free on the hot path.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace streamline {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  virtual ~Counter() = default;
  virtual void inc(double amount = 1.0) noexcept = 0;
  virtual double value() const noexcept = 0;
};

class Gauge {
 public:
  virtual ~Gauge() = default;
  virtual void set(double value) noexcept = 0;
  virtual void add(double amount) noexcept = 0;
  virtual double value() const noexcept = 0;
};

class Histogram {
 public:
  virtual ~Histogram() = default;
  virtual void observe(double value) noexcept = 0;
};

class Metrics {
 public:
  virtual ~Metrics() = default;
  virtual Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {}) = 0;
  virtual Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) = 0;
  // Upper bounds in the metric's base unit, ascending; +Inf is implied.
  virtual Histogram& histogram(std::string_view name, std::string_view help,
                               const std::vector<double>& buckets, const Labels& labels = {}) = 0;
};

}  // namespace streamline
