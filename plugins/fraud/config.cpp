// The `fraud` plugin: its options, its factory and its export.

#include <dlfcn.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <streamline/plugin.hpp>

#include "fraud.hpp"

namespace streamline::plugins::fraud {
namespace {

constexpr const char* kDefaultModelFile = "fraud-model.json";

std::vector<std::string> rule_names() {
  std::vector<std::string> names;
  for (Rule rule : kAllRules) names.emplace_back(to_string(rule));
  return names;
}

ConfigSpec make_spec() {
  const std::vector<std::string> rules = rule_names();
  ConfigSpec spec;
  spec.add(Option::string("model_path")
               .default_value("")
               .example("/etc/streamline/fraud-model.json")
               .doc("XGBoost model file (JSON) made by `train-fraud-model`; empty: `fraud-model.json` next to the "
                    "plugin's shared object (the build puts the shipped model there). A relative path is read from "
                    "the working directory."));
  spec.add(Option::boolean("require_model")
               .default_value(true)
               .doc("Refuse to start when the model cannot be loaded; false: start anyway and send every order to "
                    "review (reason `model_unavailable`)."));
  spec.add(Option::integer("threads").default_value(1).min(1).max(64).doc("XGBoost threads per scoring call."));
  spec.add(Option::list("event_types", Option::string("event_type"))
               .default_value(Json::array({"ORDER_CREATED"}))
               .doc("Event types scored; events of other types pass untouched."));
  spec.add(Option::floating("review_threshold")
               .default_value(0.5)
               .min(0)
               .max(1)
               .doc("A model score at or above this sends the order to review (reason `model_score`)."));
  spec.add(Option::floating("block_threshold")
               .default_value(0.9)
               .min(0)
               .max(1)
               .doc("A model score at or above this blocks the order; at least `review_threshold`."));
  spec.add(Option::list("rules", Option::string("rule").one_of(rules))
               .default_value(Json(rules))
               .doc("Rules applied; a hit sends the order at least to review, with the rule's name as reason. "
                    "Leave one out to turn it off."));
  spec.add(Option::list("block_rules", Option::string("rule").one_of(rules))
               .default_value(Json::array())
               .example("[high_amount]")
               .doc("Rules whose hit blocks the order outright; each must be in `rules`."));
  spec.add(Option::floating("high_amount_threshold")
               .default_value(5000.0)
               .min(0)
               .doc("Rule `high_amount`: total amount at or above this."));
  spec.add(Option::integer("velocity_threshold")
               .default_value(3)
               .min(1)
               .doc("Rule `velocity`: at least this many earlier orders of the user within `velocity_window`."));
  spec.add(Option::duration("velocity_window")
               .default_value("1h")
               .min(1)
               .doc("Event-time window of the velocity feature and rule. The model learned with 1h: another "
                    "window changes what its velocity feature means."));
  spec.add(Option::integer("velocity_max_users")
               .default_value(100000)
               .min(1)
               .doc("Users the velocity window tracks at most (least recently active evicted first)."));
  spec.add(Option::integer("new_account_days")
               .default_value(45)
               .min(0)
               .doc("Rule `new_account_electronics`: the account is at most this many days old at the order and "
                    "buys an electronics item priced at least `new_account_min_price`."));
  spec.add(Option::floating("new_account_min_price")
               .default_value(250.0)
               .min(0)
               .doc("Rule `new_account_electronics`: the lowest electronics item price that counts."));
  return spec;
}

// The directory of this shared object (found through the address of
// something in it), where the default model file sits.
std::filesystem::path plugin_directory() {
  static const char kAnchor = 0;
  Dl_info info{};
  if (dladdr(&kAnchor, &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  const auto path = std::filesystem::absolute(info.dli_fname, ec);
  return ec ? std::filesystem::path(info.dli_fname).parent_path() : path.parent_path();
}

std::vector<Rule> rules_of(const nlohmann::json& names) {
  std::vector<Rule> rules;
  for (const auto& name : names)
    if (const auto rule = rule_named(name.get<std::string>())) rules.push_back(*rule);
  return rules;
}

class FraudPlugin final : public Plugin {
 public:
  PluginKind kind() const noexcept override { return PluginKind::kProcessor; }

  std::string description() const override {
    return "Scores new orders for fraud with a gradient-boosted tree model (XGBoost) and rules, and adds the "
           "verdict (score, decision, reasons) to each.";
  }

  const ConfigSpec& spec() const override { return spec_; }

  // The velocity window is per instance: N instances would each see part of
  // a user's orders and undercount.
  bool allows_concurrency() const noexcept override { return false; }

  void validate(const Config& config, ConfigIssues& issues) const override {
    const double review = config.get<double>("review_threshold");
    const double block = config.get<double>("block_threshold");
    if (block < review)
      issues.error("block_threshold",
                   "block_threshold (" + Json(block).dump() + ") is below review_threshold (" + Json(review).dump() +
                       ")",
                   "a score that blocks must also be one that reviews: raise block_threshold or lower "
                   "review_threshold");
    if (config.json().at("event_types").empty())
      issues.error("event_types", "no event type to score", "list at least one, e.g. [ORDER_CREATED]");
    const nlohmann::json& enabled = config.json().at("rules");
    const nlohmann::json& blocking = config.json().at("block_rules");
    for (std::size_t i = 0; i < blocking.size(); ++i) {
      if (std::find(enabled.begin(), enabled.end(), blocking[i]) == enabled.end())
        issues.error("block_rules." + std::to_string(i),
                     "block rule '" + blocking[i].get<std::string>() + "' is not in `rules`",
                     "add it to `rules`, or remove it here");
    }
  }

  std::unique_ptr<Stage> create(const Config& config, Context& context) const override {
    FraudOptions options;
    const auto model_path = config.get<std::string>("model_path");
    options.model_path = model_path.empty() ? plugin_directory() / kDefaultModelFile : std::filesystem::path(model_path);
    options.require_model = config.get<bool>("require_model");
    options.threads = config.get<int>("threads");
    options.event_types = config.get<std::vector<std::string>>("event_types");
    options.velocity_window = config.duration("velocity_window");
    options.velocity_max_users = config.get<std::size_t>("velocity_max_users");
    options.rules.enabled = rules_of(config.json().at("rules"));
    options.rules.high_amount_threshold = config.get<double>("high_amount_threshold");
    options.rules.velocity_threshold = config.get<double>("velocity_threshold");
    options.rules.new_account_days = config.get<double>("new_account_days");
    options.rules.new_account_min_price = config.get<double>("new_account_min_price");
    options.decision.review_threshold = config.get<double>("review_threshold");
    options.decision.block_threshold = config.get<double>("block_threshold");
    options.decision.block_rules = rules_of(config.json().at("block_rules"));
    return std::make_unique<FraudStage>(std::move(options), context);
  }

 private:
  ConfigSpec spec_ = make_spec();
};

}  // namespace
}  // namespace streamline::plugins::fraud

STREAMLINE_PLUGIN(streamline::plugins::fraud::FraudPlugin, "fraud", "1.0.0")
