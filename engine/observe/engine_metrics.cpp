#include "engine/observe/engine_metrics.hpp"

#include <string>

#include <streamline/abi.hpp>

namespace streamline::engine {
namespace {

constexpr const char* kLoadFailures = "streamline_plugin_load_failures_total";
constexpr const char* kLoadFailuresHelp = "Plugin files the loader refused (wrong ABI, not a plugin, ...), by file stem.";

}  // namespace

EngineMetrics::EngineMetrics(MetricsRegistry& registry, Clock::time_point started)
    : started_(started),
      registry_(registry),
      uptime_(registry.gauge("streamline_uptime_seconds", "Seconds since the engine started.")) {
  registry.declare_counter(kLoadFailures, kLoadFailuresHelp);
  registry
      .gauge("streamline_build_info", "The running engine: version and SDK ABI version; always 1.",
             {{"version", STREAMLINE_VERSION}, {"abi", std::to_string(kAbiVersion)}})
      .set(1);
}

void EngineMetrics::count_plugin_load_failure(const std::filesystem::path& file) {
  registry_.counter(kLoadFailures, kLoadFailuresHelp, {{"plugin", file.stem().string()}}).inc();
}

void EngineMetrics::refresh(Clock::time_point now) noexcept {
  uptime_.set(std::chrono::duration<double>(now - started_).count());
}

}  // namespace streamline::engine
