#include "postgres/pg_pool.hpp"

#include <utility>

#include <pqxx/except>
#include <streamline/errors.hpp>

#include "postgres/dsn.hpp"

namespace streamline::plugins::postgres {

PgPool::PgPool(std::string dsn, std::size_t size, std::chrono::milliseconds acquire_timeout)
    : dsn_(std::move(dsn)),
      redacted_dsn_(redact_dsn(dsn_)),
      size_(size == 0 ? 1 : size),
      acquire_timeout_(acquire_timeout) {}

PgPool::Lease PgPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, acquire_timeout_, [&] { return !idle_.empty() || open_ < size_; }))
      throw streamline::TransientError("no free postgres connection to " + redacted_dsn_ + " within " +
                                       std::to_string(acquire_timeout_.count()) + "ms");
    while (!idle_.empty()) {
      std::unique_ptr<pqxx::connection> connection = std::move(idle_.back());
      idle_.pop_back();
      if (connection->is_open()) return Lease(*this, std::move(connection));
      --open_;  // closed by the server meanwhile: replace it
    }
    ++open_;  // reserve the slot, connect outside the lock
  }
  try {
    return Lease(*this, connect());
  } catch (...) {
    release(nullptr);
    throw;
  }
}

std::unique_ptr<pqxx::connection> PgPool::connect() const {
  try {
    auto connection = std::make_unique<pqxx::connection>(dsn_);
    // Reconnecting is the pool's job, not libpqxx's: a broken connection
    // must surface (TransientError, the engine retries the batch) and be
    // replaced here, never be revived silently under a statement.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    connection->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    return connection;
  } catch (const std::exception& e) {
    // libpq quotes pieces of a malformed DSN (`invalid percent-encoded
    // token: "s3cr%zzet"`), the password among them: masked here.
    throw streamline::TransientError("cannot connect to postgres at " + redacted_dsn_ + ": " +
                                     redact_dsn_secrets(e.what(), dsn_));
  }
}

void PgPool::release(std::unique_ptr<pqxx::connection> connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    if (connection && connection->is_open()) {
      try {
        idle_.push_back(std::move(connection));
      } catch (...) {
        --open_;
      }
    } else {
      --open_;
    }
  }
  available_.notify_one();
}

std::size_t PgPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace streamline::plugins::postgres
