#pragma once
// RecordingMetrics: an in-memory Metrics for plugin unit tests.
//
// Every counter, gauge and histogram a plugin asks for is kept under its name
// and labels (label order does not matter) and can be read back:
//
//   RecordingMetrics metrics;
//   ... run the stage ...
//   EXPECT_EQ(metrics.counter_value("cache_hits_total", {{"cache", "users"}}), 3);
//
// It adds no stage labels of its own: labels read back exactly as the plugin
// passed them. Thread-safe like the engine's registry.

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "streamline/metrics.hpp"

namespace streamline::testing {

class RecordingCounter final : public Counter {
 public:
  void inc(double amount = 1.0) noexcept override { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const noexcept override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class RecordingGauge final : public Gauge {
 public:
  void set(double value) noexcept override { value_.store(value, std::memory_order_relaxed); }
  void add(double amount) noexcept override { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const noexcept override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class RecordingHistogram final : public Histogram {
 public:
  explicit RecordingHistogram(std::vector<double> buckets) : buckets_(std::move(buckets)) {}
  void observe(double value) noexcept override {
    std::lock_guard lock(mutex_);
    try {
      observations_.push_back(value);
    } catch (...) {
      // Out of memory in a test double: drop the observation rather than terminate.
    }
  }
  std::vector<double> observations() const {
    std::lock_guard lock(mutex_);
    return observations_;
  }
  const std::vector<double>& buckets() const noexcept { return buckets_; }

 private:
  const std::vector<double> buckets_;
  mutable std::mutex mutex_;
  std::vector<double> observations_;
};

class RecordingMetrics final : public Metrics {
 public:
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {}) override {
    return get_or_make(counters_, name, help, labels, [] { return std::make_unique<RecordingCounter>(); });
  }
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) override {
    return get_or_make(gauges_, name, help, labels, [] { return std::make_unique<RecordingGauge>(); });
  }
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& buckets,
                       const Labels& labels = {}) override {
    return get_or_make(histograms_, name, help, labels,
                       [&] { return std::make_unique<RecordingHistogram>(buckets); });
  }

  // Read back; nullopt when the plugin never asked for that name and labels.
  std::optional<double> find_counter(std::string_view name, const Labels& labels = {}) const {
    const RecordingCounter* c = find(counters_, name, labels);
    return c ? std::optional<double>(c->value()) : std::nullopt;
  }
  std::optional<double> find_gauge(std::string_view name, const Labels& labels = {}) const {
    const RecordingGauge* g = find(gauges_, name, labels);
    return g ? std::optional<double>(g->value()) : std::nullopt;
  }
  // 0 when never created: convenient in EXPECT_EQ.
  double counter_value(std::string_view name, const Labels& labels = {}) const {
    return find_counter(name, labels).value_or(0.0);
  }
  double gauge_value(std::string_view name, const Labels& labels = {}) const {
    return find_gauge(name, labels).value_or(0.0);
  }
  std::vector<double> observations(std::string_view name, const Labels& labels = {}) const {
    const RecordingHistogram* h = find(histograms_, name, labels);
    return h ? h->observations() : std::vector<double>{};
  }
  // The help text given when `name` was first created; empty when unknown.
  std::string help(std::string_view name) const {
    std::lock_guard lock(mutex_);
    const auto it = help_.find(std::string(name));
    return it == help_.end() ? std::string() : it->second;
  }
  // "name{k=v,...}" of everything created, sorted: what a plugin registered.
  std::vector<std::string> names() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [key, _] : counters_) out.push_back(key);
    for (const auto& [key, _] : gauges_) out.push_back(key);
    for (const auto& [key, _] : histograms_) out.push_back(key);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static std::string key_of(std::string_view name, Labels labels) {
    std::sort(labels.begin(), labels.end());
    std::string key(name);
    key += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i) key += ',';
      key += labels[i].first + "=" + labels[i].second;
    }
    key += '}';
    return key;
  }

  template <typename T, typename Make>
  T& get_or_make(std::map<std::string, std::unique_ptr<T>>& metrics, std::string_view name, std::string_view help,
                 const Labels& labels, Make make) {
    std::lock_guard lock(mutex_);
    help_.emplace(std::string(name), std::string(help));
    auto& slot = metrics[key_of(name, labels)];
    if (!slot) slot = make();
    return *slot;
  }

  template <typename T>
  const T* find(const std::map<std::string, std::unique_ptr<T>>& metrics, std::string_view name,
                const Labels& labels) const {
    std::lock_guard lock(mutex_);
    const auto it = metrics.find(key_of(name, labels));
    return it == metrics.end() ? nullptr : it->second.get();
  }

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<RecordingCounter>> counters_;
  std::map<std::string, std::unique_ptr<RecordingGauge>> gauges_;
  std::map<std::string, std::unique_ptr<RecordingHistogram>> histograms_;
  std::map<std::string, std::string> help_;
};

}  // namespace streamline::testing
