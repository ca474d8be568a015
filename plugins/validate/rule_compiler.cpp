#include "rule_compiler.hpp"

#include <string>

#include "expression/expression_parser.hpp"

namespace streamline::plugins::validate {
namespace {

constexpr const char* kTypeHint = "types: string, number, integer, boolean, object, array, timestamp";

bool is_numeric(FieldType type) noexcept { return type == FieldType::kNumber || type == FieldType::kInteger; }

// One entry of `rules` into `rule`; false (with issues) when it has a mistake.
bool compile_rule(const nlohmann::json& entry, const std::string& prefix, FieldRule& rule, ConfigIssues& issues) {
  const std::size_t issues_before = issues.all().size();
  try {
    rule.path = parse_field_path(entry.value("path", ""));
  } catch (const PathError& e) {
    issues.error(prefix + "path", e.what(),
                 "a path is dotted keys, with [] for every element of an array: data.items[].quantity");
  }

  const std::string type_name = entry.value("type", "");
  const auto type = field_type_named(type_name);
  if (!type) {
    issues.error(prefix + "type", "unknown type '" + type_name + "'", kTypeHint);
    return false;
  }
  rule.type = *type;
  const std::string type_is = std::string("; this rule's type is ") + to_string(rule.type);

  rule.required = entry.value("required", true);
  if (const auto it = entry.find("when"); it != entry.end() && it->is_string()) {
    try {
      rule.when = expression::parse_expression(it->get<std::string>());
    } catch (const expression::ExpressionError& e) {
      issues.error(prefix + "when", e.what(), kConditionHint);
    }
  }

  for (const char* bound : {"min", "max"}) {
    const auto it = entry.find(bound);
    if (it == entry.end() || !it->is_number()) continue;
    if (!is_numeric(rule.type)) {
      issues.error(prefix + bound, std::string(bound) + " applies to number and integer fields only" + type_is);
      continue;
    }
    (std::string(bound) == "min" ? rule.min : rule.max) = it->get<double>();
  }
  if (rule.min && rule.max && *rule.min > *rule.max) {
    issues.error(prefix + "max",
                 "max " + format_bound(*rule.max) + " is below min " + format_bound(*rule.min),
                 "no value could keep this rule");
  }

  if (const auto it = entry.find("one_of"); it != entry.end() && it->is_array()) {
    if (rule.type != FieldType::kString) {
      issues.error(prefix + "one_of", std::string("one_of applies to string fields only") + type_is);
    } else if (it->empty()) {
      issues.error(prefix + "one_of", "one_of needs at least one value", "list the allowed values, or remove one_of");
    } else {
      for (const auto& value : *it)
        if (value.is_string()) rule.one_of.push_back(value.get<std::string>());
    }
  }

  rule.non_empty = entry.value("non_empty", false);
  if (rule.non_empty && rule.type != FieldType::kString && rule.type != FieldType::kArray)
    issues.error(prefix + "non_empty", std::string("non_empty applies to string and array fields only") + type_is);

  return issues.all().size() == issues_before;
}

}  // namespace

const char* const kConditionHint =
    "a condition uses field paths (user.country, items.0.price), literals (1, \"DE\", true, null), "
    "lists [\"A\", \"B\"], == != < <= > >= in, exists(path), && || ! and parentheses";

std::vector<FieldRule> compile_rules(const nlohmann::json& rules, ConfigIssues& issues) {
  std::vector<FieldRule> compiled;
  if (!rules.is_array() || rules.empty()) {
    issues.error("rules", "at least one rule is needed", "add `- { path: <field>, type: <type> }`");
    return compiled;
  }
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string prefix = "rules." + std::to_string(i) + ".";
    if (!rules[i].is_object()) {
      issues.error("rules." + std::to_string(i), "a rule is an object: { path: <field>, type: <type> }");
      continue;
    }
    FieldRule rule;
    if (compile_rule(rules[i], prefix, rule, issues)) compiled.push_back(std::move(rule));
  }
  return compiled;
}

}  // namespace streamline::plugins::validate
