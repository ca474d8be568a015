#include "field_rule.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>

#include "iso_timestamp.hpp"

namespace streamline::plugins::validate {
namespace {

constexpr std::size_t kMaxQuotedBytes = 64;

constexpr std::array<std::pair<FieldType, const char*>, 7> kTypeNames{{
    {FieldType::kString, "string"},
    {FieldType::kNumber, "number"},
    {FieldType::kInteger, "integer"},
    {FieldType::kBoolean, "boolean"},
    {FieldType::kObject, "object"},
    {FieldType::kArray, "array"},
    {FieldType::kTimestamp, "timestamp"},
}};

// The element index taken at a `[]` step. Chained on the stack while walking,
// so a field's full path is only spelled out when the rule is broken.
struct ElementIndex {
  const ElementIndex* outer;
  std::size_t step;
  std::size_t index;
};

bool has_type(const Json& value, FieldType type) noexcept {
  switch (type) {
    case FieldType::kString: return value.is_string();
    case FieldType::kNumber: return value.is_number();
    case FieldType::kInteger: return value.is_number_integer();
    case FieldType::kBoolean: return value.is_boolean();
    case FieldType::kObject: return value.is_object();
    case FieldType::kArray: return value.is_array();
    case FieldType::kTimestamp: return value.is_string();
  }
  return false;
}

// A whole number no 64-bit signed integer holds: the parser keeps one past
// 2^64 as a double (2^70 arrives as 1.1805916207174113e+21), one from 2^63
// to 2^64 - 1 as unsigned. Readers of an integer field take int64.
bool outside_int64(const Json& value) noexcept {
  constexpr double kTwoTo63 = 9223372036854775808.0;
  if (value.is_number_unsigned())
    return value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && number == std::floor(number) && std::fabs(number) >= kTwoTo63;
}

// "a string", "an object", "null": what a value is, in a sentence.
const char* described_type(const Json& value) noexcept {
  if (value.is_string()) return "a string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  if (value.is_object()) return "an object";
  if (value.is_array()) return "an array";
  if (value.is_null()) return "null";
  return "a binary value";
}

// At most kMaxQuotedBytes of `text`, cut on a UTF-8 character boundary so the
// reason stays valid UTF-8 (it is stored and serialised as JSON later).
std::string cut(const std::string& text) {
  if (text.size() <= kMaxQuotedBytes) return text;
  std::size_t end = kMaxQuotedBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "...";
}

class RuleWalk {
 public:
  explicit RuleWalk(const FieldRule& rule) : rule_(rule), steps_(rule.path.steps) {}

  // The key of `step` in `object`.
  std::optional<std::string> key(const Json& object, std::size_t step, const ElementIndex* indexes) const {
    const auto it = object.find(steps_[step].key);
    if (it == object.end()) {
      if (!rule_.required) return std::nullopt;
      return "missing field '" + path_to(step, indexes) + "'";
    }
    return steps_[step].each_element ? elements(*it, step, indexes) : value(*it, step, indexes);
  }

 private:
  // Every element of the array at `step` (`key[]`).
  std::optional<std::string> elements(const Json& array, std::size_t step, const ElementIndex* indexes) const {
    if (!array.is_array()) {
      if (array.is_null() && !rule_.required) return std::nullopt;
      return wrong_type(array, "array", step, indexes);
    }
    for (std::size_t i = 0; i < array.size(); ++i) {
      const ElementIndex element{indexes, step, i};
      if (auto reason = value(array[i], step, &element)) return reason;
    }
    return std::nullopt;
  }

  // The value `step` names (an element, for a `[]` step): the field the rule
  // checks, or an object on the way to it.
  std::optional<std::string> value(const Json& found, std::size_t step, const ElementIndex* indexes) const {
    if (found.is_null() && !rule_.required) return std::nullopt;
    if (step + 1 == steps_.size()) return field(found, step, indexes);
    if (!found.is_object()) return wrong_type(found, "object", step, indexes);
    return key(found, step + 1, indexes);
  }

  std::optional<std::string> field(const Json& value, std::size_t step, const ElementIndex* indexes) const {
    if (rule_.type == FieldType::kInteger && outside_int64(value)) {
      return "field '" + path_to(step, indexes) + "' is " + value.dump() + ", out of the 64-bit integer range";
    }
    if (!has_type(value, rule_.type)) return wrong_type(value, to_string(rule_.type), step, indexes);
    if (rule_.type == FieldType::kTimestamp && !is_iso8601_timestamp(value.get_ref<const std::string&>())) {
      return "field '" + path_to(step, indexes) + "' is not an ISO-8601 timestamp: '" +
             cut(value.get_ref<const std::string&>()) + "'";
    }
    // json::empty() is false for every string, so strings are asked themselves.
    const bool empty = value.is_string() ? value.get_ref<const std::string&>().empty()
                                         : value.is_array() && value.empty();
    if (rule_.non_empty && empty) {
      return "field '" + path_to(step, indexes) + "' is empty";
    }
    if (!rule_.one_of.empty() && value.is_string()) {
      const auto& text = value.get_ref<const std::string&>();
      bool allowed = false;
      for (const auto& candidate : rule_.one_of) allowed = allowed || candidate == text;
      if (!allowed) {
        std::string reason = "field '" + path_to(step, indexes) + "' is '" + cut(text) + "', expected one of ";
        for (std::size_t i = 0; i < rule_.one_of.size(); ++i) reason += (i ? ", " : "") + rule_.one_of[i];
        return reason;
      }
    }
    if (value.is_number()) {
      const double number = value.get<double>();
      if (rule_.min && number < *rule_.min) {
        return "field '" + path_to(step, indexes) + "' is " + value.dump() + ", below the minimum " +
               format_bound(*rule_.min);
      }
      if (rule_.max && number > *rule_.max) {
        return "field '" + path_to(step, indexes) + "' is " + value.dump() + ", above the maximum " +
               format_bound(*rule_.max);
      }
    }
    return std::nullopt;
  }

  std::string wrong_type(const Json& value, const char* expected, std::size_t step,
                         const ElementIndex* indexes) const {
    return "field '" + path_to(step, indexes) + "' is " + described_type(value) + ", expected " + expected;
  }

  // "data.items.0.quantity": the keys up to `last`, element indexes written in.
  std::string path_to(std::size_t last, const ElementIndex* indexes) const {
    std::vector<const ElementIndex*> outermost_first;
    for (const ElementIndex* i = indexes; i != nullptr; i = i->outer) outermost_first.insert(outermost_first.begin(), i);
    auto next_index = outermost_first.begin();
    std::string path;
    for (std::size_t step = 0; step <= last; ++step) {
      if (step > 0) path += '.';
      path += steps_[step].key;
      if (next_index != outermost_first.end() && (*next_index)->step == step) {
        path += '.' + std::to_string((*next_index)->index);
        ++next_index;
      }
    }
    return path;
  }

  const FieldRule& rule_;
  const std::vector<PathStep>& steps_;
};

}  // namespace

std::string format_bound(double bound) {
  if (bound == std::floor(bound) && std::fabs(bound) < 1e15) return std::to_string(static_cast<long long>(bound));
  return Json(bound).dump();
}

const char* to_string(FieldType type) noexcept {
  for (const auto& [t, name] : kTypeNames)
    if (t == type) return name;
  return "unknown";
}

std::optional<FieldType> field_type_named(std::string_view name) noexcept {
  for (const auto& [type, type_name] : kTypeNames)
    if (name == type_name) return type;
  return std::nullopt;
}

std::optional<std::string> FieldRule::check(const Json& document) const {
  if (when && !when->matches(document)) return std::nullopt;
  if (path.steps.empty() || !document.is_object()) return std::nullopt;
  return RuleWalk(*this).key(document, 0, nullptr);
}

}  // namespace streamline::plugins::validate
