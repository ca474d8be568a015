#include "pg_dead_letter.hpp"

#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/strconv>
#include <pqxx/transaction>

#include "dead_letter_row.hpp"
#include "postgres/pg_errors.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

constexpr const char* kUpsertError = R"(
INSERT INTO processing_errors (error_key, stage, error, raw_payload, event_id, source_topic, source_partition,
                               source_offset)
VALUES (COALESCE($1, 'payload-md5:' || md5($4)), $2, $3, $4, $5, $6, $7::integer, $8::bigint)
ON CONFLICT (error_key) DO UPDATE SET
  attempts = processing_errors.attempts + 1, last_seen = now(),
  stage = EXCLUDED.stage, error = EXCLUDED.error)";

const char* pointer_of(const std::optional<std::string>& text) { return text ? text->c_str() : nullptr; }

template <typename T>
std::optional<std::string> text_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return pqxx::to_string(*value);
}

}  // namespace

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
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::work tx(*lease);
    for (const Event& event : batch) {
      const DeadLetterRow row = dead_letter_row(event);
      const auto partition = text_of(row.source_partition);
      const auto offset = text_of(row.source_offset);
      tx.exec_params(kUpsertError, pointer_of(row.error_key), row.stage, row.error, row.raw_payload,
                     pointer_of(row.event_id), pointer_of(row.source_topic), pointer_of(partition),
                     pointer_of(offset));
    }
    tx.commit();
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("pg-dead-letter lost postgres at " + pool_->redacted_dsn());
  }
  recorded_.inc(static_cast<double>(batch.size()));
}

}  // namespace streamline::plugins::pg_dead_letter
