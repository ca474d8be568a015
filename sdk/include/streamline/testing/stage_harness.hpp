#pragma once
// Helpers to drive one stage the way the engine would, and read back what
// it decided for each event.
//
//   RouteStage stage(options);
//   ProcessResult r = run_processor(stage, events_from_json({{{"amount", 5}}, {{"amount", 500}}}));
//   EXPECT_EQ(r.sent_to(0).size(), 1);              // named output 0
//   EXPECT_EQ(r.dropped.at(0).reason, "unmatched");
//
//   ProcessResult e = run_processor_as_engine(stage, events, "route");
//   EXPECT_EQ(e.failed.at(0).reason, "plugin 'route' threw: ...");  // a throw fails the batch
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
#include "streamline/errors.hpp"
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

// One process() call with the engine's handling of what the stage throws,
// so a test sees the errors a pipeline would:
//  - TransientError propagates: the engine would retry the whole batch
//    (assert it with EXPECT_THROW or a try block);
//  - PayloadError: the events whose payload is not JSON fail with the
//    parser's message and the others are processed again, once;
//  - any other exception fails every event of the batch with
//    "plugin '<plugin_name>' threw: <what>", as the engine does.
inline ProcessResult run_processor_as_engine(Processor& stage, std::vector<Event> events,
                                             const std::string& plugin_name = "test") {
  const std::string label = "plugin '" + plugin_name + "'";
  Batch batch(std::move(events));
  const auto fail_all = [&](const std::string& error) {
    for (std::size_t i = 0; i < batch.size(); ++i) batch.fail(i, error);
    return split_by_outcome(batch);
  };
  try {
    stage.process(batch);
    return split_by_outcome(batch);
  } catch (const TransientError&) {
    throw;
  } catch (const PayloadError& error) {
    std::vector<Event> good;
    std::vector<EventWithReason> bad;
    for (auto& event : batch.events()) {
      std::string parse_error;
      try {
        (void)event.json();
      } catch (const PayloadError& e) {
        parse_error = e.what();
      }
      if (parse_error.empty()) good.push_back(std::move(event));
      else bad.push_back({std::move(event), std::move(parse_error)});
    }
    if (bad.empty()) {
      batch = Batch(std::move(good));
      return fail_all(label + " threw: " + error.what());
    }
    ProcessResult result = good.empty() ? ProcessResult{} : run_processor_as_engine(stage, std::move(good), plugin_name);
    for (auto& b : bad) result.failed.push_back(std::move(b));
    return result;
  } catch (const std::exception& error) {
    return fail_all(label + " threw: " + error.what());
  } catch (...) {
    return fail_all(label + " threw a non-standard exception");
  }
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
