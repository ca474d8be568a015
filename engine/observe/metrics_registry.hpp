#pragma once
// MetricsRegistry: the engine's implementation of streamline::Metrics, and
// its Prometheus text exposition.
//
// Registration (looking a metric up by name and labels) takes a mutex; the
// returned Counter/Gauge/Histogram references stay valid for the registry's
// lifetime and are updated with lock-free atomics, so hot paths look a metric
// up once and keep the reference. Asking again for the same name and labels
// (in any label order) returns the same metric. Asking for a name already
// registered with another type, other histogram buckets, or an invalid name
// throws std::invalid_argument.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/metrics.hpp>

namespace streamline::engine {

// Latency buckets in seconds (Prometheus client defaults, plus sub-millisecond).
const std::vector<double>& default_latency_buckets();

class MetricsRegistry final : public Metrics {
 public:
  MetricsRegistry();
  ~MetricsRegistry() override;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {}) override;
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {}) override;
  // Empty `buckets` means default_latency_buckets().
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& buckets,
                       const Labels& labels = {}) override;

  // A counter family with no series yet (its HELP and TYPE are exposed, so
  // dashboards and alerts can name it before anything is counted).
  void declare_counter(std::string_view name, std::string_view help);

  // Every metric in the text exposition format, families sorted by name,
  // series by labels.
  std::string render_prometheus() const;

  // Current value of a counter or gauge; nullopt when it does not exist.
  std::optional<double> value(std::string_view name, const Labels& labels = {}) const;
  // Sum of a counter or gauge over every series whose labels include `filter`.
  double sum(std::string_view name, const Labels& filter = {}) const;


 private:
  struct Family;
  Family& family(std::string_view name, std::string_view help, int type, const std::vector<double>* buckets);

  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

}  // namespace streamline::engine
