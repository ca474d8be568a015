#pragma once
// The engine binary as a child process: `engine run <pipeline> --plugin-dir
// <PLUGIN_DIR>` with the variables the pipeline reads set on top of ours,
// stdout and stderr in one log file (no pipe to fill up).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace streamline::system_tests {

class EngineRun {
 public:
  // `extra_args` follow the run command's own (e.g. {"--admin-port", "9464"}).
  EngineRun(const std::filesystem::path& pipeline, const std::map<std::string, std::string>& env,
            std::filesystem::path log_file, const std::vector<std::string>& extra_args = {});
  ~EngineRun();  // kills a child still running
  EngineRun(const EngineRun&) = delete;
  EngineRun& operator=(const EngineRun&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // The exit status once the child exited (128 + signal when killed by one).
  std::optional<int> exit_code();
  // SIGTERM (a drain), then waits up to `limit`; a child still running then
  // is killed and the result is nullopt.
  std::optional<int> stop(std::chrono::milliseconds limit);
  std::string log() const;
  const std::filesystem::path& log_file() const noexcept { return log_file_; }

 private:
  std::optional<int> wait_until(std::chrono::steady_clock::time_point deadline);

  std::filesystem::path log_file_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace streamline::system_tests
