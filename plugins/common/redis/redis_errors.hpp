#pragma once
// Errors of the Redis client.
//
//   RedisUnavailable - the server cannot be reached or used right now:
//                      connecting failed or timed out, AUTH or SELECT was
//                      refused, the connection broke or timed out during a
//                      command, or a reconnect is held back after a recent
//                      failure. A streamline::TransientError: a stage that lets
//                      it escape has its batch retried with backoff.
//                      The message names host:port, never the password.
//   Error replies ("-ERR ...", "NOSCRIPT ...") are not exceptions: they come
//   back as RedisReply values of type error, one per command of a pipeline.

#include <streamline/errors.hpp>

namespace streamline::plugins::redis {

class RedisUnavailable : public streamline::TransientError {
 public:
  using streamline::TransientError::TransientError;
};

}  // namespace streamline::plugins::redis
