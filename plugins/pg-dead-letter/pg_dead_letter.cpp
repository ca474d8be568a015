#include "pg_dead_letter.hpp"

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "dead_letter_row.hpp"
#include "postgres/pg_errors.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

// One statement per batch. A key may repeat within a batch (the same
// payload failed twice); ON CONFLICT cannot touch a row twice in one
// statement, so repeats arrive folded into one row with their count.
constexpr const char* kUpsertErrors = R"(
INSERT INTO processing_errors (error_key, stage, error, raw_payload, event_id, source_topic, source_partition,
                               source_offset, attempts)
SELECT COALESCE(error_key, 'payload-md5:' || md5(raw_payload)), stage, error, raw_payload, event_id, source_topic,
       source_partition, source_offset, attempts
FROM jsonb_to_recordset($1::jsonb) AS r(error_key text, stage text, error text, raw_payload text, event_id text,
     source_topic text, source_partition integer, source_offset bigint, attempts integer)
ON CONFLICT (error_key) DO UPDATE SET
  attempts = processing_errors.attempts + EXCLUDED.attempts, last_seen = now(),
  stage = EXCLUDED.stage, error = EXCLUDED.error)";

template <typename T>
Json null_or(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// The batch's rows, one per key in order of first appearance, the last
// failure's stage and error, attempts = how often the key came.
Json folded_rows(const Batch& batch) {
  std::vector<DeadLetterRow> rows;
  std::vector<int> attempts;
  std::unordered_map<std::string, std::size_t> index_of_key;
  for (const Event& event : batch) {
    DeadLetterRow row = dead_letter_row(event);
    // Same key as the SQL computes: the origin, else the payload (its md5).
    std::string key = row.error_key ? "k" + *row.error_key : "p" + row.raw_payload;
    const auto [it, inserted] = index_of_key.emplace(std::move(key), rows.size());
    if (inserted) {
      rows.push_back(std::move(row));
      attempts.push_back(1);
      continue;
    }
    DeadLetterRow& first = rows[it->second];
    first.stage = std::move(row.stage);
    first.error = std::move(row.error);
    ++attempts[it->second];
  }
  Json out = Json::array();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const DeadLetterRow& row = rows[i];
    out.push_back({{"error_key", null_or(row.error_key)},
                   {"stage", row.stage},
                   {"error", row.error},
                   {"raw_payload", row.raw_payload},
                   {"event_id", null_or(row.event_id)},
                   {"source_topic", null_or(row.source_topic)},
                   {"source_partition", null_or(row.source_partition)},
                   {"source_offset", null_or(row.source_offset)},
                   {"attempts", attempts[i]}});
  }
  return out;
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
  const Json rows = folded_rows(batch);
  postgres::PgPool::Lease lease = pool_->acquire();
  try {
    pqxx::work tx(*lease);
    tx.exec_params(kUpsertErrors, rows.dump());
    tx.commit();
  } catch (...) {
    lease.discard();
    postgres::rethrow_classified("pg-dead-letter lost postgres at " + pool_->redacted_dsn());
  }
  recorded_.inc(static_cast<double>(batch.size()));
}

}  // namespace streamline::plugins::pg_dead_letter
