#pragma once
// EngineMetrics: the engine's own series, beside the per-stage ones:
//   streamline_build_info{version,abi}       1: which engine is running
//   streamline_uptime_seconds                since the run command started
//   streamline_plugin_load_failures_total{plugin}  plugin files the loader
//                                            refused, by file stem
// Uptime is a gauge refreshed at each scrape (refresh()).

#include <chrono>
#include <filesystem>

#include "engine/observe/metrics_registry.hpp"

namespace streamline::engine {

class EngineMetrics {
 public:
  using Clock = std::chrono::steady_clock;

  EngineMetrics(MetricsRegistry& registry, Clock::time_point started);

  // `file`: the shared object refused; its stem is the `plugin` label.
  void count_plugin_load_failure(const std::filesystem::path& file);
  void refresh(Clock::time_point now = Clock::now()) noexcept;

 private:
  Clock::time_point started_;
  MetricsRegistry& registry_;
  Gauge& uptime_;
};

}  // namespace streamline::engine
