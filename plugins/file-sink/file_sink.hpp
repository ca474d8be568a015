#pragma once
// FileSink: appends each event's JSON as one line to a file (JSON Lines).
//
// The file is opened for appending in start() (parent directories are
// created) and closed in stop(), which is idempotent and safe without start.
// Payloads are written as they are; one that holds a line break (pretty
// printed JSON) is re-serialised compactly so a line stays one event, and
// fails when it is not JSON.
//
// Passing an event means it was handed to the OS (`flush: true`, the
// default, after each batch) or is on disk (`fsync: true`). With
// `flush: false` lines sit in a buffer until it fills, drain() or stop().
// A write error throws out of process(): the engine fails the whole batch
// (lines already written stay: at-least-once).
//
// One instance per file: the plugin does not allow `concurrency` > 1, since
// two buffered writers could interleave partial lines.

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

namespace streamline::plugins::file_sink {

struct FileSinkOptions {
  std::filesystem::path path;
  bool flush = true;   // fflush after every batch
  bool fsync = false;  // fsync after every batch (implies flush)
};

class FileSink final : public Sink {
 public:
  // `logger` (may be null) reports errors of stop(), which cannot throw.
  explicit FileSink(FileSinkOptions options, spdlog::logger* logger = nullptr);
  ~FileSink() override;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;

  void start() override;
  void process(Batch& batch) override;
  void drain(Clock::time_point deadline) override;
  void stop() noexcept override;

  bool is_open() const noexcept { return file_ != nullptr; }

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };

  // fflush, and fsync when configured; throws std::runtime_error on failure.
  void flush(bool to_disk);
  // Throws std::runtime_error("<what>: <strerror(error)>").
  [[noreturn]] void throw_io_error(const std::string& what, int error) const;

  FileSinkOptions options_;
  spdlog::logger* logger_;
  std::vector<char> buffer_;  // stdio buffer; outlives file_
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::string compacted_;     // scratch for re-serialised payloads
};

}  // namespace streamline::plugins::file_sink
