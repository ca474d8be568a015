#include "redis/redis_pool.hpp"

#include <utility>

#include "redis/redis_errors.hpp"

namespace streamline::plugins::redis {

RedisPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)), reused_(other.reused_) {}

RedisPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(std::move(connection_));
}

RedisPool::RedisPool(RedisOptions options)
    : options_(std::move(options)),
      reconnects_(CircuitBreakerPolicy{
          .failure_threshold = 1, .open_duration = options_.reconnect_interval, .half_open_max_calls = 1}) {
  if (options_.pool_size == 0) options_.pool_size = 1;
}

RedisPool::Lease RedisPool::acquire() {
  std::unique_lock lock(mutex_);
  const auto wait = options_.connect_timeout + options_.command_timeout;
  if (!free_.wait_for(lock, wait, [&] { return !idle_.empty() || open_ < options_.pool_size; }))
    throw RedisUnavailable("no free redis connection to " + address() + " within " + std::to_string(wait.count()) +
                           "ms (pool_size " + std::to_string(options_.pool_size) + ")");
  if (!idle_.empty()) {
    std::unique_ptr<RedisConnection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection), true);
  }
  if (!reconnects_.allow())
    throw RedisUnavailable(last_connect_error_ + " (reconnect attempts at most every " +
                           std::to_string(options_.reconnect_interval.count()) + "ms)");
  ++open_;  // reserve the slot, connect outside the lock
  lock.unlock();
  try {
    auto connection = std::make_unique<RedisConnection>(options_);
    reconnects_.record_success();
    return Lease(*this, std::move(connection), false);
  } catch (const RedisUnavailable& e) {
    lock.lock();
    last_connect_error_ = e.what();
    lock.unlock();
    reconnects_.record_failure();
    release(nullptr);
    throw;
  } catch (...) {
    reconnects_.record_failure();
    release(nullptr);
    throw;
  }
}

std::vector<RedisReply> RedisPool::pipeline(const std::vector<RedisCommand>& commands) {
  if (commands.empty()) return {};
  {
    Lease lease = acquire();
    try {
      return lease->pipeline(commands);
    } catch (const RedisUnavailable&) {
      if (!lease.reused()) throw;
      // An idle connection the server closed (timeout, CLIENT KILL, restart):
      // its idle siblings likely went with it. Retry once on a fresh one.
      discard_idle();
    }
  }
  Lease fresh = acquire();
  return fresh->pipeline(commands);
}

RedisReply RedisPool::command(const RedisCommand& command) {
  std::vector<RedisReply> replies = pipeline({command});
  return std::move(replies.front());
}

bool RedisPool::available() const { return reconnects_.state() == CircuitBreaker::State::kClosed; }

std::size_t RedisPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void RedisPool::release(std::unique_ptr<RedisConnection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (connection && !connection->broken()) {
      try {
        idle_.push_back(std::move(connection));
      } catch (...) {
        --open_;
      }
    } else {
      --open_;
    }
  }
  free_.notify_one();
}

void RedisPool::discard_idle() noexcept {
  std::vector<std::unique_ptr<RedisConnection>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
    open_ -= dropped.size();
  }
  free_.notify_all();
}

}  // namespace streamline::plugins::redis
