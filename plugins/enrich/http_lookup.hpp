#pragma once
// HttpUserLookup: asks an HTTP service for users PostgreSQL does not know.
//
// GET <url_template with {user_id}>:
//   200 with a JSON object body -> found (the body is the user)
//   404                         -> not found
//   connection error, timeout, 5xx, 429 -> retried (SDK retry(): jittered
//                                  backoff, `retries` more attempts), then failed
//   any other status, a body that is not a JSON object -> failed at once
// Every failed attempt counts towards the SDK CircuitBreaker; while it is
// open, lookups are refused without a request (outcome kRejected). Failed
// and refused lookups are "missing for this batch" to the stage, never an
// error of the event.
//
// Threading: one user at a time (one per stage instance, with its own
// connection and breaker).

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>

#include <streamline/event.hpp>
#include <streamline/resilience/circuit_breaker.hpp>
#include <streamline/resilience/retry.hpp>

#include "url_template.hpp"

namespace httplib {
class Client;
}

namespace streamline::plugins::enrich {

struct HttpLookupOptions {
  UrlTemplate url;
  std::chrono::milliseconds timeout{1000};  // connect, read and write, each
  RetryPolicy retry{};
  CircuitBreakerPolicy breaker{};
};

class HttpUserLookup {
 public:
  enum class Outcome { kFound, kNotFound, kFailed, kRejected };
  struct Result {
    Outcome outcome;
    Json user;          // kFound
    std::string error;  // kFailed, kRejected
  };

  explicit HttpUserLookup(HttpLookupOptions options, CircuitBreaker::Now now = {});
  ~HttpUserLookup();
  HttpUserLookup(const HttpUserLookup&) = delete;
  HttpUserLookup& operator=(const HttpUserLookup&) = delete;

  Result lookup(const std::string& user_id, const std::stop_token& stop);

  CircuitBreaker& breaker() noexcept { return breaker_; }
  // Requests sent (every attempt), since creation.
  std::uint64_t requests() const noexcept { return requests_; }
  const std::string& origin() const noexcept { return options_.url.origin(); }

 private:
  Json get_once(const std::string& user_id, bool& not_found);

  HttpLookupOptions options_;
  std::unique_ptr<httplib::Client> client_;
  CircuitBreaker breaker_;
  std::uint64_t requests_ = 0;
};

const char* to_string(HttpUserLookup::Outcome outcome) noexcept;

}  // namespace streamline::plugins::enrich
