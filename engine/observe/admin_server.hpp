#pragma once
// AdminServer: the engine's HTTP endpoints for operators and Prometheus,
// served on their own threads while a pipeline runs:
//   GET /metrics   Prometheus text format 0.0.4
//   GET /healthz   200 "ok": the process is alive and serving
//   GET /readyz    200 when ready, else 503; JSON either way (readiness.hpp)
//   GET /status    JSON: the pipeline, its stages and their counts (status_report.hpp)
//   GET /          the live view: a page drawing /status as it changes (live_page.hpp)
//   POST /reload   reloads the pipeline file; answers when done, with the
//                  reload's report (200 applied or unchanged, 422 invalid:
//                  the errors, 500 failed)
// What each endpoint says comes from the functions given, so the server
// knows nothing about pipelines. The constructor binds (port 0: any free
// port) and throws std::runtime_error when it cannot; the destructor stops
// serving and joins.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "engine/observe/readiness.hpp"

namespace httplib {
class Server;
}

namespace streamline::engine {

struct AdminAnswer {
  int status = 200;
  std::string json;
};

struct AdminEndpoints {
  std::function<std::string()> metrics;
  std::function<ReadinessResult()> readiness;
  std::function<std::string()> status;
  std::function<AdminAnswer()> reload;  // none: POST /reload answers 404
};

class AdminServer {
 public:
  AdminServer(const std::string& address, int port, AdminEndpoints endpoints);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  const std::string& address() const noexcept { return address_; }
  int port() const noexcept { return port_; }  // the bound port
  // "http://127.0.0.1:9464"
  std::string url() const;

 private:
  std::string address_;
  int port_ = 0;
  AdminEndpoints endpoints_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<bool> loop_ended_{false};
  std::thread thread_;
};

}  // namespace streamline::engine
