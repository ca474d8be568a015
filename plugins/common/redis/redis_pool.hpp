#pragma once
// RedisPool: a small pool of connections to one Redis server.
//
// Connections are opened on demand, at most pool_size at a time; acquire()
// waits (up to connect_timeout + command_timeout) for a free one. A Lease
// lends one connection to one user; a broken connection is closed instead of
// returned, and the next acquire() opens a fresh one: that is how users
// reconnect.
//
// Not hammering a server that is down: connects go through the SDK's
// CircuitBreaker (opens on the first failed connect, for reconnect_interval,
// then lets one trial connect through). While it is open acquire() throws
// RedisUnavailable at once, repeating the last connect error, so a stage
// never waits for a connect timeout per batch while Redis is down.
//
// pipeline() is the usual entry: lease, run, give back. Its commands must be
// safe to run twice (reads, SET, forward-only scripts): when the pipeline
// fails on a connection taken from the idle list (most often one the server
// closed meanwhile: its timeout, CLIENT KILL, a restart), the idle
// connections are dropped and the pipeline is run once more on a fresh one.
//
// Threading: thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <streamline/resilience/circuit_breaker.hpp>

#include "redis/redis_connection.hpp"
#include "redis/redis_options.hpp"
#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {

class RedisPool {
 public:
  class Lease {
   public:
    Lease(RedisPool& pool, std::unique_ptr<RedisConnection> connection, bool reused)
        : pool_(&pool), connection_(std::move(connection)), reused_(reused) {}
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    RedisConnection& operator*() const noexcept { return *connection_; }
    RedisConnection* operator->() const noexcept { return connection_.get(); }
    // True when the connection was idle in the pool (it may have been closed
    // by the server since); false when it was just opened.
    bool reused() const noexcept { return reused_; }
    // The connection is unusable: close it instead of returning it.
    void discard() noexcept { connection_.reset(); }

   private:
    RedisPool* pool_;
    std::unique_ptr<RedisConnection> connection_;
    bool reused_;
  };

  explicit RedisPool(RedisOptions options);
  RedisPool(const RedisPool&) = delete;
  RedisPool& operator=(const RedisPool&) = delete;

  // An open connection. Throws RedisUnavailable when it cannot connect, while
  // a reconnect is held back, or when no connection is free in time.
  Lease acquire();

  // One reply per command (see above for the retry on a dead idle connection).
  std::vector<RedisReply> pipeline(const std::vector<RedisCommand>& commands);
  RedisReply command(const RedisCommand& command);

  // False after a failed connect until a connect succeeds again.
  bool available() const;
  const RedisOptions& options() const noexcept { return options_; }
  // "host:port", for messages.
  std::string address() const { return options_.endpoint.address(); }
  // Connections open right now (idle and leased).
  std::size_t open_connections() const;

 private:
  void release(std::unique_ptr<RedisConnection> connection) noexcept;
  // Closes every idle connection (after one of them was found dead).
  void discard_idle() noexcept;

  RedisOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable free_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;
  std::size_t open_ = 0;
  std::string last_connect_error_;  // what a refused acquire() repeats
  CircuitBreaker reconnects_;
};

}  // namespace streamline::plugins::redis
