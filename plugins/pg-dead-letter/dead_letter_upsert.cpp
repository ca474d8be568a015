#include "dead_letter_upsert.hpp"

#include <string>
#include <unordered_map>
#include <vector>

#include <pqxx/result>

#include "dead_letter_row.hpp"

namespace streamline::plugins::pg_dead_letter {
namespace {

// One statement per batch. A key may repeat within a batch (the same
// payload failed twice); ON CONFLICT cannot touch a row twice in one
// statement, so repeats arrive folded into one row with their count. A row
// that already holds this write's token was written by an attempt of the
// same batch whose COMMIT was in doubt: its attempts stand (write_token.hpp).
constexpr const char* kUpsertErrors = R"(
INSERT INTO processing_errors (error_key, stage, error, raw_payload, event_id, source_topic, source_partition,
                               source_offset, attempts, write_token)
SELECT COALESCE(error_key, 'payload-md5:' || md5(raw_payload)), stage, error, raw_payload, event_id, source_topic,
       source_partition, source_offset, attempts, $2
FROM jsonb_to_recordset($1::jsonb) AS r(error_key text, stage text, error text, raw_payload text, event_id text,
     source_topic text, source_partition integer, source_offset bigint, attempts integer)
ON CONFLICT (error_key) DO UPDATE SET
  attempts = processing_errors.attempts +
             CASE WHEN processing_errors.write_token IS NOT DISTINCT FROM EXCLUDED.write_token
                  THEN 0 ELSE EXCLUDED.attempts END,
  write_token = EXCLUDED.write_token, last_seen = now(),
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

void upsert_dead_letters(pqxx::transaction_base& tx, const Batch& batch, const std::string& write_token) {
  tx.exec_params(kUpsertErrors, folded_rows(batch).dump(), write_token);
}

}  // namespace streamline::plugins::pg_dead_letter
