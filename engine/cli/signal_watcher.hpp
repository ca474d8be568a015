#pragma once
// Signals of `engine run`, taken synchronously by a thread (sigtimedwait),
// so no work happens in an async handler:
//   SIGINT, SIGTERM  the first drains (on_drain), the second exits at once
//                    with 130
//   SIGHUP           reloads the pipeline file (on_reload)
// BlockedSignals must be in place before any thread starts, so every thread
// inherits the mask and the signals stay pending until the watcher takes them.

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

#include <spdlog/logger.h>

namespace streamline::engine {

class BlockedSignals {
 public:
  BlockedSignals();
  ~BlockedSignals();
  BlockedSignals(const BlockedSignals&) = delete;
  BlockedSignals& operator=(const BlockedSignals&) = delete;

 private:
  sigset_t previous_{};
};

class SignalWatcher {
 public:
  SignalWatcher(spdlog::logger& logger, std::function<void()> on_drain, std::function<void()> on_reload);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch(spdlog::logger& logger);

  std::atomic<bool> done_{false};
  std::function<void()> on_drain_;
  std::function<void()> on_reload_;
  std::thread thread_;
};

}  // namespace streamline::engine
