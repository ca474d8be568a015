#include "tests/system/support/engine_run.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace streamline::system_tests {
namespace {

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

EngineRun::EngineRun(const std::filesystem::path& pipeline, const std::map<std::string, std::string>& env,
                     std::filesystem::path log_file, const std::vector<std::string>& extra_args)
    : log_file_(std::move(log_file)) {
  std::vector<std::string> args{ENGINE_BINARY, "run", pipeline.string(), "--plugin-dir", PLUGIN_DIR};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const auto eq = entry.find('=');
    if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : env) merged[name] = value;
  // Under ASan, no leak check at the engine's exit here: these engines run
  // long with many threads (librdkafka, OpenMP) while services restart, and
  // LeakSanitizer's stop-the-world tracer has crashed at such an exit
  // (signal 11 in the tracer, exit 1 after a clean drain). Leaks are checked
  // where they are attributable: the unit, integration and e2e tests.
  if (auto asan = merged.find("ASAN_OPTIONS"); asan != merged.end() && !asan->second.empty())
    asan->second += ":detect_leaks=0";
  std::vector<std::string> env_storage;
  for (const auto& [name, value] : merged) env_storage.push_back(name + "=" + value);

  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_storage) envp.push_back(e.data());
  envp.push_back(nullptr);

  // Empty before the child exists: a reader must never see an earlier run's log.
  std::ofstream(log_file_, std::ios::trunc).close();
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    const int log = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log < 0) ::_exit(126);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
}

EngineRun::~EngineRun() {
  if (!exit_code_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::optional<int> EngineRun::exit_code() {
  if (!exit_code_) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_code_ = status_code(status);
  }
  return exit_code_;
}

std::optional<int> EngineRun::wait_until(std::chrono::steady_clock::time_point deadline) {
  while (!exit_code()) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

std::optional<int> EngineRun::stop(std::chrono::milliseconds limit) {
  if (exit_code()) return exit_code_;
  ::kill(pid_, SIGTERM);
  if (auto code = wait_until(std::chrono::steady_clock::now() + limit)) return code;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  exit_code_ = status_code(status);
  return std::nullopt;
}

std::string EngineRun::log() const {
  std::ifstream in(log_file_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace streamline::system_tests
