#pragma once
// What a pipeline test expects of an event, and how close an actual event came.
//
// An expectation is a JSON value matched against the event's payload as a
// subset, so a test names only the fields it cares about:
//   object   every expected key is present and matches; other keys are ignored
//   array    same length, matched element by element
//   number   numerically equal (1 matches 1.0)
//   {"$matches": "re"}  a string in which the ECMAScript regex finds a match
//   {"$absent": true}   as an object member: the key must not be there
//   else     equal
// At the top level of an event expectation, two keys address the event's
// envelope instead of its payload: "$key" (the event key) and "$failure"
// ({stage, error, attempts}: why it failed, for dead letters). A payload that
// is not JSON is matched as its raw text, a string.

#include <optional>
#include <string>
#include <vector>

#include <streamline/event.hpp>

namespace streamline::engine {

// An event as a test saw it: a copy of what a stage emitted or a double received.
struct RecordedEvent {
  Json payload;  // the document, or the raw text (a string) when it is not JSON
  std::string key;
  std::optional<Failure> failure;
};

RecordedEvent record_event(const Event& event);

// The first difference found, with the path to it ("fraud.decision", "items[1]").
struct JsonMismatch {
  std::string path;
  std::string expected;  // compact JSON, or a description ("absent")
  std::string actual;
};

std::optional<JsonMismatch> match_json(const Json& expected, const Json& actual);
std::optional<JsonMismatch> match_event(const Json& expected, const RecordedEvent& actual);

// Problems in an expectation itself (a "$matches" regex that does not
// compile, "$absent" outside an object), each "path: message".
std::vector<std::string> check_expectation(const Json& expected);

// "fraud.decision: expected \"review\", got \"approve\"".
std::string describe(const JsonMismatch& mismatch);

// The recorded event as one line of JSON, with its envelope when set.
std::string describe(const RecordedEvent& event);

}  // namespace streamline::engine
