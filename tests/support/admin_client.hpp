#pragma once
// Talking to a running engine's admin server from tests: a free port to give
// it, GET with a short timeout, polling until an answer satisfies the test,
// and reading a Prometheus scrape (samples, `promtool check metrics`).

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <utility>

namespace streamline::test_support {

// A port nothing listens on right now (the kernel's pick for port 0).
int free_port();

struct AdminReply {
  int status = 0;  // 0: no answer
  std::string body;
  std::string content_type;
};

AdminReply admin_get(int port, const std::string& path);

// GETs until `done(reply)` or the timeout; the last reply either way.
AdminReply admin_poll(int port, const std::string& path, const std::function<bool(const AdminReply&)>& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Sample lines of a Prometheus text scrape: series (name and labels as
// rendered) -> value.
std::map<std::string, double> prometheus_samples(const std::string& scrape);

// `name{plugin="...",stage="..."}` as the engine renders a stage series.
std::string stage_series(const std::string& name, const std::string& stage, const std::string& plugin);

bool has_promtool();
// Exit code and output of `promtool check metrics` on the scrape, which is
// written to `dir`.
std::pair<int, std::string> promtool_check(const std::filesystem::path& dir, const std::string& scrape);

}  // namespace streamline::test_support
