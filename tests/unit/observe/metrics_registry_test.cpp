#include "engine/observe/metrics_registry.hpp"

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/observe/labelled_metrics.hpp"

namespace streamline::engine {
namespace {

using ::testing::HasSubstr;

TEST(MetricsRegistry, SameNameAndLabelsInAnyOrderIsTheSameMetric) {
  MetricsRegistry registry;
  Counter& a = registry.counter("jobs_total", "Jobs.", {{"a", "1"}, {"b", "2"}});
  Counter& b = registry.counter("jobs_total", "Jobs.", {{"b", "2"}, {"a", "1"}});
  Counter& other = registry.counter("jobs_total", "Jobs.", {{"a", "1"}, {"b", "3"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
  a.inc();
  b.inc(2);
  EXPECT_EQ(a.value(), 3.0);
  EXPECT_EQ(registry.value("jobs_total", {{"b", "2"}, {"a", "1"}}), 3.0);
  EXPECT_EQ(registry.value("jobs_total", {{"a", "9"}}), std::nullopt);
  EXPECT_EQ(registry.sum("jobs_total", {{"a", "1"}}), 3.0);
}

TEST(MetricsRegistry, CountersNeverGoDown) {
  MetricsRegistry registry;
  Counter& c = registry.counter("c_total", "C.");
  c.inc(5);
  c.inc(-2);
  EXPECT_EQ(c.value(), 5.0);
}

TEST(MetricsRegistry, GaugesSetAndAdd) {
  MetricsRegistry registry;
  Gauge& g = registry.gauge("depth", "Depth.");
  g.set(4);
  g.add(-1.5);
  EXPECT_EQ(g.value(), 2.5);
}

TEST(MetricsRegistry, RefusesAnotherTypeOrOtherBucketsForAName) {
  MetricsRegistry registry;
  registry.counter("x", "X.");
  EXPECT_THROW(
      {
        try {
          registry.gauge("x", "X.");
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "metric 'x' is already registered as a counter, not a gauge");
          throw;
        }
      },
      std::invalid_argument);
  registry.histogram("h", "H.", {1, 2});
  EXPECT_THROW(registry.histogram("h", "H.", {1, 3}), std::invalid_argument);
  EXPECT_NO_THROW(registry.histogram("h", "H.", {1, 2}, {{"k", "v"}}));
}

TEST(MetricsRegistry, RefusesInvalidNames) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.counter("1abc", "."), std::invalid_argument);
  EXPECT_THROW(registry.counter("a-b", "."), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", ".", {{"__reserved", "v"}}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok", ".", {{"a", "1"}, {"a", "2"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("hist", ".", {1}, {{"le", "1"}}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("hist", ".", {2, 1}), std::invalid_argument);
  EXPECT_NO_THROW(registry.counter("ns:ok_total", ".", {{"_x", "1"}}));
}

TEST(MetricsRegistry, RendersTheTextExpositionFormat) {
  MetricsRegistry registry;
  registry.counter("requests_total", "Requests handled.", {{"code", "200"}}).inc(3);
  registry.counter("requests_total", "Requests handled.", {{"code", "500"}}).inc();
  registry.gauge("temperature", "Line one\nline two \\ end").set(-1.5);
  Histogram& h = registry.histogram("latency_seconds", "Latency.", {0.1, 1}, {{"stage", "a"}});
  h.observe(0.05);
  h.observe(0.1);  // bounds are inclusive
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(registry.render_prometheus(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{stage=\"a\",le=\"0.1\"} 2\n"
            "latency_seconds_bucket{stage=\"a\",le=\"1\"} 3\n"
            "latency_seconds_bucket{stage=\"a\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{stage=\"a\"} 7.65\n"
            "latency_seconds_count{stage=\"a\"} 4\n"
            "# HELP requests_total Requests handled.\n"
            "# TYPE requests_total counter\n"
            "requests_total{code=\"200\"} 3\n"
            "requests_total{code=\"500\"} 1\n"
            "# HELP temperature Line one\\nline two \\\\ end\n"
            "# TYPE temperature gauge\n"
            "temperature -1.5\n");
}

TEST(MetricsRegistry, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.counter("drops_total", "Drops.", {{"reason", "bad \"quote\" \\ and\nnewline"}}).inc();
  EXPECT_THAT(registry.render_prometheus(),
              HasSubstr("drops_total{reason=\"bad \\\"quote\\\" \\\\ and\\nnewline\"} 1\n"));
}

TEST(MetricsRegistry, EmptyBucketsMeanTheDefaultLatencyBuckets) {
  MetricsRegistry registry;
  registry.histogram("d_seconds", "D.", {}).observe(0.003);
  const std::string text = registry.render_prometheus();
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{le=\"10\"} 1\n"));
}

TEST(MetricsRegistry, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  Counter& c = registry.counter("n_total", "N.");
  Histogram& h = registry.histogram("v", "V.", {10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.inc();
        h.observe(1);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000.0);
  EXPECT_THAT(registry.render_prometheus(), HasSubstr("v_count 40000\n"));
  EXPECT_THAT(registry.render_prometheus(), HasSubstr("v_sum 40000\n"));
}

TEST(LabelledMetrics, AddsTheStageLabelsAndRefusesToOverrideThem) {
  MetricsRegistry registry;
  LabelledMetrics stage(registry, {{"stage", "dedup"}, {"plugin", "redis-dedup"}});
  stage.counter("cache_hits_total", "Hits.", {{"cache", "l1"}}).inc(2);
  EXPECT_EQ(registry.value("cache_hits_total", {{"stage", "dedup"}, {"plugin", "redis-dedup"}, {"cache", "l1"}}), 2.0);
  EXPECT_THROW(stage.gauge("g", "G.", {{"stage", "other"}}), std::invalid_argument);
  stage.histogram("rows", "Rows.", {1, 10}).observe(3);
  EXPECT_THAT(registry.render_prometheus(), HasSubstr("rows_bucket{plugin=\"redis-dedup\",stage=\"dedup\",le=\"10\"} 1"));
}

}  // namespace
}  // namespace streamline::engine
