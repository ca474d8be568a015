#pragma once
// StageWorker: the thread that runs one processor or sink instance.
//
//   pop a batch (of its own lane with partition_by: key) -> merge queued batches up to batch.max_events (waiting
//   until its events have been queued for batch.max_wait at most) -> process() -> route outcomes to readers
//
// Errors from process():
//   TransientError - the same batch is retried with exponential backoff
//                    (`retry:`; max_attempts 0 = forever). A hard stop ends
//                    the retries and fails the batch.
//   PayloadError   - an event's payload is not JSON: those events fail with
//                    the parser's message, the others are processed again.
//   anything else  - the whole batch fails: "plugin 'x' threw: <what()>".
// When its input is closed and empty: drain(deadline), then the last
// worker of the stage closes the stage's outputs. No plugin exception
// escapes run().

#include <cstddef>
#include <string>
#include <vector>

#include "engine/runtime/ack_registry.hpp"
#include "engine/runtime/batch_pool.hpp"
#include "engine/runtime/outcome_router.hpp"
#include "engine/runtime/run_control.hpp"
#include "engine/runtime/stage_runtime.hpp"
#include "engine/runtime/worker_options.hpp"

namespace streamline::engine {

class StageWorker {
 public:
  StageWorker(StageRuntime& stage, std::size_t instance, AckRegistry& acks, RunControl& control,
              const WorkerOptions& options, BatchPool& pool);

  void run() noexcept;

 private:
  void work_loop();
  bool next_batch(Batch& batch);
  // Runs process() until it succeeds, fails for good or is stopped; returns
  // the number of attempts. Outcomes are set on `batch` in every case.
  int process(Batch& batch);
  bool isolate_bad_payloads(Batch& batch, int& attempts);
  void finish();

  StageRuntime& stage_;
  std::string thread_name_;  // "store#2": top -H and perf show the stage
  Processor& processor_;
  AckRegistry& acks_;
  RunControl& control_;
  const WorkerOptions& options_;
  BatchPool& pool_;
  spdlog::logger& logger_;  // the instance's ("plugin/stage#n" with concurrency > 1)
  OutcomeRouter router_;
  std::vector<Batch> outgoing_;
  Batch merge_;
  std::size_t lane_;  // of the input queue (partition_by: key), else 0
};

}  // namespace streamline::engine
