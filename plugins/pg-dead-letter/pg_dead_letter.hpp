#pragma once
// PgDeadLetter: records failed events in processing_errors, one transaction
// per batch. A row is keyed by the event's origin ("topic:partition:offset",
// else "payload-md5:<md5 of raw_payload>"), so the same failure seen again
// (a replay, a batch that failed again) bumps `attempts` and `last_seen`
// instead of adding a row; writing a batch again after an in-doubt COMMIT
// does not (write_token.hpp).
//
// Errors: a lost connection or an unavailable server throws TransientError
// (nothing was written; the engine retries the batch). Threading: one
// instance per worker.

#include <memory>
#include <string>

#include <streamline/context.hpp>
#include <streamline/stage.hpp>

#include "postgres/pg_pool.hpp"
#include "write_token.hpp"

namespace streamline::plugins::pg_dead_letter {

class PgDeadLetter final : public Sink {
 public:
  PgDeadLetter(std::shared_ptr<postgres::PgPool> pool, Context& context);

  void start() override;
  void process(Batch& batch) override;

 private:
  std::shared_ptr<postgres::PgPool> pool_;
  Context& context_;
  Counter& recorded_;
  WriteToken write_token_;
};

}  // namespace streamline::plugins::pg_dead_letter
