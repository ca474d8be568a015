#pragma once
// The processing_errors rows of a batch of failed events, written in one
// statement inside the caller's transaction. A row is keyed by the event's
// origin ("topic:partition:offset", else "payload-md5:<md5>"); a key already
// stored gets its attempts raised by this batch's count, unless the row
// already holds `write_token` (an earlier attempt of the same write landed:
// write_token.hpp).

#include <string>

#include <pqxx/transaction_base>
#include <streamline/batch.hpp>

namespace streamline::plugins::pg_dead_letter {

void upsert_dead_letters(pqxx::transaction_base& tx, const Batch& batch, const std::string& write_token);

}  // namespace streamline::plugins::pg_dead_letter
