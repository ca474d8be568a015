#pragma once
// NullSink: discards events (they pass: a sink with no readers delivered
// them) and counts them. For benchmarks and for pipelines that only test
// their upstream stages.

#include <cstdint>

#include <streamline/batch.hpp>
#include <streamline/metrics.hpp>
#include <streamline/stage.hpp>

namespace streamline::plugins::null_sink {

class NullSink final : public Sink {
 public:
  // `discarded` (may be null) is incremented once per batch.
  explicit NullSink(Counter* discarded = nullptr) : counter_(discarded) {}

  void process(Batch& batch) override;

  std::uint64_t discarded() const noexcept { return discarded_; }

 private:
  Counter* counter_;
  std::uint64_t discarded_ = 0;
};

}  // namespace streamline::plugins::null_sink
