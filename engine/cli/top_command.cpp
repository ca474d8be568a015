// `engine top [--admin URL | --port N] [--once]`
//
// Watches a running engine through its admin server: polls /status every
// second and prints the stage table (top_table.hpp), redrawn in place on a
// terminal. --once prints one table and exits, for scripts and tests. Exit 1
// when nothing answers at the address (or the answer is not a /status),
// 2 on a usage error; 0 when a watched engine stops answering after it did.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "engine/cli/command.hpp"
#include "engine/cli/command_line.hpp"
#include "engine/cli/top_table.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kUsage = R"(usage: engine top [--admin URL | --port N] [--once]

Shows a running engine's stages (rates, queue depths, failed and dropped
counts), refreshed every second, from its admin server's /status. Start the
engine with an admin port (`engine run FILE --admin-port 9464` or
pipeline.admin.port); the same view is a web page at the admin address's `/`.

options:
  --admin URL          the engine's admin server (default http://127.0.0.1:9464)
  --port N             the same as --admin http://127.0.0.1:N
  --once               print one table and exit
  -h, --help           this text
)";

constexpr const char* kDefaultAdmin = "http://127.0.0.1:9464";

int usage_error(const std::string& message) { return report_usage_error("top", message, kUsage); }

std::optional<int> parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int port = std::stoi(text);
  return port >= 1 && port <= 65535 ? std::optional<int>(port) : std::nullopt;
}

// "127.0.0.1:9464" and "http://host:9464/" -> "http://host:9464"; nullopt
// for another scheme (the admin server speaks plain HTTP).
std::optional<std::string> normalise_admin_url(std::string url) {
  if (url.find("://") == std::string::npos) url = "http://" + url;
  if (url.rfind("http://", 0) != 0 || url.size() == 7) return std::nullopt;
  while (url.size() > 7 && url.back() == '/') url.pop_back();
  return url;
}

std::string describe(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "connection refused or host unreachable";
    case httplib::Error::ConnectionTimeout: return "connection timed out";
    case httplib::Error::Read: return "no answer";
    default: return httplib::to_string(error);
  }
}

// The /status document, or nullopt with `problem`.
std::optional<nlohmann::json> fetch_status(httplib::Client& client, const std::string& url, std::string& problem) {
  const auto res = client.Get("/status");
  if (!res) {
    problem = "no engine answers at " + url + " (" + describe(res.error()) +
              "); is it running with an admin port (--admin-port N)?";
    return std::nullopt;
  }
  if (res->status != 200) {
    problem = url + "/status answered HTTP " + std::to_string(res->status) + ", not an engine's status";
    return std::nullopt;
  }
  auto doc = nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("stages")) {
    problem = url + "/status did not answer an engine's status JSON";
    return std::nullopt;
  }
  return doc;
}

}  // namespace

int run_top_command(const Args& args) {
  Args rest;
  bool once = false;
  for (const std::string& arg : args) {
    if (arg == "--once") {
      once = true;
    } else {
      rest.push_back(arg);
    }
  }
  std::string problem;
  const auto line = read_command_line(rest, {"--admin", "--port"}, problem);
  if (!line) return usage_error(problem);
  if (line->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!line->positional.empty()) return usage_error("unexpected argument '" + line->positional.front() + "'");
  std::optional<std::string> url;
  for (const auto& [name, value] : line->options) {
    if (url) return usage_error("give --admin or --port once");
    if (name == "--port") {
      const auto port = parse_port(value);
      if (!port) return usage_error("--port takes a port number from 1 to 65535");
      url = "http://127.0.0.1:" + std::to_string(*port);
    } else {
      url = normalise_admin_url(value);
      if (!url) return usage_error("--admin takes an http:// address, like " + std::string(kDefaultAdmin));
    }
  }
  if (!url) url = kDefaultAdmin;

  httplib::Client client(*url);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  const bool terminal = isatty(STDOUT_FILENO) == 1;
  bool answered = false;
  for (;;) {
    const auto status = fetch_status(client, *url, problem);
    if (!status) {
      if (!answered) {
        std::fprintf(stderr, "engine top: %s\n", problem.c_str());
        return 1;
      }
      std::printf("engine top: the engine at %s stopped answering\n", url->c_str());
      return 0;
    }
    answered = true;
    std::string table;
    try {
      table = render_top_table(*status);
    } catch (const nlohmann::json::exception& e) {
      std::fprintf(stderr, "engine top: %s/status is not an engine's status: %s\n", url->c_str(), e.what());
      return 1;
    }
    if (terminal && !once) std::fputs("\x1b[H\x1b[2J", stdout);  // home, clear: redraw in place
    std::fputs(table.c_str(), stdout);
    std::fflush(stdout);
    if (once) return 0;
    if (!terminal) std::fputs("\n", stdout);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

}  // namespace streamline::engine
