#pragma once
// DelayStage: holds each batch for a while, to test backpressure, drain
// deadlines and stop handling. Events pass unchanged.
//
// Sleeps `duration` per batch, or `duration` times the batch's size with
// per_event; an empty batch is not held. The sleep ends early when the stop
// token (the engine's stop or drain request) fires.

#include <chrono>
#include <stop_token>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

namespace streamline::plugins::delay {

struct DelayOptions {
  std::chrono::milliseconds duration{0};
  bool per_event = false;
};

class DelayStage final : public Processor {
 public:
  DelayStage(DelayOptions options, std::stop_token stop);
  void process(Batch& batch) override;

 private:
  DelayOptions options_;
  std::stop_token stop_;
};

}  // namespace streamline::plugins::delay
