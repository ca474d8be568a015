#pragma once
// ConfigWatcher: calls back when the pipeline file changes on disk.
//
// It watches the file's directory with inotify, not the file: editors save by
// writing a temporary file and renaming it over the original (vim, VS Code,
// `kubectl` ConfigMap updates swap a symlink), which replaces the inode a
// watch on the file would follow. Events naming the file (written and
// closed, moved or created there, deleted) start a quiet period; the
// callback runs once the file has been quiet for `debounce`, so an editor's
// several writes, or a rename after a write, are one change. The config
// format has no includes, so the one file is all there is to watch.
// The callback runs on the watcher's thread.

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

namespace streamline::engine {

class ConfigWatcher {
 public:
  // Throws std::system_error when inotify cannot watch the directory.
  ConfigWatcher(const std::filesystem::path& file, std::function<void()> on_change,
                std::chrono::milliseconds debounce = std::chrono::milliseconds(200));
  ~ConfigWatcher();
  ConfigWatcher(const ConfigWatcher&) = delete;
  ConfigWatcher& operator=(const ConfigWatcher&) = delete;

 private:
  void watch();

  std::string name_;  // the file's name in its directory
  std::function<void()> on_change_;
  std::chrono::milliseconds debounce_;
  int inotify_ = -1;
  int stop_ = -1;  // eventfd: wakes the thread to end
  std::thread thread_;
};

}  // namespace streamline::engine
