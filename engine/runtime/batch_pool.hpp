#pragma once
// BatchPool: recycles the storage of batches between workers.
//
// A batch of 1024 events is a few hundred kilobytes of vector storage. Left
// to malloc, every hop (source -> processor -> sink) frees one such block and
// allocates another, on different threads; glibc answers each large free by
// consolidating its small-chunk bins, which cost a tenth of the pipeline's
// time in the throughput benchmark. Workers instead hand emptied batches
// back here and take them again for the next poll or outgoing batch.
// Thread-safe; bounded, so it never holds more than `max_batches`.

#include <cstddef>
#include <mutex>
#include <vector>

#include <streamline/batch.hpp>

namespace streamline::engine {

class BatchPool {
 public:
  explicit BatchPool(std::size_t max_batches) : max_batches_(max_batches) {}

  // An empty batch, with the storage of a recycled one when there is one.
  Batch acquire();
  // Takes `batch`'s storage for reuse (its events are destroyed now) and
  // leaves it empty.
  void release(Batch& batch);

  std::size_t size() const;

 private:
  const std::size_t max_batches_;
  mutable std::mutex mutex_;
  std::vector<Batch> free_;
};

}  // namespace streamline::engine
