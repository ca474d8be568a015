#pragma once
// OrderGenerator: the order-generator source, OrderStream's events as
// pipeline events.
//
// Event n of the stream (n from 0) becomes Event::from_raw(payload) with key
// = order id and origin ("order-generator", partition 0, offset n), so a
// run is reproducible whatever the batch sizes. Pacing: `rate` events per
// second or one per `delay`; neither = as fast as the pipeline takes them.
// `count` events in all (0 = endless), then kExhausted. pause() stops
// emitting until resume(); poll() then waits out its timeout (waking early
// on stop) so the engine does not spin.
//
// Threading: one thread at a time, as every stage.

#include <chrono>
#include <cstdint>
#include <stop_token>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

#include "order_stream.hpp"
#include "pacer.hpp"

namespace streamline::plugins::order_generator {

inline constexpr const char* kOriginTopic = "order-generator";

struct OrderGeneratorOptions {
  std::uint64_t seed = 1;
  std::uint64_t count = 1000;  // 0 = endless
  double rate = 0;             // events per second; 0 = unthrottled
  std::chrono::milliseconds delay{0};
  std::size_t batch_size = 500;
  orders::OrderStreamOptions stream;
};

class OrderGenerator final : public Source {
 public:
  OrderGenerator(OrderGeneratorOptions options, std::stop_token stop);

  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) override;
  void pause() override;
  void resume() override;

 private:
  OrderGeneratorOptions options_;
  std::stop_token stop_;
  orders::OrderStream stream_;
  Pacer pacer_;
  bool paused_ = false;
};

}  // namespace streamline::plugins::order_generator
