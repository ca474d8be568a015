#include "engine/reload/reloader.hpp"

#include <utility>

#include "engine/config/diagnostic_format.hpp"
#include "engine/plan/plan.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kReloads = "streamline_reloads_total";
constexpr const char* kReloadsHelp = "Config reloads, by result: applied, unchanged, invalid, failed.";
constexpr const char* kResults[] = {"applied", "unchanged", "invalid", "failed"};

// Pauses of a reload: tens of milliseconds when stages finish quickly.
const std::vector<double>& pause_buckets() {
  static const std::vector<double> buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  return buckets;
}

}  // namespace

Reloader::Reloader(std::string file, EnvLookup environment, PluginRegistry& plugins, PipelineRunner& runner,
                   MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger, OnReload on_reload)
    : file_(std::move(file)),
      environment_(std::move(environment)),
      plugins_(plugins),
      runner_(runner),
      metrics_(metrics),
      logger_(std::move(logger)),
      on_reload_(std::move(on_reload)),
      pause_seconds_(metrics.histogram("streamline_reload_pause_seconds",
                                       "Time a config reload kept the sources from reading.", pause_buckets())),
      last_successful_(metrics.gauge("streamline_config_last_reload_successful",
                                     "1 when the last config reload was applied or changed nothing, 0 when not.")),
      last_success_time_(metrics.gauge("streamline_config_last_reload_success_timestamp_seconds",
                                       "Unix time of the last config reload that was applied or changed nothing.")) {
  for (const char* result : kResults) metrics_.counter(kReloads, kReloadsHelp, {{"result", result}});
  // The config it started with counts as the last successful load.
  last_successful_.set(1);
  last_success_time_.set(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  thread_ = std::thread([this] { loop(); });
}

Reloader::~Reloader() { stop(); }

std::shared_future<ReloadReport> Reloader::request(const std::string& trigger) {
  std::lock_guard lock(mutex_);
  if (pending_) return pending_->future;  // joins the reload waiting to start
  auto next = std::make_unique<Pending>();
  next->trigger = trigger;
  next->requested = std::chrono::steady_clock::now();
  next->future = next->promise.get_future().share();
  auto future = next->future;
  if (stopping_) {
    next->promise.set_value(refused(trigger));
    return future;
  }
  pending_ = std::move(next);
  wake_.notify_all();
  return future;
}

ReloadReport Reloader::refused(const std::string& trigger) const {
  ReloadReport report;
  report.trigger = trigger;
  report.result = "failed";
  report.file = file_;
  report.at = std::chrono::system_clock::now();
  report.error = "the engine is stopping";
  return report;
}

void Reloader::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void Reloader::loop() {
  for (;;) {
    std::unique_ptr<Pending> next;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || pending_; });
      next = std::move(pending_);
      stopping = stopping_;
    }
    if (!next) return;  // stopping, nothing waits
    next->promise.set_value(stopping ? refused(next->trigger) : reload(*next));
  }
}

ReloadReport Reloader::reload(const Pending& request) {
  ReloadReport report;
  report.trigger = request.trigger;
  report.file = file_;
  report.at = std::chrono::system_clock::now();

  // Plugins replaced on disk are loaded again first: their stages get new
  // fingerprints and are restarted on the new code.
  const std::size_t errors_before = plugins_.load_errors().size();
  for (const std::string& line : plugins_.reload_changed()) logger_->info("reload: {}", line);
  Diagnostics diags;
  std::optional<Plan> plan;
  if (auto config = load_pipeline_config(file_, environment_, diags); config && !has_errors(diags))
    plan = make_plan(*config, plugins_, diags);
  for (std::size_t i = errors_before; i < plugins_.load_errors().size(); ++i)
    logger_->warn("reload: {}", plugins_.load_errors()[i].message);
  if (!plan || has_errors(diags)) {
    report.result = "invalid";
    report.errors = std::move(diags);
    for (const Diagnostic& d : report.errors) {
      std::string text = format_text_diagnostic(d);
      if (!text.empty() && text.back() == '\n') text.pop_back();
      if (d.severity == Severity::kError)
        logger_->error("reload: {}", text);
      else
        logger_->warn("reload: {}", text);
    }
  } else {
    const ReloadOutcome outcome = runner_.reload(*plan).get();
    report.result = to_string(outcome.result);
    report.diff = outcome.diff;
    report.pause = outcome.pause;
    report.error = outcome.error;
    if (outcome.result != ReloadOutcome::Result::kApplied) plan.reset();
  }
  report.took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - request.requested);
  record(report);
  if (on_reload_) on_reload_(report, plan ? &*plan : nullptr);
  return report;
}

void Reloader::record(const ReloadReport& report) {
  metrics_.counter(kReloads, kReloadsHelp, {{"result", report.result}}).inc();
  last_successful_.set(report.ok() ? 1 : 0);
  if (report.ok())
    last_success_time_.set(
        std::chrono::duration<double>(report.at.time_since_epoch()).count());
  if (report.result == "applied") pause_seconds_.observe(std::chrono::duration<double>(report.pause).count());
  if (report.ok())
    logger_->info("{}", report.summary());
  else
    logger_->error("{}", report.summary());
}

}  // namespace streamline::engine
