#pragma once
// ConfigSpec: a plugin declares its options once.
//
// The one declaration drives parsing (types, defaults), `engine validate`
// (required keys, ranges, allowed values, unknown keys with did-you-mean),
// `engine plugins describe` and the generated reference docs.
//
//   ConfigSpec spec;
//   spec.add(Option::string("topic").required().doc("Topic to read."));
//   spec.add(Option::integer("count").default_value(1000).min(0)
//                .doc("Events to generate; 0 means endless."));
//   spec.add(Option::list("routes", Option::object("route", {
//       Option::string("name").required().doc("Output name."),
//       Option::string("when").required().doc("Condition."),
//   })).doc("Routes tried in order."));

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace streamline {

enum class OptionType {
  kString,
  kInteger,
  kFloat,
  kBool,
  kDuration,  // "250ms", "2s", "1m", "1h" or an integer of milliseconds; parsed to milliseconds
  kList,      // items described by Option::items()
  kObject,    // fields described by Option::fields()
  kMap,       // string keys, values described by Option::items()
  kAny,       // any YAML value, passed through as JSON
};

const char* to_string(OptionType type) noexcept;

class Option {
 public:
  static Option string(std::string name) { return Option(std::move(name), OptionType::kString); }
  static Option integer(std::string name) { return Option(std::move(name), OptionType::kInteger); }
  static Option floating(std::string name) { return Option(std::move(name), OptionType::kFloat); }
  static Option boolean(std::string name) { return Option(std::move(name), OptionType::kBool); }
  static Option duration(std::string name) { return Option(std::move(name), OptionType::kDuration); }
  static Option any(std::string name) { return Option(std::move(name), OptionType::kAny); }
  static Option list(std::string name, Option items) {
    Option o(std::move(name), OptionType::kList);
    o.items_ = std::make_shared<Option>(std::move(items));
    return o;
  }
  static Option map(std::string name, Option values) {
    Option o(std::move(name), OptionType::kMap);
    o.items_ = std::make_shared<Option>(std::move(values));
    return o;
  }
  static Option object(std::string name, std::vector<Option> fields) {
    Option o(std::move(name), OptionType::kObject);
    o.fields_ = std::move(fields);
    return o;
  }

  Option&& doc(std::string text) && { doc_ = std::move(text); return std::move(*this); }
  Option&& required() && { required_ = true; return std::move(*this); }
  Option&& default_value(nlohmann::json value) && { default_ = std::move(value); return std::move(*this); }
  Option&& min(double v) && { min_ = v; return std::move(*this); }
  Option&& max(double v) && { max_ = v; return std::move(*this); }
  Option&& one_of(std::vector<std::string> values) && { allowed_ = std::move(values); return std::move(*this); }
  Option&& secret() && { secret_ = true; return std::move(*this); }
  Option&& example(std::string text) && { example_ = std::move(text); return std::move(*this); }

  const std::string& name() const noexcept { return name_; }
  OptionType type() const noexcept { return type_; }
  const std::string& doc() const noexcept { return doc_; }
  bool is_required() const noexcept { return required_; }
  const std::optional<nlohmann::json>& default_value() const noexcept { return default_; }
  const std::optional<double>& min() const noexcept { return min_; }
  const std::optional<double>& max() const noexcept { return max_; }
  const std::vector<std::string>& allowed() const noexcept { return allowed_; }
  bool is_secret() const noexcept { return secret_; }
  const std::string& example() const noexcept { return example_; }
  // Element type of a list, value type of a map; null otherwise.
  const Option* items() const noexcept { return items_.get(); }
  const std::vector<Option>& fields() const noexcept { return fields_; }
  const Option* field(const std::string& name) const noexcept {
    for (const auto& f : fields_)
      if (f.name_ == name) return &f;
    return nullptr;
  }

 private:
  Option(std::string name, OptionType type) : name_(std::move(name)), type_(type) {}

  std::string name_;
  OptionType type_;
  std::string doc_;
  bool required_ = false;
  std::optional<nlohmann::json> default_;
  std::optional<double> min_;
  std::optional<double> max_;
  std::vector<std::string> allowed_;
  bool secret_ = false;
  std::string example_;
  std::shared_ptr<const Option> items_;
  std::vector<Option> fields_;
};

// The top level of a plugin's `config:` block: an object of options.
class ConfigSpec {
 public:
  ConfigSpec() = default;
  ConfigSpec(std::initializer_list<Option> options) : options_(options) {}

  ConfigSpec& add(Option option) {
    options_.push_back(std::move(option));
    return *this;
  }
  const std::vector<Option>& options() const noexcept { return options_; }
  const Option* find(const std::string& name) const noexcept {
    for (const auto& o : options_)
      if (o.name() == name) return &o;
    return nullptr;
  }

 private:
  std::vector<Option> options_;
};

inline const char* to_string(OptionType type) noexcept {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kInteger: return "integer";
    case OptionType::kFloat: return "float";
    case OptionType::kBool: return "bool";
    case OptionType::kDuration: return "duration";
    case OptionType::kList: return "list";
    case OptionType::kObject: return "object";
    case OptionType::kMap: return "map";
    case OptionType::kAny: return "any";
  }
  return "unknown";
}

}  // namespace streamline
