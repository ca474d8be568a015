#include "engine/runtime/bounded_queue.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>

namespace streamline::engine {

BoundedQueue::BoundedQueue(std::size_t capacity, std::size_t producers, std::size_t lanes)
    : capacity_(capacity == 0 ? 1 : capacity), lanes_(std::max<std::size_t>(lanes, 1)), open_producers_(producers) {}

bool BoundedQueue::has_room() const {
  return std::all_of(lanes_.begin(), lanes_.end(), [&](const auto& lane) { return lane.size() < capacity_; });
}

void BoundedQueue::put(Batch& batch) {
  const Clock::time_point now = Clock::now();
  if (lanes_.size() == 1) {
    lanes_[0].push_back({std::move(batch), now});
    ++queued_;
  } else {
    parts_.resize(lanes_.size());
    auto& events = batch.events();
    auto& outcomes = batch.outcomes();
    const std::hash<std::string> hash;
    for (std::size_t i = 0; i < events.size(); ++i) {
      Batch& part = parts_[hash(events[i].key) % lanes_.size()];
      part.events().push_back(std::move(events[i]));
      part.outcomes().push_back(std::move(outcomes[i]));
    }
    batch.clear();
    for (std::size_t l = 0; l < lanes_.size(); ++l) {
      if (parts_[l].empty()) continue;
      lanes_[l].push_back({std::move(parts_[l]), now});
      parts_[l] = Batch{};
      ++queued_;
    }
  }
  size_.store(queued_, std::memory_order_relaxed);
}

void BoundedQueue::notify_consumers() {
  // With lanes, the one woken must be the one whose lane got a batch.
  if (lanes_.size() == 1) not_empty_.notify_one();
  else not_empty_.notify_all();
}

void BoundedQueue::notify_producers() {
  // With lanes, room in one lane may be what every waiting producer needs.
  if (lanes_.size() == 1) not_full_.notify_one();
  else not_full_.notify_all();
}

bool BoundedQueue::try_push(Batch& batch) {
  {
    std::lock_guard lock(mutex_);
    if (force_closed_ || !has_room()) return false;
    put(batch);
  }
  notify_consumers();
  return true;
}

bool BoundedQueue::push(Batch& batch, std::stop_token stop) {
  {
    std::unique_lock lock(mutex_);
    if (!not_full_.wait(lock, stop, [&] { return force_closed_ || has_room(); })) return false;
    if (force_closed_) return false;
    put(batch);
  }
  notify_consumers();
  return true;
}

bool BoundedQueue::wait_for_room(std::chrono::milliseconds timeout, std::stop_token stop) {
  std::unique_lock lock(mutex_);
  return not_full_.wait_for(lock, stop, timeout, [&] { return force_closed_ || has_room(); }) && !force_closed_;
}

void BoundedQueue::take_front(Lane& lane, Batch& out, Clock::time_point* queued_at) {
  out = std::move(lane.front().batch);
  if (queued_at != nullptr) *queued_at = lane.front().queued_at;
  lane.pop_front();
  --queued_;
  size_.store(queued_, std::memory_order_relaxed);
}

BoundedQueue::PopStatus BoundedQueue::pop(Batch& out, std::chrono::milliseconds timeout, std::stop_token stop,
                                          std::size_t max_events, std::size_t lane_index,
                                          Clock::time_point* queued_at) {
  {
    std::unique_lock lock(mutex_);
    Lane& lane = lanes_.at(lane_index);
    const bool ready = not_empty_.wait_for(lock, stop, timeout, [&] {
      return force_closed_ || !lane.empty() || open_producers_ == 0;
    });
    if (force_closed_) return PopStatus::kClosed;
    if (!ready) return PopStatus::kTimeout;
    if (lane.empty()) return PopStatus::kClosed;  // every producer closed
    if (lane.front().batch.size() > max_events) return PopStatus::kTimeout;
    take_front(lane, out, queued_at);
  }
  notify_producers();
  return PopStatus::kBatch;
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
  return force_closed_ || (open_producers_ == 0 && queued_ == 0);
}

}  // namespace streamline::engine
