#include "engine/testing/case_verdict.hpp"

#include <algorithm>
#include <optional>
#include <regex>

namespace streamline::engine {
namespace {

constexpr std::size_t kShownEvents = 5;

std::string quoted(const std::string& text) { return Json(text).dump(); }

std::string events_list(const std::vector<RecordedEvent>& events, const std::vector<bool>* skip = nullptr) {
  std::string text;
  std::size_t shown = 0;
  std::size_t left = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (skip && (*skip)[i]) continue;
    if (shown == kShownEvents) {
      ++left;
      continue;
    }
    text += "\n    got[" + std::to_string(i) + "]: " + describe(events[i]);
    ++shown;
  }
  if (left) text += "\n    ... and " + std::to_string(left) + " more";
  return text;
}

std::string plural(std::size_t n) { return std::to_string(n) + (n == 1 ? " event" : " events"); }

void judge_list(const std::string& label, const EventListExpectation& expected, const std::vector<RecordedEvent>& actual,
                std::vector<std::string>& problems) {
  if (expected.count && actual.size() != *expected.count) {
    problems.push_back(label + ": expected " + plural(*expected.count) + ", got " + std::to_string(actual.size()) +
                       events_list(actual));
    return;
  }
  if (!expected.events) return;
  const auto& events = *expected.events;
  if (expected.ordered) {
    if (events.size() != actual.size()) {
      problems.push_back(label + ": expected " + plural(events.size()) + ", got " + std::to_string(actual.size()) +
                         events_list(actual));
      return;
    }
    for (std::size_t i = 0; i < events.size(); ++i)
      if (auto m = match_event(events[i], actual[i]))
        problems.push_back(label + "[" + std::to_string(i) + "] " + describe(*m) + "\n    got: " + describe(actual[i]));
    return;
  }
  // Exact matches first; each miss is then explained against the first
  // event left over, the likeliest one meant.
  std::vector<bool> used(actual.size(), false);
  std::vector<std::size_t> missing;
  for (std::size_t i = 0; i < events.size(); ++i) {
    bool found = false;
    for (std::size_t j = 0; j < actual.size() && !found; ++j)
      if (!used[j] && !match_event(events[i], actual[j])) found = used[j] = true;
    if (!found) missing.push_back(i);
  }
  for (std::size_t i : missing) {
    std::optional<JsonMismatch> closest;
    for (std::size_t j = 0; j < actual.size() && !closest; ++j)
      if (!used[j]) closest = match_event(events[i], actual[j]);
    problems.push_back(label + ": no event matches expected[" + std::to_string(i) + "] " + events[i].dump() +
                       (closest ? "\n    closest: " + describe(*closest) : std::string()));
  }
  if (std::find(used.begin(), used.end(), false) != used.end())
    problems.push_back(label + ": events not expected" + events_list(actual, &used));
}

bool matches(const OutcomeExpectation& expected, const OutcomeRecord& actual) {
  if (expected.stage && *expected.stage != actual.stage) return false;
  if (expected.text && *expected.text != actual.text) return false;
  if (expected.pattern && !std::regex_search(actual.text, std::regex(*expected.pattern))) return false;
  if (expected.event && match_event(*expected.event, actual.event)) return false;
  return true;
}

std::string describe(const OutcomeExpectation& expected, const std::string& text_key) {
  std::vector<std::string> parts;
  if (expected.stage) parts.push_back("stage: " + *expected.stage);
  if (expected.text) parts.push_back(text_key + ": " + quoted(*expected.text));
  if (expected.pattern) parts.push_back(text_key + "_matches: " + quoted(*expected.pattern));
  if (expected.event) parts.push_back("event: " + expected.event->dump());
  std::string text = "{";
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
  return text + "}";
}

std::string describe(const OutcomeRecord& actual) {
  return actual.stage + ": " + quoted(actual.text) + " for " + describe(actual.event);
}

// What differs between an expectation and the recorded outcome most like it
// (same stage first), so a near miss reads as one.
std::string nearest(const OutcomeExpectation& expected, const std::vector<OutcomeRecord>& actual,
                    const std::vector<bool>& used, const std::string& text_key, std::vector<bool>& shown) {
  const OutcomeRecord* best = nullptr;
  std::size_t best_index = 0;
  for (std::size_t j = 0; j < actual.size(); ++j) {
    if (used[j]) continue;
    if (!best || (expected.stage && actual[j].stage == *expected.stage && best->stage != *expected.stage)) {
      best = &actual[j];
      best_index = j;
    }
  }
  if (!best) return "\n    none left to match";
  shown[best_index] = true;
  std::string text = "\n    closest: " + describe(*best);
  if (expected.stage && *expected.stage != best->stage)
    text += "\n      stage: expected " + *expected.stage + ", got " + best->stage;
  if (expected.text && *expected.text != best->text)
    text += "\n      " + text_key + ": expected " + quoted(*expected.text) + ", got " + quoted(best->text);
  if (expected.pattern && !std::regex_search(best->text, std::regex(*expected.pattern)))
    text += "\n      " + text_key + ": expected to match " + quoted(*expected.pattern) + ", got " + quoted(best->text);
  if (expected.event)
    if (auto m = match_event(*expected.event, best->event)) text += "\n      event " + describe(*m);
  return text;
}

void judge_outcomes(const std::string& label, const std::string& text_key, const std::vector<OutcomeExpectation>& expected,
                    const std::vector<OutcomeRecord>& actual, std::vector<std::string>& problems) {
  std::vector<bool> used(actual.size(), false);
  std::vector<const OutcomeExpectation*> missing;
  for (const auto& e : expected) {
    bool found = false;
    for (std::size_t j = 0; j < actual.size() && !found; ++j)
      if (!used[j] && matches(e, actual[j])) found = used[j] = true;
    if (!found) missing.push_back(&e);
  }
  // Near misses are explained against what is left once the rest matched;
  // one shown as a near miss is not listed again as unexpected.
  std::vector<bool> shown(actual.size(), false);
  for (const auto* e : missing)
    problems.push_back(label + ": expected " + describe(*e, text_key) + ", not found" +
                       nearest(*e, actual, used, text_key, shown));
  for (std::size_t j = 0; j < actual.size(); ++j)
    if (!used[j] && !shown[j]) problems.push_back(label + ": unexpected " + describe(actual[j]));
}

// When an output's events are not what was expected, where else the stage
// sent events: "route.created" expected one, it went to "route.lifecycle".
std::string elsewhere(const std::string& output, const CaseRecord& record) {
  const std::string stage = output.substr(0, output.find('.'));
  std::string text;
  for (const auto& [name, events] : record.outputs) {
    if (name == output || (name != stage && !name.starts_with(stage + "."))) continue;
    text += (text.empty() ? "\n    the stage's other outputs: " : ", ") + name + " (" + plural(events.size()) + ")";
  }
  std::size_t drops = 0, errors = 0;
  for (const auto& d : record.drops) drops += d.stage == stage ? 1 : 0;
  for (const auto& e : record.errors) errors += e.stage == stage ? 1 : 0;
  if (drops) text += "\n    the stage dropped " + plural(drops);
  if (errors) text += "\n    the stage failed " + plural(errors);
  return text;
}

}  // namespace

std::vector<std::string> judge_case(const TestCase& test_case, const CaseRun& run) {
  std::vector<std::string> problems;
  for (const auto& error : run.errors) {
    std::string text = "the run failed: " + error;
    if (error.find("failed to create") != std::string::npos || error.find("failed to start") != std::string::npos)
      text += "\n    hint: a stage that needs a service (Kafka, PostgreSQL, Redis, HTTP) must be listed under doubles:";
    problems.push_back(std::move(text));
  }
  static const std::vector<RecordedEvent> kNone;
  auto recorded = [](const std::map<std::string, std::vector<RecordedEvent>>& by_name, const std::string& name)
      -> const std::vector<RecordedEvent>& {
    const auto found = by_name.find(name);
    return found == by_name.end() ? kNone : found->second;
  };
  for (const auto& [name, expected] : test_case.expect.outputs) {
    const std::size_t before = problems.size();
    judge_list("outputs." + name, expected, recorded(run.record.outputs, name), problems);
    if (problems.size() > before) problems.back() += elsewhere(name, run.record);
  }
  judge_outcomes("errors", "error", test_case.expect.errors, run.record.errors, problems);
  if (test_case.expect.drops) judge_outcomes("drops", "reason", *test_case.expect.drops, run.record.drops, problems);
  for (const auto& [name, expected] : test_case.expect.effects)
    judge_list("effects." + name, expected, recorded(run.record.effects, name), problems);
  return problems;
}

}  // namespace streamline::engine
