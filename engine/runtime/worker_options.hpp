#pragma once
// Timing knobs of the workers. Defaults suit production; tests shorten them.

#include <chrono>

namespace streamline::engine {

struct WorkerOptions {
  // Longest a source's poll() may wait for a first event; bounds how late a
  // source notices a drain if it ignores its stop token.
  std::chrono::milliseconds poll_timeout{100};
  // How often a source commits what is done (and at the end, always).
  std::chrono::milliseconds commit_interval{1000};
  // How long a full downstream queue may hold a source back before it is
  // paused. A shorter wait keeps what the source's client fetched ahead:
  // pausing a Kafka consumer throws its prefetched messages away and the
  // fetch starts over on resume (0.3-0.5 s without events at every pause on
  // the local stack, which halved the orders pipeline's throughput). A
  // pipeline held back longer stops reading: the source is paused.
  std::chrono::milliseconds pause_after{1000};
  // While paused by backpressure, how long a source waits for room between
  // the polls that keep its protocol alive.
  std::chrono::milliseconds paused_poll_interval{50};
  // How often idle workers look for a hard stop.
  std::chrono::milliseconds idle_check{100};
};

}  // namespace streamline::engine
