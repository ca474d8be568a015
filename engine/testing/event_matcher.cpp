#include "engine/testing/event_matcher.hpp"

#include <regex>

namespace streamline::engine {
namespace {

constexpr const char* kMatches = "$matches";
constexpr const char* kAbsent = "$absent";
constexpr const char* kKey = "$key";
constexpr const char* kFailure = "$failure";

std::string child(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string item(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool is_operator(const Json& expected, const char* name) {
  return expected.is_object() && expected.size() == 1 && expected.contains(name);
}

std::string compact(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::optional<JsonMismatch> mismatch(const std::string& path, const Json& expected, const Json& actual) {
  return JsonMismatch{path, compact(expected), compact(actual)};
}

std::optional<JsonMismatch> match_at(const std::string& path, const Json& expected, const Json& actual) {
  if (is_operator(expected, kMatches)) {
    const auto& pattern = expected[kMatches];
    if (!actual.is_string() || !pattern.is_string()) return JsonMismatch{path, "a string matching " + compact(pattern), compact(actual)};
    try {
      if (std::regex_search(actual.get_ref<const std::string&>(), std::regex(pattern.get<std::string>())))
        return std::nullopt;
    } catch (const std::regex_error&) {
    }
    return JsonMismatch{path, "a string matching " + compact(pattern), compact(actual)};
  }
  if (expected.is_object()) {
    if (!actual.is_object()) return mismatch(path, expected, actual);
    for (const auto& [key, value] : expected.items()) {
      const auto found = actual.find(key);
      if (is_operator(value, kAbsent)) {
        if (value[kAbsent] == true && found != actual.end())
          return JsonMismatch{child(path, key), "absent", compact(*found)};
        if (value[kAbsent] == false && found == actual.end())
          return JsonMismatch{child(path, key), "present", "absent"};
        continue;
      }
      if (found == actual.end()) return JsonMismatch{child(path, key), compact(value), "absent"};
      if (auto m = match_at(child(path, key), value, *found)) return m;
    }
    return std::nullopt;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return mismatch(path, expected, actual);
    const std::size_t n = std::min(expected.size(), actual.size());
    for (std::size_t i = 0; i < n; ++i)
      if (auto m = match_at(item(path, i), expected[i], actual[i])) return m;
    if (expected.size() != actual.size())
      return JsonMismatch{path, std::to_string(expected.size()) + " items", std::to_string(actual.size()) + " items"};
    return std::nullopt;
  }
  if (expected.is_number() && actual.is_number()) {
    // Integers compare exactly; a float on either side compares as double.
    if (expected.is_number_float() || actual.is_number_float()) {
      if (expected.get<double>() == actual.get<double>()) return std::nullopt;
    } else if (expected.is_number_unsigned() && actual.is_number_unsigned()) {
      if (expected.get<std::uint64_t>() == actual.get<std::uint64_t>()) return std::nullopt;
    } else if (expected.get<std::int64_t>() == actual.get<std::int64_t>()) {
      return std::nullopt;
    }
    return mismatch(path, expected, actual);
  }
  if (expected != actual) return mismatch(path, expected, actual);
  return std::nullopt;
}

void check_at(const std::string& path, const Json& expected, std::vector<std::string>& problems, bool member) {
  if (expected.is_object() && expected.contains(kMatches)) {
    const auto& pattern = expected[kMatches];
    if (expected.size() != 1) problems.push_back(path + ": $matches takes no other keys beside it");
    if (!pattern.is_string()) {
      problems.push_back(path + ": $matches needs a string (a regular expression)");
      return;
    }
    try {
      std::regex re(pattern.get<std::string>());
    } catch (const std::regex_error& e) {
      problems.push_back(path + ": $matches: invalid regular expression " + compact(pattern) + ": " + e.what());
    }
    return;
  }
  if (expected.is_object() && expected.contains(kAbsent)) {
    if (expected.size() != 1) problems.push_back(path + ": $absent takes no other keys beside it");
    if (!expected[kAbsent].is_boolean()) problems.push_back(path + ": $absent needs true or false");
    if (!member) problems.push_back(path + ": $absent applies only to an object's key");
    return;
  }
  if (expected.is_object())
    for (const auto& [key, value] : expected.items()) check_at(child(path, key), value, problems, true);
  if (expected.is_array())
    for (std::size_t i = 0; i < expected.size(); ++i) check_at(item(path, i), expected[i], problems, false);
}

}  // namespace

RecordedEvent record_event(const Event& event) {
  RecordedEvent r;
  r.payload = event.has_valid_json() ? event.json() : Json(event.raw());
  r.key = event.key;
  r.failure = event.failure;
  return r;
}

std::optional<JsonMismatch> match_json(const Json& expected, const Json& actual) { return match_at("", expected, actual); }

std::optional<JsonMismatch> match_event(const Json& expected, const RecordedEvent& actual) {
  if (!expected.is_object() || (!expected.contains(kKey) && !expected.contains(kFailure)))
    return match_json(expected, actual.payload);
  Json payload = expected;
  if (expected.contains(kKey)) {
    payload.erase(kKey);
    if (auto m = match_at(kKey, expected[kKey], actual.key)) return m;
  }
  if (expected.contains(kFailure)) {
    payload.erase(kFailure);
    const Json failure = actual.failure ? Json{{"stage", actual.failure->stage},
                                               {"error", actual.failure->error},
                                               {"attempts", actual.failure->attempts}}
                                        : Json();
    if (auto m = match_at(kFailure, expected[kFailure], failure)) return m;
  }
  // Only the envelope was named: any payload will do.
  if (payload.empty()) return std::nullopt;
  return match_json(payload, actual.payload);
}

std::vector<std::string> check_expectation(const Json& expected) {
  std::vector<std::string> problems;
  check_at("", expected, problems, false);
  for (auto& p : problems)
    if (p.starts_with(": ")) p = "(event)" + p;
  return problems;
}

std::string describe(const JsonMismatch& mismatch) {
  return (mismatch.path.empty() ? std::string("event") : mismatch.path) + ": expected " + mismatch.expected +
         ", got " + mismatch.actual;
}

std::string describe(const RecordedEvent& event) {
  std::string text = compact(event.payload);
  if (!event.key.empty()) text += "  $key=" + compact(Json(event.key));
  if (event.failure)
    text += "  $failure={stage: " + compact(Json(event.failure->stage)) + ", error: " +
            compact(Json(event.failure->error)) + "}";
  return text;
}

}  // namespace streamline::engine
