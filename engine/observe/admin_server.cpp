#include "engine/observe/admin_server.hpp"

#include <chrono>
#include <stdexcept>

#include <httplib.h>
#include <sys/socket.h>

#include "engine/observe/live_page.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kJson = "application/json";

// A handler that throws answers 500 rather than ending the process.
template <typename Fn>
httplib::Server::Handler guarded(Fn fn) {
  return [fn](const httplib::Request&, httplib::Response& res) {
    try {
      fn(res);
    } catch (const std::exception& e) {
      res.status = 500;
      res.set_content(std::string("internal error: ") + e.what() + "\n", "text/plain");
    }
  };
}

}  // namespace

AdminServer::AdminServer(const std::string& address, int port, AdminEndpoints endpoints)
    : address_(address), endpoints_(std::move(endpoints)), server_(std::make_unique<httplib::Server>()) {
  server_->Get("/metrics", guarded([this](httplib::Response& res) {
    res.set_content(endpoints_.metrics ? endpoints_.metrics() : std::string(), kPrometheusText);
  }));
  server_->Get("/healthz", guarded([](httplib::Response& res) { res.set_content("ok\n", "text/plain"); }));
  server_->Get("/readyz", guarded([this](httplib::Response& res) {
    const ReadinessResult result = endpoints_.readiness ? endpoints_.readiness() : ReadinessResult{true, "{}"};
    res.status = result.ready ? 200 : 503;
    res.set_content(result.json + "\n", kJson);
  }));
  server_->Get("/status", guarded([this](httplib::Response& res) {
    res.set_content((endpoints_.status ? endpoints_.status() : std::string("{}")) + "\n", kJson);
  }));
  server_->Post("/reload", guarded([this](httplib::Response& res) {
    if (!endpoints_.reload) {
      res.status = 404;
      res.set_content("{\"error\":\"this engine does not reload\"}\n", kJson);
      return;
    }
    const AdminAnswer answer = endpoints_.reload();
    res.status = answer.status;
    res.set_content(answer.json + "\n", kJson);
  }));
  server_->Get("/", guarded([](httplib::Response& res) {
    const std::string_view page = live_page_html();
    res.set_content(page.data(), page.size(), "text/html; charset=utf-8");
  }));

  // httplib's default sets SO_REUSEPORT, which would let a second engine
  // share the port silently; SO_REUSEADDR alone still allows a quick restart.
  server_->set_socket_options([](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  if (port == 0) {
    port_ = server_->bind_to_any_port(address_);
  } else if (server_->bind_to_port(address_, port)) {
    port_ = port;
  }
  if (port_ <= 0)
    throw std::runtime_error("admin server: cannot listen on " + address_ + ":" + std::to_string(port) +
                             " (address in use or not local?)");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    loop_ended_ = true;
  });
  // stop() does nothing until the loop runs: wait for it, so the
  // destructor can always stop the server.
  while (!server_->is_running() && !loop_ended_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

AdminServer::~AdminServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string AdminServer::url() const {
  const bool ipv6 = address_.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + address_ + "]" : address_) + ":" + std::to_string(port_);
}

}  // namespace streamline::engine
