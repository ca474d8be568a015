#pragma once
// compile_rules: a `validate` stage's `rules:` option -> FieldRules, with every
// mistake reported at its config path.
//
// Both the plugin's validate() (`engine validate`, no stage built) and its
// create() use it, so the two cannot disagree. Mistakes, each at
// `rules.<i>.<option>`:
//   a path that does not parse ("invalid path at column 6: ...");
//   a `when` that does not parse (the expression's own message);
//   an unknown type;
//   an option that does not apply to the type: min/max (number, integer),
//   one_of (string), non_empty (string, array);
//   min above max; an empty one_of; no rules at all (at `rules`).

#include <vector>

#include <streamline/config.hpp>

#include "field_rule.hpp"

namespace streamline::plugins::validate {

// The hint of a `rules.<i>.when` issue: what the condition language offers.
extern const char* const kConditionHint;

// `rules` is the resolved option (a JSON array of objects). The rules come
// back in order; a rule with a mistake is left out.
std::vector<FieldRule> compile_rules(const nlohmann::json& rules, ConfigIssues& issues);

}  // namespace streamline::plugins::validate
