#include "engine/runtime/batch_pool.hpp"

#include <utility>

namespace streamline::engine {

Batch BatchPool::acquire() {
  std::lock_guard lock(mutex_);
  if (free_.empty()) return Batch{};
  Batch batch = std::move(free_.back());
  free_.pop_back();
  return batch;
}

void BatchPool::release(Batch& batch) {
  batch.clear();  // destroys the events outside the lock
  if (batch.events().capacity() == 0 && batch.outcomes().capacity() == 0) return;
  Batch storage = std::move(batch);
  batch = Batch{};
  std::lock_guard lock(mutex_);
  if (free_.size() < max_batches_) free_.push_back(std::move(storage));
  // When full, `storage` is freed after the lock is released (reverse order
  // of declaration).
}

std::size_t BatchPool::size() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

}  // namespace streamline::engine
