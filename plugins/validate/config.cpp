// The `validate` plugin: its options, its factory and its export.

#include <cstdint>
#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "rule_compiler.hpp"
#include "validate.hpp"

namespace streamline::plugins::validate {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(
      Option::list(
          "rules",
          Option::object(
              "rule",
              {
                  Option::string("path").required().doc(
                      "Field to check: dotted keys (`data.total_amount`); `[]` checks every element of an array "
                      "(`data.items[].quantity`)."),
                  Option::string("type")
                      .required()
                      .one_of({"string", "number", "integer", "boolean", "object", "array", "timestamp"})
                      .doc("Type the field must have. `integer`: a number without fraction or exponent; "
                           "`number`: any number; `timestamp`: an ISO-8601 string with a zone, e.g. "
                           "`2025-01-01T00:00:00.000Z`."),
                  Option::boolean("required")
                      .default_value(true)
                      .doc("Fail events without the field (absent, or null); when false, an absent or null "
                           "field passes."),
                  Option::string("when").example("event_type == \"ORDER_CREATED\"").doc(
                      "Check the rule only for events this condition holds for, in the `route` plugin's "
                      "language; absent: every event."),
                  Option::floating("min").doc("Smallest value allowed (number and integer fields)."),
                  Option::floating("max").doc("Largest value allowed (number and integer fields)."),
                  Option::list("one_of", Option::string("value"))
                      .doc("Values allowed (string fields); absent: any value."),
                  Option::boolean("non_empty")
                      .default_value(false)
                      .doc("Fail an empty string or an empty array."),
              }))
          .required()
          .example("[{ path: event_id, type: string, non_empty: true }]")
          .doc("Rules checked in order; the first one an event breaks fails it, with that rule's reason."));
  spec.add(Option::boolean("reject_non_object")
               .default_value(true)
               .doc("Fail payloads that are JSON but no object (`payload is not a JSON object`); when false "
                    "they pass unchecked."));
  spec.add(Option::integer("max_event_bytes")
               .default_value(static_cast<std::int64_t>(kDefaultMaxEventBytes))
               .min(1)
               .doc("Largest payload in bytes; a larger one fails first, unparsed (`event of 2000000 bytes is over "
                    "the limit of 1048576 bytes (max_event_bytes)`). The default, 1 MiB, is Kafka's usual "
                    "message limit."));
  spec.add(Option::boolean("reject_nul_characters")
               .default_value(true)
               .doc("Fail payloads with a NUL character (`\\u0000`) in a string or key, which PostgreSQL "
                    "cannot store (`payload holds a NUL character (\\u0000) in 'user_id'`); when false they "
                    "go on to the rules."));
  return spec;
}

const nlohmann::json& rules_of(const Config& config) {
  static const nlohmann::json kNone = nlohmann::json::array();
  const auto it = config.json().find("rules");
  return it != config.json().end() ? *it : kNone;
}

class ValidatePlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Fails the events whose JSON breaks a field rule (missing field, wrong type, out of range), "
           "with an exact reason; valid events pass untouched.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    compile_rules(rules_of(config), issues);
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    ConfigIssues issues;
    ValidateOptions options;
    options.rules = compile_rules(rules_of(config), issues);
    if (!issues.empty()) throw ConfigError(issues.all().front().path, issues.all().front().message);
    options.reject_non_object = config.get_or<bool>("reject_non_object", true);
    options.max_event_bytes = static_cast<std::size_t>(
        config.get_or<std::int64_t>("max_event_bytes", static_cast<std::int64_t>(kDefaultMaxEventBytes)));
    options.reject_nul_characters = config.get_or<bool>("reject_nul_characters", true);
    return std::make_unique<ValidateStage>(std::move(options), context.metrics());
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::validate

STREAMLINE_PLUGIN(streamline::plugins::validate::ValidatePlugin, "validate", "1.0.0")
