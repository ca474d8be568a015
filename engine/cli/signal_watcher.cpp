#include "engine/cli/signal_watcher.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>

namespace streamline::engine {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

BlockedSignals::BlockedSignals() {
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
}

BlockedSignals::~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

SignalWatcher::SignalWatcher(spdlog::logger& logger, std::function<void()> on_drain, std::function<void()> on_reload)
    : on_drain_(std::move(on_drain)), on_reload_(std::move(on_reload)), thread_([this, &logger] { watch(logger); }) {}

SignalWatcher::~SignalWatcher() {
  done_ = true;
  thread_.join();
}

void SignalWatcher::watch(spdlog::logger& logger) {
  const sigset_t set = watched_signals();
  int drains = 0;
  while (!done_) {
    const timespec timeout{0, 100'000'000};
    const int sig = sigtimedwait(&set, nullptr, &timeout);
    if (sig < 0) continue;  // timeout or EINTR: look at done_ again
    if (sig == SIGHUP) {
      logger.info("received SIGHUP: reloading the pipeline file");
      if (on_reload_) on_reload_();
      continue;
    }
    if (++drains == 1) {
      logger.info("received {}: draining (send it again to exit at once)", sig == SIGINT ? "SIGINT" : "SIGTERM");
      if (on_drain_) on_drain_();
    } else {
      static constexpr char kMessage[] = "engine: second signal, exiting without draining\n";
      (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      std::_Exit(130);
    }
  }
}

}  // namespace streamline::engine
