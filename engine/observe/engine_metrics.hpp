#pragma once
// EngineMetrics: the engine's own series, beside the per-stage ones:
//   streamline_build_info{version,abi}       1: which engine is running
//   streamline_uptime_seconds                since the run command started
//   streamline_plugin_load_failures_total    plugin files the loader refused
// Uptime is a gauge refreshed at each scrape (refresh()).

#include <chrono>
#include <cstddef>

#include "engine/observe/metrics_registry.hpp"

namespace streamline::engine {

class EngineMetrics {
 public:
  using Clock = std::chrono::steady_clock;

  EngineMetrics(MetricsRegistry& registry, Clock::time_point started);

  void count_plugin_load_failures(std::size_t failures) noexcept;
  void refresh(Clock::time_point now = Clock::now()) noexcept;

 private:
  Clock::time_point started_;
  Gauge& uptime_;
  Counter& load_failures_;
};

}  // namespace streamline::engine
