#pragma once
// SourceWorker: the thread that runs one source instance.
//
//   poll -> stamp ingested_at -> track (ack tokens) -> route to readers
//
// Backpressure: when a reader's queue is full the source is paused and the
// worker keeps calling poll() (a paused source keeps its protocol alive and
// should return nothing); anything it still returns is held, never dropped,
// and emitted once there is room again, then the source is resumed.
// Commits what is done every commit_interval. On drain (or when exhausted) it
// stops reading, closes its outputs, waits until every event it emitted is
// done (bounded by the drain deadline), commits a last time, drains and
// stops the source. No plugin exception escapes run().

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/ack_registry.hpp"
#include "engine/runtime/batch_pool.hpp"
#include "engine/runtime/outcome_router.hpp"
#include "engine/runtime/run_control.hpp"
#include "engine/runtime/run_report.hpp"
#include "engine/runtime/stage_runtime.hpp"
#include "engine/runtime/worker_options.hpp"

namespace streamline::engine {

class SourceWorker {
 public:
  SourceWorker(StageRuntime& stage, std::size_t instance, AckRegistry& acks, RunControl& control,
               const WorkerOptions& options, BatchPool& pool);

  void run() noexcept;
  // After run() returned.
  SourceProgress progress() const;

 private:
  enum class PollResult { kOk, kFailed, kFatal };
  void read_loop();
  PollResult poll_into(Batch& out, std::chrono::milliseconds timeout);
  void emit(Batch& batch);
  bool push(std::size_t destination, Batch& batch);
  // Waits up to WorkerOptions::pause_after for room in `queue` (committing
  // when due) and pushes `batch`; false when it is still full (or stopped).
  bool wait_before_pausing(BoundedQueue& queue, Batch& batch);
  void commit(bool all);
  void finish();

  StageRuntime& stage_;
  std::string thread_name_;  // "store#2": top -H and perf show the stage
  Source& source_;
  AckTracker& tracker_;
  RunControl& control_;
  const WorkerOptions& options_;
  BatchPool& pool_;
  OutcomeRouter router_;
  Histogram& commit_seconds_;
  Counter& commit_failures_;  // exposed at 0 from the start: "no failed commit" is news too
  std::vector<Batch> outgoing_;
  Batch held_;  // returned by poll() while paused; emitted next
  int poll_failures_ = 0;
  bool exhausted_ = false;
  bool commit_failed_ = false;
  Clock::time_point next_commit_;
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> committed_;
  std::string error_;
};

}  // namespace streamline::engine
