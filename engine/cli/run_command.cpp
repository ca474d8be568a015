#include "engine/cli/run_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "engine/cli/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/observe/admin_server.hpp"
#include "engine/observe/engine_metrics.hpp"
#include "engine/observe/logging.hpp"
#include "engine/observe/metrics_registry.hpp"
#include "engine/observe/pipeline_view.hpp"
#include "engine/observe/readiness.hpp"
#include "engine/observe/retry_watch.hpp"
#include "engine/observe/status_report.hpp"
#include "engine/plan/plan.hpp"
#include "engine/runtime/pipeline_runner.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine run FILE [--plugin-dir DIR]... [--log-level LEVEL] [--log-format text|json]
                       [--admin-port N] [--admin-address A]

Runs the pipeline in FILE until its sources are exhausted or SIGINT/SIGTERM.
A signal drains: sources stop reading, every event already read is finished
and acknowledged, offsets are committed, then the engine exits 0. A second
signal exits at once with status 130.

options:
  --plugin-dir DIR     look for plugins in DIR first (repeatable); also STREAMLINE_PLUGIN_PATH
  --log-level LEVEL    trace, debug, info (default), warn, error, critical, off
  --log-format FORMAT  text (default; coloured on a terminal) or json (one object per line)
  --admin-port N       serve /metrics, /healthz, /readyz and /status on port N
                       (overrides pipeline.admin.port; 0: no admin server)
  --admin-address A    the address the admin server binds (overrides pipeline.admin.address;
                       default 127.0.0.1)
)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "engine run: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

void print_diagnostics(const Diagnostics& diags) {
  for (const auto& d : diags) std::fputs(format_text_diagnostic(d).c_str(), stderr);
}

sigset_t drain_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Blocks SIGINT/SIGTERM in this thread and every thread it starts later, so
// they stay pending until the SignalWatcher takes them.
class BlockedSignals {
 public:
  BlockedSignals() {
    const sigset_t set = drain_signals();
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
  }
  ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

 private:
  sigset_t previous_{};
};

// Turns SIGINT/SIGTERM into a drain: a thread takes the blocked signals
// synchronously with sigtimedwait, so no work happens in an async handler.
// A second signal exits at once with 130.
class SignalWatcher {
 public:
  SignalWatcher(PipelineRunner& runner, spdlog::logger& logger, std::function<void()> on_drain)
      : on_drain_(std::move(on_drain)), thread_([this, &runner, &logger] { watch(runner, logger); }) {}
  ~SignalWatcher() {
    done_ = true;
    thread_.join();
  }
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch(PipelineRunner& runner, spdlog::logger& logger) {
    const sigset_t set = drain_signals();
    int received = 0;
    while (!done_) {
      const timespec timeout{0, 100'000'000};
      const int sig = sigtimedwait(&set, nullptr, &timeout);
      if (sig < 0) continue;  // timeout or EINTR: look at done_ again
      if (++received == 1) {
        logger.info("received {}: draining (send it again to exit at once)", sig == SIGINT ? "SIGINT" : "SIGTERM");
        if (on_drain_) on_drain_();
        runner.request_stop();
      } else {
        static constexpr char kMessage[] = "engine: second signal, exiting without draining\n";
        (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
        std::_Exit(130);
      }
    }
  }

  std::atomic<bool> done_{false};
  std::function<void()> on_drain_;
  std::thread thread_;
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
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--plugin-dir") {
      const auto* v = value();
      if (!v) return usage_error("--plugin-dir needs a directory");
      dirs.push_back(*v);
    } else if (a == "--log-level") {
      const auto* v = value();
      const auto level = v ? parse_log_level(*v) : std::nullopt;
      if (!level) return usage_error("--log-level takes trace, debug, info, warn, error, critical or off");
      log.level = *level;
    } else if (a == "--log-format") {
      const auto* v = value();
      const auto format = v ? parse_log_format(*v) : std::nullopt;
      if (!format) return usage_error("--log-format takes text or json");
      log.format = *format;
    } else if (a == "--admin-port") {
      const auto* v = value();
      admin_port = v ? parse_port(*v) : std::nullopt;
      if (!admin_port) return usage_error("--admin-port takes a port number from 0 to 65535");
    } else if (a == "--admin-address") {
      const auto* v = value();
      if (!v || v->empty()) return usage_error("--admin-address needs an address");
      admin_address = *v;
    } else if (!a.empty() && a[0] == '-') {
      return usage_error("unknown option '" + a + "'");
    } else if (file.empty()) {
      file = a;
    } else {
      return usage_error("one pipeline file at a time (got '" + file + "' and '" + a + "')");
    }
  }
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
  engine_metrics.count_plugin_load_failures(registry.load_errors().size());
  // What the admin endpoints describe; taken before the runner takes the plan.
  const PipelineView view = describe_pipeline(*plan);
  PhaseTracker phase;
  RetryWatch retries(metrics, view);
  StatusReport status(view, phase, metrics, retries, started);
  Readiness readiness(view, phase, retries);
  const int port = admin_port.value_or(plan->settings.admin_port);
  const std::string address = admin_address.value_or(plan->settings.admin_address);
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
                         [&] { return readiness.check(); }, [&] { return status.json(); }});
    } catch (const std::exception& e) {
      logger->error("{}: not started: {}", file, e.what());
      return 1;
    }
    logger->info("admin server listening on {} (/metrics, /healthz, /readyz, /status)", admin->url());
  }

  PipelineRunner runner(std::move(*plan), metrics, RunnerOptions{logger, {}});
  RunReport report;
  {
    SignalWatcher signals(runner, *logger, [&phase] { phase.set(PipelinePhase::kDraining); });
    if (runner.start()) phase.set(PipelinePhase::kRunning);
    report = runner.wait();
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
