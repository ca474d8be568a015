// Pipeline throughput: generate(N) -> route -> null, in-process through the
// real runner and the real plugins (loaded from PLUGIN_DIR by the
// PluginRegistry, planned by make_plan). Prints events/s per run and the
// median; never asserts on time.
//
//   pipeline_throughput [--events N] [--runs R] [--batch B] [--queue Q]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
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

std::string pipeline_yaml(std::uint64_t events, std::size_t batch, std::size_t queue) {
  const std::string b = std::to_string(batch);
  return "pipeline: { name: throughput, queue_capacity: " + std::to_string(queue) + " }\n"
         "stages:\n"
         "  src:\n"
         "    plugin: generate\n"
         "    config: { count: " + std::to_string(events) + ", seed: 7, batch_size: " + b + " }\n"
         "    batch: { max_events: " + b + " }\n"
         "  router:\n"
         "    plugin: route\n"
         "    inputs: [src]\n"
         "    batch: { max_events: " + b + " }\n"
         "    config:\n"
         "      routes:\n"
         "        - { name: big, when: \"amount > 100 && country == \\\"DE\\\"\" }\n"
         "        - { name: small, when: \"amount <= 100\" }\n"
         "  sink:\n"
         "    plugin: \"null\"\n"
         "    inputs: [router.big, router.small, router]\n"
         "    batch: { max_events: " + b + " }\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t events = 1'000'000;
  int runs = 5;
  std::size_t batch = 1024;
  std::size_t queue = 8;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--events") events = std::stoull(value);
    else if (flag == "--runs") runs = std::stoi(value);
    else if (flag == "--batch") batch = std::stoul(value);
    else if (flag == "--queue") queue = std::stoul(value);
    else {
      std::fprintf(stderr, "usage: %s [--events N] [--runs R] [--batch B] [--queue Q]\n", argv[0]);
      return 2;
    }
  }

  PluginRegistry registry;
  registry.load_directories({PLUGIN_DIR});
  Diagnostics diags;
  const auto config = parse_pipeline_config(pipeline_yaml(events, batch, queue), "throughput.yaml",
                                            [](const std::string&) { return std::nullopt; }, diags);
  std::optional<Plan> plan;
  if (config) plan = make_plan(*config, registry, diags);
  if (!plan) {
    for (const auto& d : diags) std::fprintf(stderr, "%s: %s\n", d.path.c_str(), d.message.c_str());
    return 1;
  }

  auto quiet = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::printf("generate(%llu) -> route -> null, batch %zu, queue %zu batches\n",
              static_cast<unsigned long long>(events), batch, queue);
  std::vector<double> rates;
  for (int r = 0; r < runs; ++r) {
    MetricsRegistry metrics;
    PipelineRunner runner(*plan, metrics, RunnerOptions{quiet, {}});
    const auto start = std::chrono::steady_clock::now();
    const RunReport report = runner.run();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto delivered = report.stages.back().events_in;
    if (!report.clean() || delivered != events) {
      std::fprintf(stderr, "run %d: not clean (%llu of %llu events reached the sink)\n", r + 1,
                   static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(events));
      return 1;
    }
    rates.push_back(static_cast<double>(events) / seconds);
    std::printf("run %d: %.3f s, %.0f events/s\n", r + 1, seconds, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("median: %.0f events/s over %d runs (min %.0f, max %.0f)\n", rates[rates.size() / 2], runs,
              rates.front(), rates.back());
  return 0;
}
