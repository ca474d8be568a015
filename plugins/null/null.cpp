#include "null.hpp"

namespace streamline::plugins::null_sink {

void NullSink::process(Batch& batch) {
  if (batch.empty()) return;
  discarded_ += batch.size();
  if (counter_ != nullptr) counter_->inc(static_cast<double>(batch.size()));
}

}  // namespace streamline::plugins::null_sink
