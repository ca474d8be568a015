#pragma once
// PgPool: a small pool of PostgreSQL connections to one DSN.
//
// Connections are opened on demand, at most `size` at a time; acquire()
// waits for a free one. A Lease hands one connection to one user; a user
// that saw the connection break calls discard(), and the next acquire()
// opens a fresh one: that is how the plugins reconnect. Thread-safe.
//
// Errors: opening a connection that fails throws streamline::TransientError
// with the redacted DSN (the password never reaches a message or a log).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>

namespace streamline::plugins::postgres {

class PgPool {
 public:
  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<pqxx::connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease() {
      if (pool_ != nullptr) pool_->release(std::move(connection_));
    }
    pqxx::connection& operator*() const noexcept { return *connection_; }
    pqxx::connection* operator->() const noexcept { return connection_.get(); }
    // The connection is unusable: close it instead of returning it.
    void discard() noexcept { connection_.reset(); }

   private:
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  PgPool(std::string dsn, std::size_t size, std::chrono::milliseconds acquire_timeout = std::chrono::seconds(30));
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // A connection, open; throws TransientError when none can be had in time.
  Lease acquire();

  const std::string& dsn() const noexcept { return dsn_; }
  const std::string& redacted_dsn() const noexcept { return redacted_dsn_; }
  std::size_t size() const noexcept { return size_; }
  // Connections open right now (idle and leased).
  std::size_t open_connections() const;

 private:
  void release(std::unique_ptr<pqxx::connection> connection) noexcept;
  std::unique_ptr<pqxx::connection> connect() const;

  const std::string dsn_;
  const std::string redacted_dsn_;
  const std::size_t size_;
  const std::chrono::milliseconds acquire_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace streamline::plugins::postgres
