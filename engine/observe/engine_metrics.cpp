#include "engine/observe/engine_metrics.hpp"

#include <string>

#include <streamline/abi.hpp>

namespace streamline::engine {

EngineMetrics::EngineMetrics(MetricsRegistry& registry, Clock::time_point started)
    : started_(started),
      uptime_(registry.gauge("streamline_uptime_seconds", "Seconds since the engine started.")),
      load_failures_(registry.counter("streamline_plugin_load_failures_total",
                                      "Plugin files the loader refused (wrong ABI, not a plugin, ...).")) {
  registry
      .gauge("streamline_build_info", "The running engine: version and SDK ABI version; always 1.",
             {{"version", STREAMLINE_VERSION}, {"abi", std::to_string(kAbiVersion)}})
      .set(1);
}

void EngineMetrics::count_plugin_load_failures(std::size_t failures) noexcept {
  load_failures_.inc(static_cast<double>(failures));
}

void EngineMetrics::refresh(Clock::time_point now) noexcept {
  uptime_.set(std::chrono::duration<double>(now - started_).count());
}

}  // namespace streamline::engine
