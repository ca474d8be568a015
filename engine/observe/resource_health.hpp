#pragma once
// ResourceHealth: whether the services behind the pipeline's shared
// resources (`resources:`, e.g. PostgreSQL and Redis pools) answer.
//
// A probe thread asks every resource's Resource::healthy() once per
// interval, so /readyz learns about an outage even when no event flows (a
// stage only meets an outage when it has work) and never waits on a
// service itself. Each resource has a gauge streamline_resource_up
// {resource, plugin} (1 or 0); a change is logged once (down: warn, up
// again: info). The probe holds the resources only while it runs: stop it
// (end the Probing) before the runner that created them is destroyed.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/context.hpp>

#include "engine/observe/metrics_registry.hpp"

namespace streamline::engine {

// A shared resource of the running pipeline (PipelineRunner::resources()).
struct NamedResource {
  std::string name;
  std::string plugin;
  std::shared_ptr<const Resource> resource;
};

struct ResourceDown {
  std::string name;
  std::string plugin;
};

class ResourceHealth {
 public:
  // Ends the probe thread when destroyed.
  class Probing {
   public:
    explicit Probing(ResourceHealth& health) : health_(&health) {}
    Probing(Probing&& other) noexcept : health_(std::exchange(other.health_, nullptr)) {}
    Probing& operator=(Probing&&) = delete;
    ~Probing() {
      if (health_ != nullptr) health_->stop();
    }

   private:
    ResourceHealth* health_;
  };

  ResourceHealth(MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger,
                 std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~ResourceHealth();
  ResourceHealth(const ResourceHealth&) = delete;
  ResourceHealth& operator=(const ResourceHealth&) = delete;

  // Probes every resource now, then once per interval on a thread, until the
  // returned Probing ends.
  [[nodiscard]] Probing start(std::vector<NamedResource> resources);
  // After a hot reload changed the resources: probes these instead (while
  // probing; not concurrently with the Probing's end).
  void replace(std::vector<NamedResource> resources);

  // The first resource (in the order given) whose last probe failed.
  std::optional<ResourceDown> first_down() const;

 private:
  struct Watched {
    NamedResource resource;
    Gauge* up = nullptr;
    bool healthy = true;
  };

  void watch(std::vector<NamedResource> resources);
  void probe_all();
  void stop() noexcept;

  MetricsRegistry& metrics_;
  std::shared_ptr<spdlog::logger> logger_;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;  // guards watched_'s `healthy` flags
  std::vector<Watched> watched_;
  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace streamline::engine
