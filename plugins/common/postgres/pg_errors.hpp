#pragma once
// What a PostgreSQL error means for a batch.
//
//   transient  - the server or the connection is unavailable for now: the
//                connection broke, the server shuts down or refuses
//                connections (SQLSTATE class 08, 57P01..57P03, 53), a
//                serialization failure or deadlock (40001, 40P01), a commit
//                in doubt. The batch's transaction rolled back (or, in doubt,
//                is safe to repeat: the sinks are idempotent), so the engine
//                retries the batch.
//   anything else - a data or statement error: not worth retrying.

#include <exception>
#include <string>
#include <string_view>

namespace streamline::plugins::postgres {

bool is_transient_sqlstate(std::string_view sqlstate) noexcept;

// True when `error` (a pqxx exception) is transient in the sense above.
bool is_transient(const std::exception& error) noexcept;

// Rethrows the exception being handled: as streamline::TransientError
// ("<what>: <message>") when transient, else unchanged. Call from a catch
// block only.
[[noreturn]] void rethrow_classified(std::string_view what);

}  // namespace streamline::plugins::postgres
