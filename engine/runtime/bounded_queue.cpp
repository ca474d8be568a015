#include "engine/runtime/bounded_queue.hpp"

#include <utility>

namespace streamline::engine {

BoundedQueue::BoundedQueue(std::size_t capacity, std::size_t producers)
    : capacity_(capacity == 0 ? 1 : capacity), open_producers_(producers) {}

bool BoundedQueue::try_push(Batch& batch) {
  {
    std::lock_guard lock(mutex_);
    if (force_closed_ || batches_.size() >= capacity_) return false;
    batches_.push_back(std::move(batch));
    size_.store(batches_.size(), std::memory_order_relaxed);
  }
  not_empty_.notify_one();
  return true;
}

bool BoundedQueue::push(Batch& batch, std::stop_token stop) {
  {
    std::unique_lock lock(mutex_);
    if (!not_full_.wait(lock, stop, [&] { return force_closed_ || batches_.size() < capacity_; })) return false;
    if (force_closed_) return false;
    batches_.push_back(std::move(batch));
    size_.store(batches_.size(), std::memory_order_relaxed);
  }
  not_empty_.notify_one();
  return true;
}

bool BoundedQueue::wait_for_room(std::chrono::milliseconds timeout, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return not_full_.wait_for(lock, stop, timeout, [&] { return force_closed_ || batches_.size() < capacity_; }) &&
         !force_closed_;
}

void BoundedQueue::take_front(Batch& out) {
  out = std::move(batches_.front());
  batches_.pop_front();
  size_.store(batches_.size(), std::memory_order_relaxed);
}

BoundedQueue::PopStatus BoundedQueue::pop(Batch& out, std::chrono::milliseconds timeout, std::stop_token stop,
                                          std::size_t max_events) {
  {
    std::unique_lock lock(mutex_);
    const bool ready = not_empty_.wait_for(lock, stop, timeout, [&] {
      return force_closed_ || !batches_.empty() || open_producers_ == 0;
    });
    if (force_closed_) return PopStatus::kClosed;
    if (!ready) return PopStatus::kTimeout;
    if (batches_.empty()) return PopStatus::kClosed;  // every producer closed
    if (batches_.front().size() > max_events) return PopStatus::kTimeout;
    take_front(out);
  }
  not_full_.notify_one();
  return PopStatus::kBatch;
}

bool BoundedQueue::try_pop_fitting(Batch& out, std::size_t max_events) {
  {
    std::lock_guard lock(mutex_);
    if (force_closed_ || batches_.empty() || batches_.front().size() > max_events) return false;
    take_front(out);
  }
  not_full_.notify_one();
  return true;
}

void BoundedQueue::close_producer() {
  {
    std::lock_guard lock(mutex_);
    if (open_producers_ > 0) --open_producers_;
    if (open_producers_ > 0) return;
  }
  not_empty_.notify_all();
}

void BoundedQueue::close() {
  {
    std::lock_guard lock(mutex_);
    force_closed_ = true;
    open_producers_ = 0;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
}

bool BoundedQueue::closed() const {
  std::lock_guard lock(mutex_);
  return force_closed_ || (open_producers_ == 0 && batches_.empty());
}

}  // namespace streamline::engine
