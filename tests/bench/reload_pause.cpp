// Reload pause: how long a hot reload keeps the sources from reading, on a
// loaded pipeline. An endless generate -> route -> delay -> null runs flat
// out in-process (the real runner and plugins) while the router's threshold
// is changed R times (each reload restarts the router and keeps the rest);
// prints each pause's median, p90 and max and the events/s meanwhile. The
// delay stage stands for a sink's round trip per batch. Never asserts on
// time.
//
//   reload_pause [--reloads R] [--batch B] [--delay D]   (D like "2ms")

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/observe/metrics_registry.hpp"
#include "engine/plan/plan.hpp"
#include "engine/runtime/pipeline_runner.hpp"

namespace {

using namespace streamline::engine;

std::string pipeline_yaml(int threshold, std::size_t batch, const std::string& delay) {
  const std::string b = std::to_string(batch);
  return "pipeline: { name: reloading, queue_capacity: 8 }\n"
         "stages:\n"
         "  src:\n"
         "    plugin: generate\n"
         "    config: { count: 0, seed: 7, batch_size: " + b + " }\n"
         "    batch: { max_events: " + b + " }\n"
         "  router:\n"
         "    plugin: route\n"
         "    inputs: [src]\n"
         "    config:\n"
         "      routes:\n"
         "        - { name: big, when: \"amount > " + std::to_string(threshold) + "\" }\n"
         "  store:\n"
         "    plugin: delay\n"
         "    inputs: [router.big, router]\n"
         "    config: { duration: " + delay + " }\n"
         "  sink: { plugin: \"null\", inputs: [store] }\n";
}

std::optional<Plan> plan_of(const std::string& yaml, PluginRegistry& registry) {
  Diagnostics diags;
  const auto config = parse_pipeline_config(yaml, "reloading.yaml", [](const std::string&) { return std::nullopt; }, diags);
  std::optional<Plan> plan;
  if (config) plan = make_plan(*config, registry, diags);
  for (const auto& d : diags) std::fprintf(stderr, "%s: %s\n", d.path.c_str(), d.message.c_str());
  return plan;
}

}  // namespace

int main(int argc, char** argv) {
  int reloads = 50;
  std::size_t batch = 1024;
  std::string delay = "2ms";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--reloads") reloads = std::stoi(value);
    else if (flag == "--batch") batch = std::stoul(value);
    else if (flag == "--delay") delay = value;
    else {
      std::fprintf(stderr, "usage: %s [--reloads R] [--batch B] [--delay D]\n", argv[0]);
      return 2;
    }
  }
  PluginRegistry registry;
  registry.load_directories({PLUGIN_DIR});
  auto first = plan_of(pipeline_yaml(100, batch, delay), registry);
  if (!first) return 1;

  auto quiet = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  MetricsRegistry metrics;
  PipelineRunner runner(*first, metrics, RunnerOptions{quiet, {}});
  if (!runner.start()) return 1;
  RunReport report;
  std::thread waiter([&] { report = runner.wait(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // up to speed

  std::printf("generate (endless) -> route -> delay %s -> null, batch %zu: %d reloads of the route threshold\n",
              delay.c_str(), batch, reloads);
  std::vector<double> pauses;
  auto delivered = [&] {
    return metrics.value("streamline_events_in_total", {{"stage", "sink"}, {"plugin", "null"}}).value_or(0);
  };
  const double delivered_at_start = delivered();
  const auto start = std::chrono::steady_clock::now();
  int failures = 0;
  for (int r = 0; r < reloads; ++r) {
    auto next = plan_of(pipeline_yaml(100 + (r % 2 == 0 ? 1 : 0), batch, delay), registry);
    if (!next) return 1;
    const ReloadOutcome outcome = runner.reload(*next).get();
    if (outcome.result != ReloadOutcome::Result::kApplied) {
      std::fprintf(stderr, "reload %d: %s %s\n", r + 1, to_string(outcome.result), outcome.error.c_str());
      ++failures;
      continue;
    }
    pauses.push_back(static_cast<double>(outcome.pause.count()) / 1000.0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double delivered_meanwhile = delivered() - delivered_at_start;
  runner.request_stop();
  waiter.join();
  if (!report.clean() || failures > 0 || pauses.empty()) {
    std::fprintf(stderr, "not clean: %s\n", format_summary(report).c_str());
    return 1;
  }
  std::sort(pauses.begin(), pauses.end());
  auto at = [&](double q) { return pauses[std::min(pauses.size() - 1, static_cast<std::size_t>(q * pauses.size()))]; };
  std::printf("reload pause (ms): median %.1f, p90 %.1f, max %.1f over %zu reloads\n", at(0.5), at(0.9), pauses.back(),
              pauses.size());
  std::printf("events through the sink meanwhile: %.0f events/s (every event acknowledged: %s)\n",
              delivered_meanwhile / seconds, report.clean() ? "yes" : "no");
  return 0;
}
