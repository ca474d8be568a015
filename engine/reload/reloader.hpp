#pragma once
// Reloader: turns reload requests (the file changed, SIGHUP, POST /reload)
// into checked plans applied to the running pipeline, one at a time, on a
// thread of its own.
//
// Each reload reads the file again (the same checks as `engine validate`:
// load_pipeline_config, then make_plan). An invalid file logs every error
// with file:line:column and touches nothing. A valid one goes to
// PipelineRunner::reload(), which applies it as a diff. Every reload logs a
// one-line summary (reload_report.hpp), counts streamline_reloads_total
// {result}, sets streamline_config_last_reload_successful, observes the pause
// in streamline_reload_pause_seconds, and is handed to `on_reload` (the run
// command updates /status and what the admin endpoints describe).
//
// Requests that arrive while one waits to start join it: a burst of
// triggers is one reload.

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <spdlog/logger.h>

#include "engine/config/pipeline_config.hpp"
#include "engine/loader/plugin_loader.hpp"
#include "engine/observe/metrics_registry.hpp"
#include "engine/reload/reload_report.hpp"
#include "engine/runtime/pipeline_runner.hpp"

namespace streamline::engine {

class Reloader {
 public:
  // Called on the reloader's thread after each reload, with the plan now
  // running when one was applied.
  using OnReload = std::function<void(const ReloadReport&, const Plan* applied)>;

  Reloader(std::string file, EnvLookup environment, PluginRegistry& plugins, PipelineRunner& runner,
           MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger, OnReload on_reload = {});
  ~Reloader();  // stop()
  Reloader(const Reloader&) = delete;
  Reloader& operator=(const Reloader&) = delete;

  // Queues a reload (or joins the one waiting to start).
  std::shared_future<ReloadReport> request(const std::string& trigger);
  // Finishes the reload in progress, refuses what waits; later requests are
  // refused at once.
  void stop();

 private:
  struct Pending {
    std::string trigger;
    std::chrono::steady_clock::time_point requested;
    std::promise<ReloadReport> promise;
    std::shared_future<ReloadReport> future;
  };

  void loop();
  ReloadReport reload(const Pending& request);
  ReloadReport refused(const std::string& trigger) const;  // "failed": the engine is stopping
  void record(const ReloadReport& report);

  const std::string file_;
  const EnvLookup environment_;
  PluginRegistry& plugins_;
  PipelineRunner& runner_;
  MetricsRegistry& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  OnReload on_reload_;
  Histogram& pause_seconds_;
  Gauge& last_successful_;
  Gauge& last_success_time_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::unique_ptr<Pending> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace streamline::engine
