#pragma once
// BoundedQueue: a stage's input, a multi-producer multi-consumer queue of
// batches with a fixed capacity (in batches).
//
// Bounded so that a slow stage pushes back on its producers and finally
// pauses the source; nothing is ever dropped. Batches amortise the mutex:
// one lock per batch of events, not per event.
//
// Fan-in: the queue is built knowing how many upstream producers feed it.
// Each calls close_producer() once when it will push no more; the queue is
// closed when every producer has closed and every batch has been popped.
// Consumers (the N workers of a stage with `concurrency: N`) then see
// kClosed. close() forces that at once (hard stop); batches still queued are
// then discarded by consumers, never acknowledged, and replayed later.
//
// Lanes (`partition_by: key`): a queue built with N lanes splits each pushed
// batch by a hash of its events' keys, one sub-batch per lane, and consumer
// i pops from lane i only. So the events of one key are all processed by one
// worker, in the order they were pushed, while N workers run in parallel.
// Each lane holds up to `capacity` batches; a push waits until every lane
// has room.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stop_token>
#include <vector>

#include <streamline/batch.hpp>

namespace streamline::engine {

class BoundedQueue {
 public:
  BoundedQueue(std::size_t capacity, std::size_t producers, std::size_t lanes = 1);
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  // Moves `batch` in when there is room; leaves it untouched and returns
  // false when the queue is full.
  bool try_push(Batch& batch);
  // Waits for room. Returns false (batch untouched) when `stop` is requested
  // or the queue was force-closed first.
  bool push(Batch& batch, std::stop_token stop = {});
  // Waits until there is room, `timeout` passes or `stop` is requested.
  // True when there is room now.
  bool wait_for_room(std::chrono::milliseconds timeout, std::stop_token stop = {});

  using Clock = std::chrono::steady_clock;
  enum class PopStatus { kBatch, kTimeout, kClosed };
  // Takes the oldest batch of `lane`, waiting at most `timeout` (or until
  // `stop`: then kTimeout). With `max_events`, only a batch of at most that
  // many events is taken; a bigger one at the front gives kTimeout at once.
  // `queued_at`, when given, receives when the batch was pushed.
  PopStatus pop(Batch& out, std::chrono::milliseconds timeout, std::stop_token stop = {},
                std::size_t max_events = SIZE_MAX, std::size_t lane = 0, Clock::time_point* queued_at = nullptr);

  // One producer will push no more.
  void close_producer();
  // Closes at once, for every producer, and wakes everyone waiting.
  void close();

  // Batches queued now, every lane (for the queue-depth gauge); lock-free.
  std::size_t size() const noexcept { return size_.load(std::memory_order_relaxed); }
  std::size_t capacity() const noexcept { return capacity_; }
  std::size_t lanes() const noexcept { return lanes_.size(); }
  // Every producer closed and nothing left to pop.
  bool closed() const;

 private:
  struct Queued {
    Batch batch;
    Clock::time_point queued_at;
  };
  using Lane = std::deque<Queued>;

  bool has_room() const;
  // Moves `batch` into the lanes (split by key when there are several).
  void put(Batch& batch);
  void take_front(Lane& lane, Batch& out, Clock::time_point* queued_at);
  void notify_consumers();
  void notify_producers();

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable_any not_empty_;
  std::condition_variable_any not_full_;
  std::vector<Lane> lanes_;
  std::vector<Batch> parts_;  // scratch for splitting a batch, under the lock
  std::size_t queued_ = 0;    // batches in every lane
  std::size_t open_producers_;
  bool force_closed_ = false;
  std::atomic<std::size_t> size_{0};
};

}  // namespace streamline::engine
