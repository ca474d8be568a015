#include "engine/reload/config_watcher.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace streamline::engine {
namespace {

constexpr std::uint32_t kFileEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM;

}  // namespace

ConfigWatcher::ConfigWatcher(const std::filesystem::path& file, std::function<void()> on_change,
                             std::chrono::milliseconds debounce)
    : name_(file.filename().string()), on_change_(std::move(on_change)), debounce_(debounce) {
  const std::filesystem::path dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  inotify_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_ < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
  if (inotify_add_watch(inotify_, dir.c_str(), kFileEvents) < 0) {
    const int error = errno;
    close(inotify_);
    throw std::system_error(error, std::generic_category(), "cannot watch " + dir.string());
  }
  stop_ = eventfd(0, EFD_CLOEXEC);
  if (stop_ < 0) {
    const int error = errno;
    close(inotify_);
    throw std::system_error(error, std::generic_category(), "eventfd");
  }
  thread_ = std::thread([this] { watch(); });
}

ConfigWatcher::~ConfigWatcher() {
  const std::uint64_t one = 1;
  (void)!write(stop_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  close(stop_);
  close(inotify_);
}

void ConfigWatcher::watch() {
  using Clock = std::chrono::steady_clock;
  bool changed = false;       // a change waits for its quiet period to end
  Clock::time_point due{};  // when it ends
  alignas(inotify_event) char buffer[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
  for (;;) {
    int timeout = -1;
    if (changed) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()).count();
      timeout = left > 0 ? static_cast<int>(left) : 0;
    }
    pollfd fds[2] = {{inotify_, POLLIN, 0}, {stop_, POLLIN, 0}};
    const int ready = poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    if (fds[0].revents & POLLIN) {
      for (;;) {
        const ssize_t n = read(inotify_, buffer, sizeof buffer);
        if (n <= 0) break;
        for (char* p = buffer; p < buffer + n;) {
          const auto* event = reinterpret_cast<const inotify_event*>(p);
          if (event->len > 0 && name_ == event->name) {
            changed = true;
            due = Clock::now() + debounce_;
          }
          p += sizeof(inotify_event) + event->len;
        }
      }
    }
    if (changed && Clock::now() >= due) {
      changed = false;
      on_change_();
    }
  }
}

}  // namespace streamline::engine
