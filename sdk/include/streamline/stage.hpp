#pragma once
// Stage interfaces: what a plugin instance implements.
//
// Lifecycle (the engine calls these in this order, ordered by the graph: sinks
// start first, sources stop first):
//   create      (Plugin::create) - build from config; no I/O
//   start()     - connect; may throw TransientError, the engine retries with backoff
//   process()   - many times; for sources poll()
//   drain(deadline) - finish in-flight work (flush buffers) before stop
//   stop()      - release everything; idempotent, safe without start(), noexcept
//
// Threading: one instance is only ever called from one thread at a time. A
// stage with `concurrency: N` gets N instances, each on its own worker.

#include <chrono>
#include <cstddef>
#include <vector>

#include "streamline/batch.hpp"

namespace streamline {

using Clock = std::chrono::steady_clock;

class Stage {
 public:
  virtual ~Stage() = default;
  virtual void start() {}
  virtual void drain(Clock::time_point /*deadline*/) {}
  virtual void stop() noexcept {}
};

enum class PollStatus {
  kReady,      // events were added to the batch (possibly none on timeout)
  kExhausted,  // a finite source has no more events, now or ever
};

class Source : public Stage {
 public:
  // Adds up to max_events to `out`, waiting at most `timeout` for the first.
  // Each event must carry its origin (topic, partition, offset); offsets must
  // increase within a partition. The engine tracks them and calls commit().
  virtual PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) = 0;

  // Every event before these positions is done: persist progress (e.g. commit
  // Kafka offsets). Called from the source's own thread, between polls.
  virtual void commit(const std::vector<Position>& /*positions*/) {}

  // Backpressure: the downstream queue is full. A paused source keeps serving
  // its protocol (heartbeats, rebalances) in poll() but returns no events.
  virtual void pause() {}
  virtual void resume() {}
};

// A processor transforms, filters or routes events. It sets an outcome per
// event on the batch (pass by default).
class Processor : public Stage {
 public:
  virtual void process(Batch& batch) = 0;
};

// A sink writes events somewhere outside the pipeline. Passing an event means
// it is durably written; a sink may still have readers (its passed events flow
// on), e.g. a cache stage after a database sink.
class Sink : public Processor {};

}  // namespace streamline
