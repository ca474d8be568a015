#pragma once
// GenerateSource: synthetic order-like events, for demos, tests and benchmarks.
//
// Event n (0-based) is a JSON document that depends only on the seed and n:
//   {"amount": 123.45, "country": "DE", "id": n, "seq": n,
//    "type": "ORDER_PAID", "user_id": 42}
// so a run is reproducible whatever the batch sizes. Its origin is
// (topic, partition 0, offset n). Documents are built as JSON (no text to
// parse downstream) with keys inserted in their sorted order, so building one
// costs only the document's own allocations.
//
// `rate` > 0 paces events on the steady clock: event k after a start or
// resume is due at start + k / rate. When the source falls more than a second
// behind (nobody polled it), it restarts the schedule instead of bursting.
// pause() stops producing until resume(); poll() then waits out its timeout
// (waking early on stop) so the engine does not spin.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>

#include <streamline/batch.hpp>
#include <streamline/event.hpp>
#include <streamline/stage.hpp>

namespace streamline::plugins::generate {

struct GenerateOptions {
  std::uint64_t count = 1000;     // 0 = endless
  double rate = 0;                // events per second; 0 = as fast as possible
  std::uint64_t seed = 0;
  std::size_t batch_size = 1024;  // events per poll at most
  std::string topic = "generate";
};

// Event n's document for `seed`.
Json make_order_document(std::uint64_t seed, std::uint64_t n);

class GenerateSource final : public Source {
 public:
  GenerateSource(GenerateOptions options, std::stop_token stop);

  PollStatus poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) override;
  void pause() override;
  void resume() override;

  // Events produced so far (the next event's sequence number).
  std::uint64_t produced() const noexcept { return next_; }

 private:
  // How many events the rate allows now, waiting up to `deadline` for one.
  std::size_t allowed_by_rate(std::size_t wanted, Clock::time_point deadline);
  void restart_schedule(Clock::time_point now);

  GenerateOptions options_;
  std::stop_token stop_;
  std::uint64_t next_ = 0;
  bool paused_ = false;
  bool scheduled_ = false;            // schedule started (rate > 0 only)
  Clock::time_point schedule_start_{};
  std::uint64_t emitted_in_schedule_ = 0;
};

}  // namespace streamline::plugins::generate
