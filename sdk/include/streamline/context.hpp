#pragma once
// Context: everything a stage gets from the engine.
//
// Plugins never read global state or the environment: the logger, metrics,
// shared resources and the stop signal come from here. The Context outlives
// the stage instance created with it. All methods are thread-safe.

#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>

#include "streamline/event.hpp"
#include "streamline/metrics.hpp"
#include "streamline/position_store.hpp"

namespace streamline {

class Batch;

// A shared, named resource declared under `resources:` (a connection pool, a
// client). Created once by a resource plugin and handed to every stage that
// names it.
class Resource {
 public:
  virtual ~Resource() = default;
  // True when the service behind the resource answers; used by readiness.
  virtual bool healthy() const { return true; }
};

// For sources: what the engine knows about which of this source's events are
// done. Positions (see event.hpp) are "next offset to read".
class Acknowledgements {
 public:
  virtual ~Acknowledgements() = default;
  // Positions that advanced since they were last returned (or all, if `all`).
  virtual std::vector<Position> committable(bool all = false) = 0;
  // Stop tracking a partition (it was revoked). Events of it still in flight
  // complete normally but never produce a position again.
  virtual void release(std::string_view topic, std::int32_t partition) = 0;
  // Events emitted and not yet done.
  virtual std::size_t in_flight() const = 0;
  // The name under which sinks store this source's positions (see
  // position_store.hpp); call it before emitting. Kafka: the consumer group.
  virtual void set_consumer(std::string /*consumer*/) {}
};

class Context {
 public:
  virtual ~Context() = default;

  // The stage's name in the pipeline ("fraud") and its instance name
  // ("fraud-model/fraud": plugin/stage).
  virtual const std::string& stage_name() const noexcept = 0;
  virtual const std::string& instance_name() const noexcept = 0;

  // Logger named after the instance.
  virtual spdlog::logger& logger() noexcept = 0;
  // Metrics labelled with this stage.
  virtual Metrics& metrics() noexcept = 0;
  // The shared resource declared under `resources:` with this name; null when
  // there is none.
  virtual std::shared_ptr<Resource> resource(std::string_view name) = 0;
  // Requested when the engine stops or drains this stage: blocking calls in a
  // plugin should wake up for it.
  virtual std::stop_token stop_token() const noexcept = 0;
  // For sources only (null for other stages).
  virtual Acknowledgements* acknowledgements() noexcept = 0;

  // For sinks that store source positions with their writes (exactly-once,
  // see position_store.hpp): per source partition, the position up to which
  // every event is done once this batch's outcomes take effect. An event of
  // `batch` counts as done only when its outcome ends it here (dropped, or
  // passed, sent or failed to an output nobody reads); one going on to later
  // stages (a cache after the store) is done when they are, so a crash
  // between this write and theirs replays it instead of skipping it. Call it
  // after setting the batch's outcomes, inside the write. Conservative: an
  // earlier event still anywhere in the pipeline holds its partition back.
  // Empty for events of untracked sources.
  virtual std::vector<StoredPosition> positions_after(const Batch& /*batch*/) { return {}; }

  template <typename T>
  std::shared_ptr<T> resource_as(std::string_view name) {
    return std::dynamic_pointer_cast<T>(resource(name));
  }
};

}  // namespace streamline
