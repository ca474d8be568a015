#include "order_generator.hpp"

#include <algorithm>
#include <utility>

namespace streamline::plugins::order_generator {
namespace {

std::chrono::nanoseconds pacing_interval(const OrderGeneratorOptions& options) {
  if (options.delay.count() > 0) return options.delay;
  if (options.rate > 0) return std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / options.rate));
  return std::chrono::nanoseconds::zero();
}

}  // namespace

OrderGenerator::OrderGenerator(OrderGeneratorOptions options, std::stop_token stop)
    : options_(std::move(options)),
      stop_(std::move(stop)),
      stream_(options_.seed, options_.stream),
      pacer_(pacing_interval(options_)) {}

PollStatus OrderGenerator::poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) {
  const std::uint64_t emitted = stream_.emitted();
  if (options_.count != 0 && emitted >= options_.count) return PollStatus::kExhausted;
  const Clock::time_point deadline = Clock::now() + timeout;
  if (paused_) {
    sleep_until(stop_, deadline);
    return PollStatus::kReady;
  }

  std::size_t wanted = std::min(max_events, options_.batch_size);
  if (options_.count != 0) wanted = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, options_.count - emitted));
  wanted = pacer_.take(wanted, deadline, stop_);

  out.reserve(out.size() + wanted);
  const Clock::time_point now = Clock::now();
  for (std::size_t i = 0; i < wanted; ++i) {
    orders::GeneratedEvent generated = stream_.next();
    Event& event = out.add(Event::from_raw(std::move(generated.payload)));
    event.key = std::move(generated.key);
    event.origin.topic = kOriginTopic;
    event.origin.partition = 0;
    event.origin.offset = static_cast<std::int64_t>(generated.sequence);
    event.ingested_at = now;
  }
  return PollStatus::kReady;
}

void OrderGenerator::pause() { paused_ = true; }

void OrderGenerator::resume() { paused_ = false; }

}  // namespace streamline::plugins::order_generator
