#pragma once
// StageMetrics: what the engine measures for every stage, the same way
// (names prefixed `streamline_`, labels `stage` and `plugin`):
//   streamline_events_in_total            events the stage received (sources: read)
//   streamline_events_out_total           events it passed or sent on (sinks: written)
//   streamline_events_dropped_total{reason}
//   streamline_events_failed_total
//   streamline_batch_retries_total        batches retried after a TransientError
//   streamline_batch_size                 events per process()/poll() call (histogram)
//   streamline_processing_seconds         duration of a process() call (histogram)
//   streamline_queue_depth                batches waiting in the stage's input queue
//   streamline_stage_starts_total         instances started (more than `concurrency` once
//                                         a hot reload restarted the stage)
// Sources also get streamline_source_paused_total, streamline_events_in_flight,
// streamline_committed_offset{topic,partition}, and once they commit,
// streamline_commit_seconds (histogram: one Source::commit() call) and
// streamline_commit_failures_total.
//
// One StageMetrics is shared by the instances of a stage; updates are atomic.
// Drop counters are per reason, looked up under the registry's lock: keep a
// DropCounters per worker, which caches them.

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <streamline/metrics.hpp>

namespace streamline::engine {

class StageMetrics {
 public:
  StageMetrics(Metrics& registry, const std::string& stage, const std::string& plugin);

  Counter& events_in;
  Counter& events_out;
  Counter& events_failed;
  Counter& batch_retries;
  Histogram& batch_size;
  Histogram& processing_seconds;
  Gauge& queue_depth;
  Counter& instance_starts;
  Counter& source_paused;
  Gauge& events_in_flight;

  Counter& dropped(const std::string& reason);
  Gauge& committed_offset(const std::string& topic, std::int32_t partition);
  Histogram& commit_seconds();
  Counter& commit_failures();
  void count_dropped(std::uint64_t n) noexcept { dropped_total_.fetch_add(n, std::memory_order_relaxed); }
  // Time spent in process() and how many calls: the run report's "where the
  // time went" line (the histogram above has no readable sum).
  void add_busy(double seconds) noexcept;
  double busy_seconds() const noexcept { return busy_ns_.load(std::memory_order_relaxed) / 1e9; }
  std::uint64_t calls() const noexcept { return calls_.load(std::memory_order_relaxed); }
  std::uint64_t dropped_total() const noexcept { return dropped_total_.load(std::memory_order_relaxed); }

 private:
  Metrics& registry_;
  Labels labels_;
  std::atomic<std::uint64_t> dropped_total_{0};
  std::atomic<std::uint64_t> busy_ns_{0};
  std::atomic<std::uint64_t> calls_{0};
};

// A worker's cache of drop counters by reason (reasons are few and repeat).
class DropCounters {
 public:
  explicit DropCounters(StageMetrics& metrics) : metrics_(metrics) {}
  void count(const std::string& reason, std::uint64_t n = 1);

 private:
  StageMetrics& metrics_;
  std::vector<std::pair<std::string, Counter*>> cache_;
};

}  // namespace streamline::engine
