#include "pg_dead_letter.hpp"

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "dead_letter_upsert.hpp"
#include "postgres/pg_errors.hpp"

namespace streamline::plugins::pg_dead_letter {

PgDeadLetter::PgDeadLetter(std::shared_ptr<postgres::PgPool> pool, Context& context)
    : pool_(std::move(pool)),
      context_(context),
      recorded_(context.metrics().counter("pg_dead_letter_recorded_total",
                                          "Failed events recorded in processing_errors.")) {}

void PgDeadLetter::start() {
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::nontransaction tx(*lease);
    tx.exec("SELECT 1");
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("postgres at " + pool_->redacted_dsn() + " does not answer");
  }
  context_.logger().info("recording dead letters in postgres at {}", pool_->redacted_dsn());
}

void PgDeadLetter::process(Batch& batch) {
  if (batch.empty()) return;
  const std::string& token = write_token_.for_batch(batch);
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::work tx(*lease);
    upsert_dead_letters(tx, batch, token);
    tx.commit();
  } catch (...) {
    lease.discard();
    write_token_.failed(batch);
    postgres::rethrow_classified("pg-dead-letter lost postgres at " + pool_->redacted_dsn());
  }
  write_token_.committed();
  recorded_.inc(static_cast<double>(batch.size()));
}

}  // namespace streamline::plugins::pg_dead_letter
