#pragma once
// StageContext: the engine's streamline::Context for one stage instance (or
// one resource): its names, a logger named "plugin/stage", metrics labelled
// {stage, plugin}, the pipeline's shared resources, a stop signal and, for a
// source, its acknowledgements.
//
// The context outlives the instance created with it (the runner owns both and
// destroys instances first). Everything here is thread-safe.

#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

#include <streamline/context.hpp>

#include "engine/observe/labelled_metrics.hpp"
#include "engine/runtime/ack_registry.hpp"
#include "engine/runtime/stage_routes.hpp"

namespace streamline::engine {

using ResourceMap = std::map<std::string, std::shared_ptr<Resource>, std::less<>>;

class StageContext final : public Context {
 public:
  // `resources` must outlive the context; it may still be filled while
  // resources are being created (a resource sees the ones before it).
  // `stop` is what the plugin's stop_token() reports: the drain for sources,
  // the hard stop for other stages.
  StageContext(std::string stage, std::string plugin, std::shared_ptr<spdlog::logger> logger, Metrics& registry,
               const ResourceMap& resources, std::stop_token stop, Acknowledgements* acknowledgements = nullptr,
               const AckRegistry* acks = nullptr);

  const std::string& stage_name() const noexcept override { return stage_; }
  const std::string& instance_name() const noexcept override { return instance_; }
  spdlog::logger& logger() noexcept override { return *logger_; }
  Metrics& metrics() noexcept override { return metrics_; }
  std::shared_ptr<Resource> resource(std::string_view name) override;
  std::stop_token stop_token() const noexcept override { return stop_; }
  Acknowledgements* acknowledgements() noexcept override { return acknowledgements_; }
  std::vector<StoredPosition> positions_after(const Batch& batch) override;

  const std::string& plugin_name() const noexcept { return plugin_; }
  // Where this stage's outputs go: positions_after counts only the events
  // whose outcome ends here. Set by the runner before the stage runs and
  // again when a reload gives a kept stage new edges (no batch in flight).
  void set_routes(const StageRoutes* routes) noexcept { routes_ = routes; }

 private:
  std::string stage_;
  std::string plugin_;
  std::string instance_;
  std::shared_ptr<spdlog::logger> logger_;
  LabelledMetrics metrics_;
  const ResourceMap& resources_;
  std::stop_token stop_;
  Acknowledgements* acknowledgements_;
  const AckRegistry* acks_;
  const StageRoutes* routes_ = nullptr;
};

}  // namespace streamline::engine
