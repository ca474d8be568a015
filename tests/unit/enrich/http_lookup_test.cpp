// HttpUserLookup against an httplib::Server on loopback, in this process.

#include "plugins/enrich/http_lookup.hpp"

#include <atomic>
#include <functional>
#include <chrono>
#include <string>
#include <thread>

#include <httplib.h>
#include <gtest/gtest.h>

namespace streamline::plugins::enrich {
namespace {

using std::chrono::milliseconds;
using Outcome = HttpUserLookup::Outcome;

// A user service whose answer per request the test chooses.
class UserService {
 public:
  // status -> what every request gets; 200 answers the user JSON.
  explicit UserService(std::function<int(const std::string& id, int request)> status) : status_(std::move(status)) {
    server_.Get(R"(/users/([^/]+))", [this](const httplib::Request& request, httplib::Response& response) {
      const std::string id = request.matches[1];
      const int n = ++requests_;
      const int status = status_(id, n);
      response.status = status;
      if (status == 200) {
        response.set_content(R"({"user_id":")" + id + R"(","name":"From HTTP","tier":"gold"})",
                             "application/json");
      } else if (status == 299) {  // test code: a 200 whose body is not a user
        response.status = 200;
        response.set_content("[1,2]", "application/json");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs: wait for it.
    while (!server_.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~UserService() { stop(); }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/users/{user_id}"; }
  int requests() const { return requests_.load(); }

 private:
  std::function<int(const std::string&, int)> status_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> requests_{0};
};

HttpLookupOptions options_for(const std::string& url, int retries, int threshold) {
  HttpLookupOptions options;
  options.url = UrlTemplate::parse(url);
  options.timeout = milliseconds(2000);
  options.retry = {.max_attempts = retries + 1,
                   .backoff = {.initial = milliseconds(1), .max = milliseconds(2), .multiplier = 2.0},
                   .jitter_seed = 1};
  options.breaker = {.failure_threshold = threshold, .open_duration = milliseconds(60'000), .half_open_max_calls = 1};
  return options;
}

TEST(HttpUserLookup, A200IsTheUserAndA404IsNotFound) {
  UserService service([](const std::string& id, int) { return id == "known" ? 200 : 404; });
  HttpUserLookup lookup(options_for(service.url(), 2, 5));
  const auto found = lookup.lookup("known", {});
  EXPECT_EQ(found.outcome, Outcome::kFound);
  EXPECT_EQ(found.user, Json::parse(R"({"user_id":"known","name":"From HTTP","tier":"gold"})"));
  const auto missing = lookup.lookup("ghost", {});
  EXPECT_EQ(missing.outcome, Outcome::kNotFound);
  EXPECT_EQ(service.requests(), 2);
  EXPECT_EQ(lookup.requests(), 2u);
  EXPECT_EQ(lookup.breaker().state(), CircuitBreaker::State::kClosed);
}

TEST(HttpUserLookup, ServerErrorsAreRetriedUntilOneAnswers) {
  UserService service([](const std::string&, int request) { return request <= 2 ? 503 : 200; });
  HttpUserLookup lookup(options_for(service.url(), 2, 5));
  EXPECT_EQ(lookup.lookup("known", {}).outcome, Outcome::kFound);
  EXPECT_EQ(service.requests(), 3);
  EXPECT_EQ(lookup.breaker().consecutive_failures(), 0);  // the success reset the count
}

TEST(HttpUserLookup, RetriesUsedUpIsAFailureNamingTheLastError) {
  UserService service([](const std::string&, int) { return 500; });
  HttpUserLookup lookup(options_for(service.url(), 1, 5));
  const auto result = lookup.lookup("u1", {});
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  const std::string port = service.url().substr(17, service.url().find("/users") - 17);
  EXPECT_EQ(result.error, "GET http://127.0.0.1:" + port + "/users/u1: status 500");
  EXPECT_EQ(service.requests(), 2);
  EXPECT_EQ(lookup.breaker().consecutive_failures(), 2);
}

TEST(HttpUserLookup, OtherStatusesAndBadBodiesFailWithoutRetry) {
  UserService service([](const std::string& id, int) { return id == "bad-body" ? 299 : 400; });
  HttpUserLookup lookup(options_for(service.url(), 3, 5));
  const auto refused = lookup.lookup("u1", {});
  EXPECT_EQ(refused.outcome, Outcome::kFailed);
  EXPECT_NE(refused.error.find("/users/u1: status 400"), std::string::npos) << refused.error;
  const auto bad = lookup.lookup("bad-body", {});
  EXPECT_EQ(bad.outcome, Outcome::kFailed);
  EXPECT_NE(bad.error.find("/users/bad-body: the body is not a JSON object"), std::string::npos) << bad.error;
  EXPECT_EQ(service.requests(), 2);
}

TEST(HttpUserLookup, TheBreakerOpensAfterThresholdFailuresAndThenNoRequestIsSent) {
  UserService service([](const std::string&, int) { return 500; });
  HttpUserLookup lookup(options_for(service.url(), 1, 4));
  EXPECT_EQ(lookup.lookup("u1", {}).outcome, Outcome::kFailed);  // 2 requests
  EXPECT_EQ(lookup.lookup("u2", {}).outcome, Outcome::kFailed);  // 2 more: 4 failures, open
  EXPECT_EQ(lookup.breaker().state(), CircuitBreaker::State::kOpen);
  const auto refused = lookup.lookup("u3", {});
  EXPECT_EQ(refused.outcome, Outcome::kRejected);
  EXPECT_EQ(refused.error, "circuit breaker is open; calls are refused for another 60000ms");
  EXPECT_EQ(service.requests(), 4);
  EXPECT_EQ(lookup.requests(), 4u);
}

TEST(HttpUserLookup, AServerThatIsDownFailsAndOpensTheBreaker) {
  UserService service([](const std::string&, int) { return 200; });
  const std::string url = service.url();
  service.stop();  // nothing listens on the port any more
  HttpUserLookup lookup(options_for(url, 0, 2));
  const auto first = lookup.lookup("u1", {});
  EXPECT_EQ(first.outcome, Outcome::kFailed);
  EXPECT_NE(first.error.find("/users/u1: "), std::string::npos) << first.error;
  EXPECT_EQ(lookup.lookup("u2", {}).outcome, Outcome::kFailed);
  EXPECT_EQ(lookup.lookup("u3", {}).outcome, Outcome::kRejected);
  EXPECT_EQ(lookup.requests(), 2u);
}

TEST(HttpUserLookup, AfterOpenDurationATrialRequestSucceedsAndCloses) {
  std::atomic<bool> healthy{false};
  UserService service([&](const std::string&, int) { return healthy ? 200 : 503; });
  auto now = CircuitBreaker::TimePoint{} + std::chrono::hours(1);
  HttpUserLookup lookup(options_for(service.url(), 0, 1), [&] { return now; });
  EXPECT_EQ(lookup.lookup("u1", {}).outcome, Outcome::kFailed);
  EXPECT_EQ(lookup.lookup("u1", {}).outcome, Outcome::kRejected);
  healthy = true;
  now += milliseconds(60'000);
  EXPECT_EQ(lookup.lookup("u1", {}).outcome, Outcome::kFound);
  EXPECT_EQ(lookup.breaker().state(), CircuitBreaker::State::kClosed);
  EXPECT_EQ(service.requests(), 2);
}

TEST(HttpUserLookupOutcome, Names) {
  EXPECT_STREQ(to_string(Outcome::kFound), "found");
  EXPECT_STREQ(to_string(Outcome::kNotFound), "not_found");
  EXPECT_STREQ(to_string(Outcome::kFailed), "failed");
  EXPECT_STREQ(to_string(Outcome::kRejected), "rejected");
}

}  // namespace
}  // namespace streamline::plugins::enrich
