#include "engine/cli/run_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/observe/admin_server.hpp"
#include "engine/observe/engine_metrics.hpp"
#include "engine/observe/logging.hpp"
#include "engine/observe/metrics_registry.hpp"
#include "engine/observe/pipeline_view.hpp"
#include "engine/observe/readiness.hpp"
#include "engine/observe/resource_health.hpp"
#include "engine/observe/retry_watch.hpp"
#include "engine/observe/status_report.hpp"
#include "engine/plan/plan.hpp"
#include "engine/reload/config_watcher.hpp"
#include "engine/reload/reloader.hpp"
#include "engine/runtime/pipeline_runner.hpp"
#include "engine/cli/command_line.hpp"
#include "engine/cli/signal_watcher.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine run FILE [--plugin-dir DIR]... [--log-level LEVEL] [--log-format text|json]
                       [--admin-port N] [--admin-address A] [--no-watch]

Runs the pipeline in FILE until its sources are exhausted or SIGINT/SIGTERM.
A signal drains: sources stop reading, every event already read is finished
and acknowledged, offsets are committed, then the engine exits 0. A second
signal exits at once with status 130.

Hot reload: when FILE changes on disk, on SIGHUP, or on POST /reload to the
admin server, FILE is checked again and, when valid, applied as a diff:
unchanged stages keep running, changed ones are drained and replaced. An
invalid file is logged with its errors and changes nothing (docs/reload.md).

options:
  --plugin-dir DIR     look for plugins in DIR first (repeatable); also STREAMLINE_PLUGIN_PATH
  --log-level LEVEL    trace, debug, info (default), warn, error, critical, off
  --log-format FORMAT  text (default; coloured on a terminal) or json (one object per line)
  --admin-port N       serve /metrics, /healthz, /readyz and /status on port N
                       (overrides pipeline.admin.port; 0: no admin server)
  --admin-address A    the address the admin server binds (overrides pipeline.admin.address;
                       default 127.0.0.1)
  --no-watch           do not reload when FILE changes on disk (SIGHUP and POST /reload still do)
)";

int usage_error(const std::string& message) { return report_usage_error("run", message, kUsage); }

void print_diagnostics(const Diagnostics& diags) {
  for (const auto& d : diags) std::fputs(format_text_diagnostic(d).c_str(), stderr);
}

// Where reload requests find the reloader, which exists only while the
// pipeline runs; without one a request gets no future (invalid). A SIGHUP
// or file change that comes between the start and the reloader's creation
// (the log already says "running") is not lost: the last one is made as
// soon as the reloader is set. HTTP requests are answered at once instead.
class ReloaderSlot {
 public:
  enum class Early { kRefuse, kRemember };

  void set(Reloader* reloader) {
    const std::lock_guard lock(mutex_);
    reloader_ = reloader;
    if (!reloader) {
      closed_ = true;  // the drain began: nothing more to remember
      waiting_.reset();
      return;
    }
    if (waiting_) reloader_->request(*std::exchange(waiting_, std::nullopt));
  }
  std::shared_future<ReloadReport> request(const std::string& trigger, Early early = Early::kRefuse) {
    const std::lock_guard lock(mutex_);
    if (reloader_) return reloader_->request(trigger);
    if (early == Early::kRemember && !closed_) waiting_ = trigger;
    return {};
  }

 private:
  std::mutex mutex_;
  Reloader* reloader_ = nullptr;
  std::optional<std::string> waiting_;  // the trigger of a request made before the reloader existed
  bool closed_ = false;
};

// "--admin-port 9464": a TCP port, 0 to 65535.
std::optional<int> parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const int port = std::stoi(text);
  if (port > 65535) return std::nullopt;
  return port;
}

}  // namespace

int run_run_command(const Args& args) {
  std::vector<std::string> dirs;
  std::string file;
  LogSettings log;
  std::optional<int> admin_port;
  std::optional<std::string> admin_address;
  bool watch_file = true;
  std::string problem;
  const auto line = read_command_line(
      args, {"--plugin-dir", "--log-level", "--log-format", "--admin-port", "--admin-address"}, problem, {"--no-watch"});
  if (!line) return usage_error(problem);
  if (line->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  for (const auto& [name, value] : line->options) {
    if (name == "--plugin-dir") {
      if (!check_plugin_dir(value, problem)) return usage_error(problem);
      dirs.push_back(value);
    } else if (name == "--log-level") {
      const auto level = parse_log_level(value);
      if (!level) return usage_error("--log-level takes trace, debug, info, warn, error, critical or off");
      log.level = *level;
    } else if (name == "--log-format") {
      const auto format = parse_log_format(value);
      if (!format) return usage_error("--log-format takes text or json");
      log.format = *format;
    } else if (name == "--admin-port") {
      admin_port = parse_port(value);
      if (!admin_port) return usage_error("--admin-port takes a port number from 0 to 65535");
    } else if (value.empty()) {
      return usage_error("--admin-address needs an address");
    } else {
      admin_address = value;
    }
  }
  watch_file = !has_flag(*line, "--no-watch");
  if (line->positional.size() > 1)
    return usage_error("one pipeline file at a time (got '" + line->positional[0] + "' and '" + line->positional[1] +
                       "')");
  if (!line->positional.empty()) file = line->positional[0];
  if (file.empty()) return usage_error("missing pipeline FILE");

  const auto started = std::chrono::steady_clock::now();
  // Before anything can start a thread: signals wait for the watcher.
  BlockedSignals blocked;
  auto logger = setup_logging(log);

  Diagnostics diags;
  auto config = load_pipeline_config(file, process_environment(), diags);
  const char* env = std::getenv("STREAMLINE_PLUGIN_PATH");
  // The registry outlives the runner: plugin code stays mapped while stages exist.
  PluginRegistry registry;
  std::optional<Plan> plan;
  if (config && !has_errors(diags)) {
    registry.load_directories(PluginRegistry::search_path(dirs, env ? env : ""));
    plan = make_plan(*config, registry, diags);
  }
  print_diagnostics(diags);
  if (!plan || has_errors(diags)) {
    logger->error("{}: not started: the pipeline has errors", file);
    return 1;
  }

  MetricsRegistry metrics;
  EngineMetrics engine_metrics(metrics, started);
  for (const LoadError& e : registry.load_errors()) engine_metrics.count_plugin_load_failure(e.path);
  // What the admin endpoints describe; taken before the runner takes the plan.
  CurrentPipeline view(describe_pipeline(*plan));
  PhaseTracker phase;
  RetryWatch retries(metrics);
  StatusReport status(view, phase, metrics, retries, started);
  ResourceHealth resource_health(metrics, logger);
  Readiness readiness(view, phase, retries, resource_health);
  const int port = admin_port.value_or(plan->settings.admin_port);
  const std::string address = admin_address.value_or(plan->settings.admin_address);
  ReloaderSlot reloads;  // SIGHUP, POST /reload and the file watch reach the reloader through it
  // Declared before the runner: it serves until the drain is over.
  std::unique_ptr<AdminServer> admin;
  if (port != 0) {
    try {
      admin = std::make_unique<AdminServer>(
          address, port,
          AdminEndpoints{[&] {
                           engine_metrics.refresh();
                           return metrics.render_prometheus();
                         },
                         [&] { return readiness.check(); }, [&] { return status.json(); },
                         [&]() -> AdminAnswer {
                           const std::shared_future<ReloadReport> pending = reloads.request("http");
                           if (!pending.valid()) return {503, R"({"error":"the pipeline is not running"})"};
                           const ReloadReport& done = pending.get();
                           return {done.ok() ? 200 : done.result == "invalid" ? 422 : 500, done.json()};
                         }});
    } catch (const std::exception& e) {
      logger->error("{}: not started: {}", file, e.what());
      return 1;
    }
    logger->info("admin server listening on {} (/metrics, /healthz, /readyz, /status, POST /reload)", admin->url());
  }

  PipelineRunner runner(std::move(*plan), metrics, RunnerOptions{logger, {}});
  RunReport report;
  {
    std::unique_ptr<Reloader> reloader;  // from start until the drain
    SignalWatcher signals(
        *logger,
        [&] {
          phase.set(PipelinePhase::kDraining);
          runner.request_stop();
        },
        [&] { reloads.request("SIGHUP", ReloaderSlot::Early::kRemember); });
    std::optional<ResourceHealth::Probing> probing;  // ends before the runner and its resources
    std::unique_ptr<ConfigWatcher> file_watch;
    if (runner.start()) {
      probing.emplace(resource_health.start(runner.resources()));
      phase.set(PipelinePhase::kRunning);
      reloader = std::make_unique<Reloader>(
          file, process_environment(), registry, runner, metrics, logger,
          [&](const ReloadReport& done, const Plan* applied) {
            status.set_last_reload(done.json());
            if (!applied) return;
            view.set(describe_pipeline(*applied));
            if (done.diff.resources.changed()) resource_health.replace(runner.resources());
          });
      reloads.set(reloader.get());
      if (watch_file) {
        try {
          file_watch = std::make_unique<ConfigWatcher>(file, [&] { reloads.request("file", ReloaderSlot::Early::kRemember); });
          logger->info("watching {} for changes (hot reload; --no-watch turns this off)", file);
        } catch (const std::exception& e) {
          logger->warn("cannot watch {} for changes ({}): reload with SIGHUP or POST /reload", file, e.what());
        }
      }
    }
    report = runner.wait();
    file_watch.reset();
    reloads.set(nullptr);
    reloader.reset();
    probing.reset();
    phase.set(PipelinePhase::kStopped);
  }

  if (!report.started) {
    if (report.errors.empty() && report.drain_requested) {
      logger->info("stopped before the pipeline started");
      return 0;
    }
    logger->error("{}: the pipeline could not start", file);
    return 1;
  }
  const std::string summary = format_summary(report);
  logger->info("time in stages (seconds/calls): {}", format_stage_time(report));
  if (report.clean()) {
    logger->info("pipeline drained: {}", summary);
    logger->flush();
    return 0;
  }
  logger->error("pipeline stopped with events not acknowledged or errors: {}", summary);
  logger->flush();
  return 1;
}

}  // namespace streamline::engine
