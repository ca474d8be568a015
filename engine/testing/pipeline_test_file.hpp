#pragma once
// PipelineTestFile: a file of unit tests for one pipeline (`engine test`).
//
//   pipeline: ../../orders.yaml       # the pipeline under test, relative to this file
//   env: { PG_DSN: unused }           # the only values ${VAR}s see (tests are hermetic)
//   timeout: 10s                      # per case (default 10s)
//   doubles:                          # stages replaced by recording doubles, by name
//     store: {}                       #   records what reaches it (its effects), passes it
//     enrich:                         #   a processor double can change and route events:
//       merge: { enrichment: { status: complete } }      # JSON merge patch on each event
//       rules:                        #   first rule whose `when` matches wins
//         - { when: { user_id: u-404 }, fail: "unknown user" }   # or drop: / send: / merge:
//   cases:
//     - name: a big order from a new account is held for review
//       doubles: { ... }              # per case, replacing the file's double of that name
//       input:                        # one input, or a list of them
//         stage: fraud                # omitted: the pipeline's only source
//         events: [ {...}, "not json" ]   # objects, or raw text for malformed payloads
//       expect:
//         outputs: { route.created: [ {...} ], validate: { count: 0 } }
//         drops:   [ { stage: dedup, reason: duplicate, event: {...} } ]
//         errors:  [ { stage: validate, error: "...", event: {...} } ]   # or error_matches: regex
//         effects: { store: { count: 1, events: [ {...} ] } }
//
// Sources never run in a test: the case's events enter where it says, and
// only the stages downstream of that point (and the dead-letter stage) run.
// Resources are never created: a stage that needs a service is a double.
// An output or effect list names every event, in order (`ordered: false` to
// ignore order); `count` alone checks only how many. `errors` omitted means
// none are expected; `drops` omitted means drops are not checked.
// Event expectations are subsets of the payload (event_matcher.hpp).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <streamline/event.hpp>

#include "engine/config/diagnostic.hpp"

namespace streamline::engine {

// What a double does with the events that match `when` (all when empty).
struct DoubleRule {
  enum class Action { kPass, kDrop, kFail, kSend };
  std::optional<Json> when;
  Action action = Action::kPass;
  std::string argument;       // drop reason, error message or output name
  std::optional<Json> merge;  // RFC 7386 merge patch, applied when passing or sending
  SourceLocation location;
};

struct DoubleSpec {
  std::string stage;
  std::vector<DoubleRule> rules;  // first match wins
  DoubleRule otherwise;           // for events no rule matches
  SourceLocation location;
};

struct TestInput {
  std::string stage;                  // empty: the pipeline's only source
  std::vector<std::string> payloads;  // as a source would read them: JSON text or raw text
  SourceLocation location;
};

// The events of one output or one double's effects.
struct EventListExpectation {
  std::optional<std::size_t> count;
  std::optional<std::vector<Json>> events;  // every event, when given
  bool ordered = true;
  SourceLocation location;
};

// One expected drop or error. Unset fields match anything.
struct OutcomeExpectation {
  std::optional<std::string> stage;
  std::optional<std::string> text;     // reason or error, exactly
  std::optional<std::string> pattern;  // reason_matches / error_matches (ECMAScript regex)
  std::optional<Json> event;
  SourceLocation location;
};

struct Expectations {
  std::map<std::string, EventListExpectation> outputs;  // "stage" or "stage.output"
  std::optional<std::vector<OutcomeExpectation>> drops;
  std::vector<OutcomeExpectation> errors;
  std::map<std::string, EventListExpectation> effects;  // by double
};

struct TestCase {
  std::string name;
  std::vector<TestInput> inputs;
  std::map<std::string, DoubleSpec> doubles;  // the file's, with the case's over them
  Expectations expect;
  SourceLocation location;
};

struct PipelineTestFile {
  std::string file;
  std::string pipeline;  // path as resolved against the test file's folder
  SourceLocation pipeline_location;
  std::map<std::string, std::string> env;
  std::chrono::milliseconds timeout{10000};
  std::vector<TestCase> cases;
};

// Reads and checks the file's structure; errors go to `diags` with file:line.
// nullopt when nothing usable could be read. Names of stages and outputs are
// checked later, against the pipeline (test_file_checks.hpp).
std::optional<PipelineTestFile> load_pipeline_test_file(const std::string& file, Diagnostics& diags);
std::optional<PipelineTestFile> parse_pipeline_test_file(const std::string& text, const std::string& file,
                                                         Diagnostics& diags);

}  // namespace streamline::engine
