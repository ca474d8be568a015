#include "engine/observe/metrics_registry.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>

#include "engine/observe/prometheus_text.hpp"

namespace streamline::engine {
namespace {

enum Type { kCounter = 0, kGauge = 1, kHistogram = 2 };

const char* type_name(int type) {
  switch (type) {
    case kCounter: return "counter";
    case kGauge: return "gauge";
    default: return "histogram";
  }
}

class AtomicCounter final : public Counter {
 public:
  void inc(double amount) noexcept override {
    // Counters only go up; a negative or NaN increment is a caller bug we ignore.
    if (!(amount > 0)) return;
    value_.fetch_add(amount, std::memory_order_relaxed);
  }
  double value() const noexcept override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class AtomicGauge final : public Gauge {
 public:
  void set(double value) noexcept override { value_.store(value, std::memory_order_relaxed); }
  void add(double amount) noexcept override { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const noexcept override { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

class AtomicHistogram final : public Histogram {
 public:
  explicit AtomicHistogram(const std::vector<double>& bounds)
      : bounds_(bounds), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

  void observe(double value) noexcept override {
    // Bucket i counts values in (bounds[i-1], bounds[i]]; the last is +Inf.
    const auto index = static_cast<std::size_t>(
        std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
    counts_[index].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
  }

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // bounds.size() + 1 entries, the last is +Inf == count
    double sum = 0;
  };
  Snapshot snapshot() const {
    Snapshot s;
    s.cumulative.resize(bounds_.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
      running += counts_[i].load(std::memory_order_relaxed);
      s.cumulative[i] = running;
    }
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
  }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

// Labels sorted by name, so the same set in any order is one series.
Labels normalise(const Labels& labels, int type) {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const auto& name = sorted[i].first;
    if (!is_valid_label_name(name)) throw std::invalid_argument("invalid metric label name '" + name + "'");
    if (type == kHistogram && name == "le")
      throw std::invalid_argument("label 'le' is reserved for histogram buckets");
    if (i > 0 && sorted[i - 1].first == name) throw std::invalid_argument("label '" + name + "' given twice");
  }
  return sorted;
}

std::vector<double> checked_buckets(const std::vector<double>& buckets) {
  std::vector<double> bounds = buckets.empty() ? default_latency_buckets() : buckets;
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) bounds.pop_back();  // +Inf is implied
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (std::isnan(bounds[i])) throw std::invalid_argument("histogram bucket bound is NaN");
    if (i > 0 && !(bounds[i - 1] < bounds[i]))
      throw std::invalid_argument("histogram buckets must be strictly ascending");
  }
  return bounds;
}

std::string render_labels(const Labels& labels, const std::string* le = nullptr) {
  if (labels.empty() && !le) return {};
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    out += escape_label_value(value);
    out += '"';
  }
  if (le) {
    if (!first) out += ',';
    out += "le=\"";
    out += *le;
    out += '"';
  }
  out += '}';
  return out;
}

bool contains_all(const Labels& labels, const Labels& filter) {
  for (const auto& wanted : filter)
    if (std::find(labels.begin(), labels.end(), wanted) == labels.end()) return false;
  return true;
}

}  // namespace

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  int type = kCounter;
  std::vector<double> bounds;  // histograms
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<AtomicHistogram>> histograms;
};

const std::vector<double>& default_latency_buckets() {
  static const std::vector<double> buckets{0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                           0.05,   0.1,    0.25,  0.5,    1,     2.5,   5,    10};
  return buckets;
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::family(std::string_view name, std::string_view help, int type,
                                                 const std::vector<double>* buckets) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    if (!is_valid_metric_name(name)) throw std::invalid_argument("invalid metric name '" + std::string(name) + "'");
    auto f = std::make_unique<Family>();
    f->name = std::string(name);
    f->help = std::string(help);
    f->type = type;
    if (buckets) f->bounds = checked_buckets(*buckets);
    it = families_.emplace(f->name, std::move(f)).first;
    return *it->second;
  }
  Family& f = *it->second;
  if (f.type != type)
    throw std::invalid_argument("metric '" + f.name + "' is already registered as a " + type_name(f.type) +
                                ", not a " + type_name(type));
  if (buckets && checked_buckets(*buckets) != f.bounds)
    throw std::invalid_argument("histogram '" + f.name + "' is already registered with other buckets");
  return f;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  Labels key = normalise(labels, kCounter);
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, kCounter, nullptr).counters[std::move(key)];
  if (!slot) slot = std::make_unique<AtomicCounter>();
  return *slot;
}

void MetricsRegistry::declare_counter(std::string_view name, std::string_view help) {
  std::lock_guard lock(mutex_);
  family(name, help, kCounter, nullptr);
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  Labels key = normalise(labels, kGauge);
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, kGauge, nullptr).gauges[std::move(key)];
  if (!slot) slot = std::make_unique<AtomicGauge>();
  return *slot;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      const std::vector<double>& buckets, const Labels& labels) {
  Labels key = normalise(labels, kHistogram);
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, kHistogram, &buckets);
  auto& slot = f.histograms[std::move(key)];
  if (!slot) slot = std::make_unique<AtomicHistogram>(f.bounds);
  return *slot;
}

std::optional<double> MetricsRegistry::value(std::string_view name, const Labels& labels) const {
  Labels key = labels;
  std::sort(key.begin(), key.end());
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) return std::nullopt;
  const Family& f = *it->second;
  if (auto c = f.counters.find(key); c != f.counters.end()) return c->second->value();
  if (auto g = f.gauges.find(key); g != f.gauges.end()) return g->second->value();
  return std::nullopt;
}

double MetricsRegistry::sum(std::string_view name, const Labels& filter) const {
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) return 0;
  double total = 0;
  for (const auto& [labels, c] : it->second->counters)
    if (contains_all(labels, filter)) total += c->value();
  for (const auto& [labels, g] : it->second->gauges)
    if (contains_all(labels, filter)) total += g->value();
  return total;
}

std::string MetricsRegistry::render_prometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fp] : families_) {
    const Family& f = *fp;
    out += "# HELP " + name + ' ' + escape_help(f.help) + '\n';
    out += "# TYPE " + name + ' ' + type_name(f.type) + '\n';
    for (const auto& [labels, c] : f.counters)
      out += name + render_labels(labels) + ' ' + format_sample_value(c->value()) + '\n';
    for (const auto& [labels, g] : f.gauges)
      out += name + render_labels(labels) + ' ' + format_sample_value(g->value()) + '\n';
    for (const auto& [labels, h] : f.histograms) {
      const auto snap = h->snapshot();
      for (std::size_t i = 0; i <= f.bounds.size(); ++i) {
        const std::string le = i < f.bounds.size() ? format_sample_value(f.bounds[i]) : "+Inf";
        out += name + "_bucket" + render_labels(labels, &le) + ' ' + std::to_string(snap.cumulative[i]) + '\n';
      }
      out += name + "_sum" + render_labels(labels) + ' ' + format_sample_value(snap.sum) + '\n';
      out += name + "_count" + render_labels(labels) + ' ' + std::to_string(snap.cumulative.back()) + '\n';
    }
  }
  return out;
}

}  // namespace streamline::engine
