#pragma once
// StdoutSink: writes each event's JSON as one line to standard output.
//
// A batch becomes one buffer and one fwrite, so batches from several
// instances (`concurrency` > 1) never interleave within a line. A payload
// holding a line break is re-serialised compactly; one that is then not JSON
// fails. A write error throws out of process(): the engine fails the batch.

#include <cstdio>
#include <string>

#include <streamline/batch.hpp>
#include <streamline/stage.hpp>

namespace streamline::plugins::stdout_sink {

class StdoutSink final : public Sink {
 public:
  // `out` is stdout in the plugin; tests pass a temporary file.
  explicit StdoutSink(std::FILE* out = stdout, bool flush = true) : out_(out), flush_(flush) {}

  void process(Batch& batch) override;
  void drain(Clock::time_point deadline) override;

 private:
  std::FILE* out_;
  bool flush_;
  std::string buffer_;  // reused across batches
};

}  // namespace streamline::plugins::stdout_sink
