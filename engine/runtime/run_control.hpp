#pragma once
// RunControl: the phase of a running pipeline, shared by the runner and
// every worker.
//
//   running  -> draining: request_drain() (a signal) or the last source is
//               exhausted. Sources stop reading; everything read finishes.
//               The drain deadline (drain_timeout) starts now.
//   draining -> aborted: hard_stop(), when the deadline passes. Workers
//               abandon what they hold (not acknowledged: replayed later).
// Workers report when they finish so the runner can wait for all of them.
//
// A hot reload pauses the pipeline between two sets of workers (two
// generations): begin_quiesce() makes the running generation's workers
// stop reading and finish what they read exactly as in a drain, but the
// pipeline is not over (no source counts as finished) and the stages that
// are kept go on with the next generation, which end_quiesce() lets run.
// wake() interrupts the runner's wait so it can apply a reload.
// Thread-safe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>

#include <streamline/stage.hpp>

namespace streamline::engine {

class RunControl {
 public:
  RunControl(std::chrono::milliseconds drain_timeout, std::size_t sources);

  void request_drain();
  bool drain_requested() const noexcept { return drain_.stop_requested(); }
  // Requested with the drain: sources stop reading, start-up retries give up.
  std::stop_token drain_token() const noexcept { return drain_.get_token(); }

  // Sources stop reading: a drain was requested or a reload is quiescing.
  bool stop_reading() const noexcept { return quiescing_.load(std::memory_order_acquire) || drain_requested(); }

  void begin_quiesce();
  // `sources`: the source workers of the next generation.
  void end_quiesce(std::size_t sources);
  bool quiescing() const noexcept { return quiescing_.load(std::memory_order_acquire); }

  // Makes wait_drain() return (true) once, e.g. for a reload to apply.
  void wake();
  // True (and cleared) when wake() was called since the last call.
  bool take_wake();

  void hard_stop();
  bool hard_stopped() const noexcept { return hard_.stop_requested(); }
  std::stop_token hard_stop_token() const noexcept { return hard_.get_token(); }

  // A source stopped reading (exhausted, drained or failed). The last one
  // starts the drain deadline.
  void source_finished();
  // Drain (or quiesce) start + drain_timeout; now + drain_timeout before.
  Clock::time_point drain_deadline() const;
  bool draining() const;

  void worker_started();
  void worker_finished();
  // Waits until every started worker finished (true) or `deadline` passes.
  bool wait_workers(Clock::time_point deadline);
  // Waits until the drain starts, no worker runs any more, wake() is
  // called, or `deadline` passes; true in the first three cases.
  bool wait_drain(Clock::time_point deadline);

 private:
  void start_drain_locked();

  const std::chrono::milliseconds drain_timeout_;
  std::stop_source drain_;
  std::stop_source hard_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::size_t sources_running_;
  std::size_t workers_running_ = 0;
  bool draining_ = false;
  bool woken_ = false;
  std::atomic<bool> quiescing_{false};
  Clock::time_point deadline_{};
  Clock::time_point quiesce_deadline_{};
};

}  // namespace streamline::engine
