#include "generate.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace streamline::plugins::generate {
namespace {

using namespace std::string_view_literals;

// string_views: building keys and values from them needs no strlen.
constexpr std::array kCountries{"DE"sv, "FR"sv, "US"sv, "GB"sv, "NL"sv, "ES"sv, "IT"sv, "PL"sv};
constexpr std::array kTypes{"ORDER_CREATED"sv, "ORDER_PAID"sv, "ORDER_SHIPPED"sv, "ORDER_DELIVERED"sv,
                            "ORDER_CANCELLED"sv};

// splitmix64's finaliser: a cheap, well-mixed hash of 64 bits.
std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Sleeps until `deadline`, or less when a stop is requested.
void sleep_until(const std::stop_token& stop, Clock::time_point deadline) {
  std::mutex mutex;
  std::condition_variable_any wakeup;
  std::unique_lock lock(mutex);
  wakeup.wait_until(lock, stop, deadline, [] { return false; });
}

}  // namespace

Json make_order_document(std::uint64_t seed, std::uint64_t n) {
  const std::uint64_t r = mix(mix(seed) + n);
  Json document(Json::value_t::object);
  auto& fields = *document.get_ptr<Json::object_t*>();
  // Distinct keys: appended, never searched for.
  fields.reserve(6);
  fields.emplace_back(std::string("amount"sv), static_cast<double>(1 + (r >> 8) % 50000) / 100.0);
  fields.emplace_back(std::string("country"sv), kCountries[(r >> 32) % kCountries.size()]);
  fields.emplace_back(std::string("id"sv), n);
  fields.emplace_back(std::string("seq"sv), n);
  fields.emplace_back(std::string("type"sv), kTypes[(r >> 40) % kTypes.size()]);
  fields.emplace_back(std::string("user_id"sv), 1 + (r >> 48) % 1000);
  return document;
}

GenerateSource::GenerateSource(GenerateOptions options, std::stop_token stop)
    : options_(std::move(options)), stop_(std::move(stop)) {
  options_.batch_size = std::max<std::size_t>(options_.batch_size, 1);
}

PollStatus GenerateSource::poll(Batch& out, std::size_t max_events, std::chrono::milliseconds timeout) {
  if (options_.count != 0 && next_ >= options_.count) return PollStatus::kExhausted;
  const Clock::time_point deadline = Clock::now() + timeout;
  if (paused_) {
    sleep_until(stop_, deadline);
    return PollStatus::kReady;
  }

  std::size_t wanted = std::min(max_events, options_.batch_size);
  if (options_.count != 0) wanted = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, options_.count - next_));
  if (wanted != 0 && options_.rate > 0) wanted = allowed_by_rate(wanted, deadline);
  if (wanted == 0) return PollStatus::kReady;

  out.reserve(out.size() + wanted);
  const Clock::time_point now = Clock::now();
  for (std::size_t k = 0; k < wanted; ++k, ++next_) {
    Event& event = out.add(Event::from_json(make_order_document(options_.seed, next_)));
    event.origin.topic = options_.topic;
    event.origin.partition = 0;
    event.origin.offset = static_cast<std::int64_t>(next_);
    event.ingested_at = now;
  }
  return PollStatus::kReady;
}

std::size_t GenerateSource::allowed_by_rate(std::size_t wanted, Clock::time_point deadline) {
  using Seconds = std::chrono::duration<double>;
  const double rate = options_.rate;
  Clock::time_point now = Clock::now();
  if (!scheduled_) restart_schedule(now);
  // Events due by `t`: event k is due at schedule_start_ + k / rate.
  auto due_by = [&](Clock::time_point t) {
    return static_cast<std::uint64_t>(Seconds(t - schedule_start_).count() * rate) + 1;
  };

  std::uint64_t due = due_by(now);
  if (due <= emitted_in_schedule_) {
    const auto next_at = schedule_start_ + std::chrono::duration_cast<Clock::duration>(
                                               Seconds(static_cast<double>(emitted_in_schedule_) / rate));
    if (next_at > deadline) {
      sleep_until(stop_, deadline);
      return 0;
    }
    sleep_until(stop_, next_at);
    if (stop_.stop_requested()) return 0;
    now = Clock::now();
    due = std::max(due_by(now), emitted_in_schedule_ + 1);  // rounding must not lose the slot we waited for
  }

  std::uint64_t available = due - emitted_in_schedule_;
  if (static_cast<double>(available) > rate + 1) {
    // More than a second behind: nobody polled for a while. Start over rather than burst.
    restart_schedule(now);
    available = 1;
  }
  const auto allowed = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, available));
  emitted_in_schedule_ += allowed;
  return allowed;
}

void GenerateSource::restart_schedule(Clock::time_point now) {
  scheduled_ = true;
  schedule_start_ = now;
  emitted_in_schedule_ = 0;
}

void GenerateSource::pause() { paused_ = true; }

void GenerateSource::resume() {
  paused_ = false;
  scheduled_ = false;  // the pause is not a backlog: pace from now
}

}  // namespace streamline::plugins::generate
