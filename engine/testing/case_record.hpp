#pragma once
// CaseRecord: everything a test case's run did, as recorded by the probes
// around each stage (recording_plugin.hpp) and by the doubles
// (stage_double.hpp). Several stage workers record at once: CaseRecorder
// serialises them.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/testing/event_matcher.hpp"

namespace streamline::engine {

// One drop or one failure, where it happened and why.
struct OutcomeRecord {
  std::string stage;
  std::string text;  // drop reason or error message
  RecordedEvent event;
};

struct CaseRecord {
  // What each stage emitted, by "stage" (default output) or "stage.output".
  std::map<std::string, std::vector<RecordedEvent>> outputs;
  std::vector<OutcomeRecord> drops;
  std::vector<OutcomeRecord> errors;
  // What reached each double, by stage.
  std::map<std::string, std::vector<RecordedEvent>> effects;
};

class CaseRecorder {
 public:
  void output(const std::string& name, RecordedEvent event);
  void drop(OutcomeRecord record);
  void error(OutcomeRecord record);
  void effect(const std::string& stage, RecordedEvent event);
  // Call after the run, when nothing records any more.
  CaseRecord take();

 private:
  std::mutex mutex_;
  CaseRecord record_;
};

}  // namespace streamline::engine
