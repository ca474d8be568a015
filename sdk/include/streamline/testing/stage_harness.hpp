#pragma once
// Helpers to drive one stage the way the engine would, and read back what
// it decided for each event.
//
//   RouteStage stage(options);
//   ProcessResult r = run_processor(stage, events_from_json({{{"amount", 5}}, {{"amount", 500}}}));
//   EXPECT_EQ(r.sent_to(0).size(), 1);              // named output 0
//   EXPECT_EQ(r.dropped.at(0).reason, "unmatched");
//
//   PollResult p = poll_until_exhausted(source);    // a finite source
//   EXPECT_EQ(p.events.size(), 100);
//
// The events come back sorted by outcome, each list in batch order.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "streamline/batch.hpp"
#include "streamline/event.hpp"
#include "streamline/stage.hpp"

namespace streamline::testing {

struct EventWithReason {
  Event event;
  std::string reason;  // drop reason or error message
};

struct ProcessResult {
  std::vector<Event> passed;
  std::map<std::uint16_t, std::vector<Event>> sent;  // by named output index
  std::vector<EventWithReason> dropped;
  std::vector<EventWithReason> failed;

  // Events sent to named output `output`; empty when none.
  const std::vector<Event>& sent_to(std::uint16_t output) const {
    static const std::vector<Event> kNone;
    const auto it = sent.find(output);
    return it == sent.end() ? kNone : it->second;
  }
  std::size_t sent_count() const {
    std::size_t n = 0;
    for (const auto& [_, events] : sent) n += events.size();
    return n;
  }
  std::size_t total() const { return passed.size() + sent_count() + dropped.size() + failed.size(); }
};

// Moves the batch's events out, sorted by their outcome.
inline ProcessResult split_by_outcome(Batch& batch) {
  ProcessResult result;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Outcome& outcome = batch.outcome(i);
    Event& event = batch[i];
    switch (outcome.disposition) {
      case Disposition::kPass: result.passed.push_back(std::move(event)); break;
      case Disposition::kSend: result.sent[outcome.output].push_back(std::move(event)); break;
      case Disposition::kDrop: result.dropped.push_back({std::move(event), std::move(outcome.reason)}); break;
      case Disposition::kFail: result.failed.push_back({std::move(event), std::move(outcome.reason)}); break;
    }
  }
  batch.clear();
  return result;
}

// One process() call on a batch of `events`. Exceptions from the stage
// propagate (assert them with EXPECT_THROW).
inline ProcessResult run_processor(Processor& stage, std::vector<Event> events) {
  Batch batch(std::move(events));
  stage.process(batch);
  return split_by_outcome(batch);
}

inline std::vector<Event> events_from_json(const std::vector<Json>& documents) {
  std::vector<Event> events;
  events.reserve(documents.size());
  for (const auto& d : documents) events.push_back(Event::from_json(d));
  return events;
}
inline std::vector<Event> events_from_json(std::initializer_list<Json> documents) {
  return events_from_json(std::vector<Json>(documents));
}
inline std::vector<Event> events_from_raw(const std::vector<std::string>& payloads) {
  std::vector<Event> events;
  events.reserve(payloads.size());
  for (const auto& p : payloads) events.push_back(Event::from_raw(p));
  return events;
}

// The payloads as documents (throws PayloadError for one that is not JSON).
inline std::vector<Json> documents_of(const std::vector<Event>& events) {
  std::vector<Json> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.json());
  return out;
}
inline std::vector<Json> documents_of(const std::vector<EventWithReason>& events) {
  std::vector<Json> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.event.json());
  return out;
}
inline std::vector<std::string> reasons_of(const std::vector<EventWithReason>& events) {
  std::vector<std::string> out;
  out.reserve(events.size());
  for (const auto& e : events) out.push_back(e.reason);
  return out;
}

// A Processor wrapper keeping the conversions short in tests.
class StageHarness {
 public:
  explicit StageHarness(Processor& stage) : stage_(stage) {}
  ProcessResult process(std::vector<Event> events) { return run_processor(stage_, std::move(events)); }
  ProcessResult process_json(const std::vector<Json>& documents) { return process(events_from_json(documents)); }
  Processor& stage() noexcept { return stage_; }

 private:
  Processor& stage_;
};

struct PollResult {
  std::vector<Event> events;
  bool exhausted = false;  // the source returned kExhausted
  std::size_t polls = 0;   // poll() calls made
};

// Polls until the source is exhausted, `max_polls` calls were made or at
// least `max_total` events arrived (0: no limit).
inline PollResult poll_until_exhausted(Source& source, std::size_t max_events = 1024,
                                       std::chrono::milliseconds timeout = std::chrono::milliseconds(0),
                                       std::size_t max_polls = 1'000'000, std::size_t max_total = 0) {
  PollResult result;
  while (result.polls < max_polls && (max_total == 0 || result.events.size() < max_total)) {
    Batch batch;
    ++result.polls;
    const PollStatus status = source.poll(batch, max_events, timeout);
    for (auto& e : batch.events()) result.events.push_back(std::move(e));
    if (status == PollStatus::kExhausted) {
      result.exhausted = true;
      break;
    }
  }
  return result;
}

}  // namespace streamline::testing
