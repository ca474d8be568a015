#pragma once
// ReloadReport: what one hot reload did, for the log, /status and the answer
// to POST /reload.
//
//   result     applied    the new config runs (diff: what was kept, restarted, added, removed)
//              unchanged  the file says what already runs: nothing was touched
//              invalid    the new config has errors (errors: file:line:column each); the old one runs on
//              failed     a stage of the new config could not be created or started; the old one runs on

#include <chrono>
#include <string>

#include "engine/config/diagnostic.hpp"
#include "engine/reload/pipeline_diff.hpp"

namespace streamline::engine {

struct ReloadReport {
  std::string trigger;  // "file", "SIGHUP", "http"
  std::string result;   // applied, unchanged, invalid, failed
  std::string file;
  Diagnostics errors;   // invalid: every error (and warning) of the new file
  std::string error;    // failed: why
  PipelineDiff diff;
  std::chrono::system_clock::time_point at{};
  std::chrono::microseconds took{0};   // from the request to the result
  std::chrono::microseconds pause{0};  // sources not reading (applied)

  bool ok() const { return result == "applied" || result == "unchanged"; }
  // {"trigger":"SIGHUP","result":"applied","at":"2026-11-26T01:02:03.456Z","took_ms":41.2,
  //  "pause_ms":12.0,"kept":[...],"restarted":[...],"added":[...],"removed":[...],"errors":[...]}
  std::string json() const;
  // "reload (SIGHUP): applied in 41 ms, paused 12 ms: kept 9, restarted 1 (fraud), added 0, removed 0"
  std::string summary() const;
};

}  // namespace streamline::engine
