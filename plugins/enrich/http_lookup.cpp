#include "http_lookup.hpp"

#include <stdexcept>
#include <utility>

#include <httplib.h>

#include <streamline/errors.hpp>

namespace streamline::plugins::enrich {
namespace {

// A response that retrying will not fix (a 400, a body that is not a user).
class BadResponse : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace

HttpUserLookup::HttpUserLookup(HttpLookupOptions options, CircuitBreaker::Now now)
    : options_(std::move(options)),
      client_(std::make_unique<httplib::Client>(options_.url.origin())),
      breaker_(options_.breaker, std::move(now)) {
  client_->set_connection_timeout(options_.timeout);
  client_->set_read_timeout(options_.timeout);
  client_->set_write_timeout(options_.timeout);
  client_->set_keep_alive(true);
}

HttpUserLookup::~HttpUserLookup() = default;

Json HttpUserLookup::get_once(const std::string& user_id, bool& not_found) {
  const std::string path = options_.url.path_for(user_id);
  ++requests_;
  const httplib::Result response = client_->Get(path, httplib::Headers{{"Accept", "application/json"}});
  if (!response)
    throw TransientError("GET " + options_.url.origin() + path + ": " + httplib::to_string(response.error()));
  const int status = response->status;
  if (status == 404) {
    not_found = true;
    return nullptr;
  }
  if (status >= 500 || status == 429)
    throw TransientError("GET " + options_.url.origin() + path + ": status " + std::to_string(status));
  if (status != 200) throw BadResponse("GET " + options_.url.origin() + path + ": status " + std::to_string(status));
  Json user = Json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (!user.is_object())
    throw BadResponse("GET " + options_.url.origin() + path + ": the body is not a JSON object");
  return user;
}

HttpUserLookup::Result HttpUserLookup::lookup(const std::string& user_id, const std::stop_token& stop) {
  try {
    bool not_found = false;
    Json user = retry(
        [&] {
          not_found = false;
          return breaker_.call([&] { return get_once(user_id, not_found); });
        },
        options_.retry, stop);
    if (not_found) return {Outcome::kNotFound, nullptr, {}};
    return {Outcome::kFound, std::move(user), {}};
  } catch (const CircuitOpenError& e) {
    return {Outcome::kRejected, nullptr, e.what()};
  } catch (const std::exception& e) {
    return {Outcome::kFailed, nullptr, e.what()};
  }
}

const char* to_string(HttpUserLookup::Outcome outcome) noexcept {
  switch (outcome) {
    case HttpUserLookup::Outcome::kFound: return "found";
    case HttpUserLookup::Outcome::kNotFound: return "not_found";
    case HttpUserLookup::Outcome::kFailed: return "failed";
    case HttpUserLookup::Outcome::kRejected: return "rejected";
  }
  return "unknown";
}

}  // namespace streamline::plugins::enrich
