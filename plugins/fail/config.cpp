// The `fail` plugin: its options, its factory and its export.

#include <memory>
#include <string>

#include <streamline/plugin.hpp>

#include "expression/expression_parser.hpp"
#include "error_template.hpp"
#include "fail.hpp"

namespace streamline::plugins::fail {
namespace {

ConfigSpec make_spec() {
  ConfigSpec spec;
  spec.add(Option::string("when").example("amount > 100").doc(
      "Condition selecting the events to fail, in the `route` plugin's language; absent: every event."));
  spec.add(Option::string("error").default_value("failed by fail stage").example("unknown reference: {enrichment.missing}").doc(
      "Error message of failed events and of thrown exceptions. `{path}` quotes a field of the failed event "
      "(a list joined by \", \"); `{{` and `}}` are literal braces."));
  spec.add(Option::integer("every").default_value(0).min(0).doc(
      "Fail only every Nth selected event (counted per instance); 0 fails each one."));
  spec.add(Option::boolean("throw").default_value(false).doc(
      "Throw std::runtime_error from process() at the first selected event instead of failing events."));
  spec.add(Option::integer("transient_failures").default_value(0).min(0).doc(
      "Throw streamline::TransientError from the first N calls to process(), then pass every event; "
      "excludes `when`, `every` and `throw`."));
  return spec;
}

class FailPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Fails the events matching a condition (rejecting what a pipeline must not store), or throws and "
           "transiently rejects on purpose, to test error paths.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    try {
      ErrorTemplate check(config.get<std::string>("error"));
    } catch (const std::invalid_argument& e) {
      issues.error("error", e.what(), "write '{{' for a literal brace");
    }
    if (config.has("when")) {
      try {
        expression::parse_expression(config.get<std::string>("when"));
      } catch (const expression::ExpressionError& e) {
        issues.error("when", e.what());
      }
    }
    if (config.get_or<std::int64_t>("transient_failures", 0) > 0) {
      const char* other = config.has("when")                        ? "when"
                          : config.get_or<std::int64_t>("every", 0) ? "every"
                          : config.get_or<bool>("throw", false)     ? "throw"
                                                                    : nullptr;
      if (other != nullptr) {
        issues.error("transient_failures", std::string("transient_failures cannot be combined with `") + other + "`",
                     "transient failures pass every event once they are used up; use a second fail stage");
      }
    }
  }

  std::unique_ptr<Stage> create(const Config& config, Context& /*context*/) const override {
    FailOptions options;
    if (config.has("when")) {
      try {
        options.when = expression::parse_expression(config.get<std::string>("when"));
      } catch (const expression::ExpressionError& e) {
        throw ConfigError("when", e.what());
      }
    }
    try {
      options.error = ErrorTemplate(config.get<std::string>("error"));
    } catch (const std::invalid_argument& e) {
      throw ConfigError("error", e.what());
    }
    options.every = config.get<std::uint64_t>("every");
    options.throw_exception = config.get<bool>("throw");
    options.transient_failures = config.get<std::uint64_t>("transient_failures");
    return std::make_unique<FailStage>(std::move(options));
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::fail

STREAMLINE_PLUGIN(streamline::plugins::fail::FailPlugin, "fail", "1.0.0")
