#pragma once
// RunReport: what a pipeline run did, per stage, for the summary line the
// run command logs at the end and for tests.

#include <cstdint>
#include <string>
#include <vector>

#include <streamline/event.hpp>
#include <streamline/plugin.hpp>

namespace streamline::engine {

// One source instance's acknowledgement state at the end of the run.
struct SourceProgress {
  std::uint64_t emitted = 0;       // events tracked
  std::uint64_t acknowledged = 0;  // events done (delivered, dropped or failed terminally)
  std::size_t in_flight = 0;       // emitted and not done: will be replayed
  std::vector<Position> committed; // last position committed per partition
  std::string error;               // why the source stopped early; empty when it did not
};

struct StageReport {
  std::string name;
  std::string plugin;
  PluginKind kind = PluginKind::kProcessor;
  std::uint64_t events_in = 0;
  std::uint64_t events_out = 0;
  std::uint64_t dropped = 0;
  std::uint64_t failed = 0;
  double busy_seconds = 0;   // in process() (processors and sinks)
  std::uint64_t calls = 0;   // process() calls
  std::vector<SourceProgress> sources;  // one per instance, for sources
};

struct RunReport {
  bool started = false;          // every resource and stage was created and started
  bool drain_requested = false;  // stopped by request_stop() rather than exhausted sources
  bool timed_out = false;        // the drain deadline passed; work was abandoned
  std::vector<std::string> errors;
  std::vector<StageReport> stages;  // in the plan's (topological) order

  // Started, drained within the deadline, nothing left in flight, no errors.
  bool clean() const;
};

// One line: "src [generate] in=10 out=10 dropped=0 failed=0 emitted=10 acked=10
// in_flight=0 committed=gen/0@10; sink [file-sink] in=10 ...".
std::string format_summary(const RunReport& report);

// Where the time went: "validate 0.41s/140, store 2.10s/141, ..." (seconds
// in process() and calls, for the stages that process).
std::string format_stage_time(const RunReport& report);

}  // namespace streamline::engine
