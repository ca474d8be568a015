#include "engine/observe/resource_health.hpp"

#include <utility>

namespace streamline::engine {
namespace {

// healthy() is plugin code: an exception means "not healthy", never a crash.
bool answers(const Resource& resource) noexcept {
  try {
    return resource.healthy();
  } catch (...) {
    return false;
  }
}

}  // namespace

ResourceHealth::ResourceHealth(MetricsRegistry& metrics, std::shared_ptr<spdlog::logger> logger,
                               std::chrono::milliseconds interval)
    : metrics_(metrics), logger_(std::move(logger)), interval_(interval) {}

ResourceHealth::~ResourceHealth() { stop(); }

ResourceHealth::Probing ResourceHealth::start(std::vector<NamedResource> resources) {
  watch(std::move(resources));
  return Probing(*this);
}

void ResourceHealth::replace(std::vector<NamedResource> resources) {
  stop();
  watch(std::move(resources));
}

void ResourceHealth::watch(std::vector<NamedResource> resources) {
  {
    const std::lock_guard lock(mutex_);
    watched_.clear();
    for (auto& r : resources) {
      Gauge& up = metrics_.gauge("streamline_resource_up",
                                 "1 when the service behind a shared resource answered its last health probe, else 0",
                                 {{"resource", r.name}, {"plugin", r.plugin}});
      up.set(1);
      watched_.push_back(Watched{std::move(r), &up, true});
    }
  }
  probe_all();
  thread_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      {
        std::unique_lock lock(wake_mutex_);
        if (wake_.wait_for(lock, stop, interval_, [] { return false; }) || stop.stop_requested()) return;
      }
      probe_all();
    }
  });
}

void ResourceHealth::probe_all() {
  // watched_ only grows in start(), before the thread exists: iterating it
  // unlocked is safe; the flags are read by HTTP threads, so they are locked.
  for (std::size_t i = 0; i < watched_.size(); ++i) {
    Watched& w = watched_[i];
    const bool healthy = answers(*w.resource.resource);
    w.up->set(healthy ? 1 : 0);
    bool was;
    {
      const std::lock_guard lock(mutex_);
      was = std::exchange(w.healthy, healthy);
    }
    if (was && !healthy)
      logger_->warn("resource '{}' (plugin '{}') does not answer its health probe: /readyz reports not ready",
                    w.resource.name, w.resource.plugin);
    else if (!was && healthy)
      logger_->info("resource '{}' (plugin '{}') answers again", w.resource.name, w.resource.plugin);
  }
}

void ResourceHealth::stop() noexcept {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  const std::lock_guard lock(mutex_);
  for (Watched& w : watched_) w.resource.resource.reset();
}

std::optional<ResourceDown> ResourceHealth::first_down() const {
  const std::lock_guard lock(mutex_);
  for (const Watched& w : watched_)
    if (!w.healthy) return ResourceDown{w.resource.name, w.resource.plugin};
  return std::nullopt;
}

}  // namespace streamline::engine
