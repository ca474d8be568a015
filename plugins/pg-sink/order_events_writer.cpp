#include "order_events_writer.hpp"

#include <array>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <optional>
#include <tuple>
#include <type_traits>

#include <nlohmann/json.hpp>
#include <streamline/json_writer.hpp>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/stream_to>
#include <pqxx/strconv>

#include "copy_text.hpp"
#include "view_hash.hpp"

namespace streamline::plugins::pg_sink {
namespace {

constexpr std::size_t kColumns = 13;
constexpr const char* kColumnList =
    "event_id, event_type, order_id, user_id, \"timestamp\", payload, enrichment, fraud_score, fraud_decision, "
    "fraud_reasons, source_topic, source_partition, source_offset";

// One row as text, NULL as nullopt; the SQL casts each column.
using RowText = std::array<std::optional<std::string>, kColumns>;

template <typename T>
std::optional<std::string> text_of(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  if constexpr (std::is_convertible_v<T, std::string_view>) return std::string(*value);
  else return pqxx::to_string(*value);
}

std::optional<std::string> enrichment_text(const OrderEventRow& row) {
  if (row.enrichment == nullptr) return std::nullopt;
  return write_json(*row.enrichment);
}

RowText to_text(const OrderEventRow& row) {
  std::optional<std::string> reasons;
  if (row.fraud_reasons) reasons = nlohmann::json(*row.fraud_reasons).dump();
  return {std::string(row.event_id),  std::string(row.event_type), std::string(row.order_id),
          text_of(row.user_id),         std::string(row.timestamp),  std::string(row.payload),
          enrichment_text(row),         text_of(row.fraud_score),    text_of(row.fraud_decision),
          std::move(reasons),           text_of(row.source_topic),   text_of(row.source_partition),
          text_of(row.source_offset)};
}

const char* pointer_of(const std::optional<std::string>& text) { return text ? text->c_str() : nullptr; }

// Typed expressions over the text columns (or parameters) c1..c13.
std::string typed_columns(const std::array<std::string, kColumns>& c) {
  return c[0] + ", " + c[1] + ", " + c[2] + ", " + c[3] + ", " + c[4] + "::timestamptz, " + c[5] + "::jsonb, " +
         c[6] + "::jsonb, " + c[7] + "::real, " + c[8] + ", CASE WHEN " + c[9] +
         "::jsonb IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(" + c[9] + "::jsonb)) END, " +
         c[10] + ", " + c[11] + "::integer, " + c[12] + "::bigint";
}

// Ids PostgreSQL returned, looked up by a row's view without making a
// string of it (every row of every batch is looked up).
using ReturnedIds = std::unordered_set<std::string, ViewHash, std::equal_to<>>;

// The event ids of `result`'s first column.
ReturnedIds returned_ids(const pqxx::result& result) {
  ReturnedIds ids;
  for (const auto& r : result) ids.emplace(r[0].c_str(), r[0].size());
  return ids;
}

// The ids of `rows` in `ids`, as views of the rows.
EventIds ids_of_rows_in(const std::vector<const OrderEventRow*>& rows, const ReturnedIds& ids) {
  EventIds in;
  if (ids.empty()) return in;
  for (const OrderEventRow* row : rows)
    if (ids.contains(row->event_id)) in.insert(row->event_id);
  return in;
}

EventIds write_by_staged_copy(pqxx::transaction_base& tx, const std::vector<const OrderEventRow*>& rows) {
  tx.exec(
      "CREATE TEMPORARY TABLE pg_sink_staging (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, "
      "c8 text, c9 text, c10 text, c11 text, c12 text, c13 text) ON COMMIT DROP");
  {
    pqxx::stream_to stream(tx, "pg_sink_staging");
    for (const OrderEventRow* row : rows) {
      const RowText t = to_text(*row);
      stream << std::make_tuple(pointer_of(t[0]), pointer_of(t[1]), pointer_of(t[2]), pointer_of(t[3]),
                                pointer_of(t[4]), pointer_of(t[5]), pointer_of(t[6]), pointer_of(t[7]),
                                pointer_of(t[8]), pointer_of(t[9]), pointer_of(t[10]), pointer_of(t[11]),
                                pointer_of(t[12]));
    }
    stream.complete();
  }
  std::array<std::string, kColumns> names;
  for (std::size_t i = 0; i < kColumns; ++i) names[i] = "c" + std::to_string(i + 1);
  const ReturnedIds ids =
      returned_ids(tx.exec(std::string("INSERT INTO order_events (") + kColumnList + ") SELECT " +
                           typed_columns(names) +
                           " FROM pg_sink_staging ON CONFLICT (event_id) DO NOTHING RETURNING event_id"));
  tx.exec("DROP TABLE pg_sink_staging");  // several COPYs may share one transaction
  return ids_of_rows_in(rows, ids);
}

EventIds write_by_insert(pqxx::transaction_base& tx, const std::vector<const OrderEventRow*>& rows) {
  constexpr std::size_t kRowsPerStatement = 1000;  // 13,000 parameters, under PostgreSQL's 65,535
  ReturnedIds ids;
  for (std::size_t begin = 0; begin < rows.size(); begin += kRowsPerStatement) {
    const std::size_t end = std::min(rows.size(), begin + kRowsPerStatement);
    std::vector<RowText> texts;
    texts.reserve(end - begin);
    std::vector<const char*> params;
    params.reserve((end - begin) * kColumns);
    std::string sql = std::string("INSERT INTO order_events (") + kColumnList + ") VALUES ";
    for (std::size_t i = begin; i < end; ++i) {
      texts.push_back(to_text(*rows[i]));
      std::array<std::string, kColumns> placeholders;
      for (std::size_t c = 0; c < kColumns; ++c) {
        placeholders[c] = "$" + std::to_string(params.size() + 1);
        params.push_back(pointer_of(texts.back()[c]));
      }
      if (i != begin) sql += ", ";
      sql += "(" + typed_columns(placeholders) + ")";
    }
    sql += " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";
    ids.merge(returned_ids(tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params))));
  }
  return ids_of_rows_in(rows, ids);
}

const std::vector<std::string>& column_names() {
  static const std::vector<std::string> names{"event_id",       "event_type",   "order_id",         "user_id",
                                              "timestamp",      "payload",      "enrichment",       "fraud_score",
                                              "fraud_decision", "fraud_reasons", "source_topic",    "source_partition",
                                              "source_offset"};
  return names;
}

template <typename T>
void add_number(CopyLine& line, const std::optional<T>& value) {
  if (value) line.add(pqxx::to_string(*value));
  else line.add_null();
}

void add_copy_row(const OrderEventRow& row, CopyLine& line) {
  line.next_row();
  line.add(row.event_id);
  line.add(row.event_type);
  line.add(row.order_id);
  line.add(row.user_id);
  line.add(row.timestamp);
  line.add(row.payload);
  if (row.enrichment) line.add_json(*row.enrichment);
  else line.add_null();
  add_number(line, row.fraud_score);
  line.add(row.fraud_decision);
  if (row.fraud_reasons) line.add(text_array_literal(*row.fraud_reasons));
  else line.add_null();
  line.add(row.source_topic);
  add_number(line, row.source_partition);
  add_number(line, row.source_offset);
}

// The ids of `rows` order_events holds already (replays, re-sends).
EventIds stored_ids(pqxx::transaction_base& tx, const std::vector<const OrderEventRow*>& rows) {
  std::vector<std::string_view> ids;
  ids.reserve(rows.size());
  for (const OrderEventRow* row : rows) ids.push_back(row->event_id);
  return ids_of_rows_in(rows, returned_ids(tx.exec_params(
                                  "SELECT event_id FROM order_events WHERE event_id = ANY($1::text[])",
                                  text_array_literal(ids))));
}

// Rows are handed to libpqxx in chunks of about this many bytes.
constexpr std::size_t kCopyChunkBytes = 256 * 1024;

// COPY of the rows not stored yet straight into order_events: no staging
// table, no per-row conflict check. A stored id among them (one neither
// known nor looked up, or one another writer stored since the lookup) makes
// it fail with a unique violation, which ends the transaction: the caller
// writes the batch again (order_events_writer.hpp).
EventIds write_by_copy(pqxx::dbtransaction& tx, const std::vector<const OrderEventRow*>& rows,
                       const StoredIdCheck& check) {
  std::vector<const OrderEventRow*> unknown;
  unknown.reserve(rows.size());
  for (const OrderEventRow* row : rows)
    if (check.known == nullptr || !check.known->contains(row->event_id)) unknown.push_back(row);
  const EventIds stored = check.look_up && !unknown.empty() ? stored_ids(tx, unknown) : EventIds{};
  EventIds inserted;
  inserted.reserve(unknown.size());
  if (unknown.empty()) return inserted;
  pqxx::stream_to stream(tx, "order_events", column_names());
  CopyLine lines;
  std::size_t rows_in_chunk = 0;
  for (const OrderEventRow* row : unknown) {
    if (stored.contains(row->event_id)) continue;
    add_copy_row(*row, lines);
    inserted.insert(row->event_id);
    ++rows_in_chunk;
    if (lines.text().size() >= kCopyChunkBytes) {
      stream << std::make_tuple(CopyRow{&lines.text()});
      lines.clear();
      rows_in_chunk = 0;
    }
  }
  if (rows_in_chunk != 0) stream << std::make_tuple(CopyRow{&lines.text()});
  stream.complete();
  return inserted;
}

}  // namespace

EventIds write_order_events(pqxx::dbtransaction& tx, const std::vector<const OrderEventRow*>& rows,
                            LoadMethod method, const StoredIdCheck& check) {
  if (rows.empty()) return {};
  switch (method) {
    case LoadMethod::kCopy: return write_by_copy(tx, rows, check);
    case LoadMethod::kStagedCopy: return write_by_staged_copy(tx, rows);
    case LoadMethod::kInsert: break;
  }
  return write_by_insert(tx, rows);
}

}  // namespace streamline::plugins::pg_sink
