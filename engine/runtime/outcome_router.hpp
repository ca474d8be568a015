#pragma once
// OutcomeRouter: after a stage call, reads each event's outcome and moves the
// event on. This is where the engine keeps its half of the contract:
//   pass     -> every reader of the default output (a copy each); no reader:
//               the event is delivered (done)
//   send(k)  -> every reader of named output k; no reader: dropped with
//               reason "no reader for output <name>"
//   drop     -> done, counted by reason
//   fail     -> Event::failure is set {stage, error, attempts}; then the error
//               output's readers, else the pipeline's dead-letter stage, else
//               logged, counted and done
// Fan-out adds acknowledgement references before any copy leaves, so an
// event is done only when every copy is.
//
// One router per worker (it keeps scratch buffers); not thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/batch.hpp>

#include "engine/runtime/ack_registry.hpp"
#include "engine/runtime/batch_pool.hpp"
#include "engine/runtime/stage_metrics.hpp"
#include "engine/runtime/stage_routes.hpp"

namespace streamline::engine {

class OutcomeRouter {
 public:
  // `pool` (may be null) provides storage for outgoing batches.
  OutcomeRouter(std::string stage, const StageRoutes& routes, AckRegistry& acks, StageMetrics& metrics,
                spdlog::logger& logger, BatchPool* pool = nullptr);

  // Sorts `batch`'s events into `outgoing` (resized to one batch per
  // destination, appended to) and completes those that end here. `attempts`
  // is how many times the stage ran the batch. Leaves `batch` empty.
  void route(Batch& batch, int attempts, std::vector<Batch>& outgoing);

 private:
  void deliver(Event& event, const std::vector<std::uint16_t>& readers, std::vector<Batch>& outgoing);
  std::optional<std::size_t> size_outgoing(Batch& batch, std::vector<Batch>& outgoing);
  void finish(const Event& event) { done_.push_back(event.ack); }

  std::string stage_;
  const StageRoutes& routes_;
  AckRegistry& acks_;
  StageMetrics& metrics_;
  spdlog::logger& logger_;
  BatchPool* pool_;
  DropCounters drops_;
  std::vector<std::size_t> counts_;  // events per destination in this batch
  std::vector<std::string> no_reader_reasons_;  // per named output
  std::vector<AckToken> done_;
  std::vector<ExtraRefs> extra_refs_;
};

// Appends `from`'s events (and outcomes) to `into`; leaves `from` empty.
void append_batch(Batch& into, Batch& from);
// Sets every outcome back to pass (a batch arriving at a stage).
void reset_outcomes(Batch& batch);

}  // namespace streamline::engine
