#pragma once
// Errors a stage may throw out of start() or process().
//
//   TransientError  - the service is unavailable for now (connection lost,
//                     timeout). The engine retries the whole batch with
//                     backoff (the stage's `retry:` settings) and holds back
//                     its acknowledgement; plugins never sleep in retry loops.
//   anything else   - the batch fails: every event in it goes to the error
//                     output with the exception's message, and the pipeline
//                     goes on.

#include <stdexcept>

namespace streamline {

class TransientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace streamline
