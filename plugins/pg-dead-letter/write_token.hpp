#pragma once
// WriteToken: names one write of a dead-letter batch, so that writing the
// same batch again after an in-doubt COMMIT does not count its failures twice.
//
// When the connection breaks while a COMMIT is on its way, the stage cannot
// know whether it landed; it throws TransientError and the engine retries the
// same batch. Each row the batch writes carries the token of the write, and
// the upsert adds attempts only when the stored token differs: a retry that
// finds its own token (the first COMMIT landed) adds nothing. A new batch, or
// the same batch after a restart, gets a new token and counts as usual.

#include <cstdint>
#include <optional>
#include <string>

#include <streamline/batch.hpp>

namespace streamline::plugins::pg_dead_letter {

class WriteToken {
 public:
  WriteToken();

  // The token for writing `batch`: the failed attempt's when `batch` is that
  // attempt's batch again, a new one otherwise.
  const std::string& for_batch(const Batch& batch);
  // The write of `batch` with the current token failed (in doubt).
  void failed(const Batch& batch) noexcept;
  // The write committed: the next batch is new work.
  void committed() { failed_batch_.reset(); }

 private:
  std::uint64_t nonce_;  // tells this instance's tokens from another run's
  std::uint64_t writes_ = 0;
  std::string token_;
  std::optional<std::uint64_t> failed_batch_;  // fingerprint of the in-doubt batch
};

}  // namespace streamline::plugins::pg_dead_letter
