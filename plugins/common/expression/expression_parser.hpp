#pragma once
// Parses the condition language used by `route` (routes[].when) and `fail` (when).
//
// Grammar, loosest binding first:
//   condition  := and ( "||" and )*
//   and        := not ( "&&" not )*
//   not        := "!" not | primary
//   primary    := "(" condition ")" | "exists" "(" path ")" | comparison
//   comparison := value [ ("==" | "!=" | "<" | "<=" | ">" | ">=") value
//                       | "in" ( list | path ) ]
//   value      := path | number | string | true | false | null
//   list       := "[" [ literal ( "," literal )* ] "]"
//   path       := name ( "." ( name | digits ) )*      e.g. user.country, items.0.price
//   string     := "double" or 'single' quoted, JSON escapes (\n, \", \', \\, \uXXXX)
//
// `!` negates the condition that follows it: `!amount > 5` is `!(amount > 5)`.
// A path on its own is a condition that holds when the field is `true`.
// Meaning of each operator: expression_evaluator.hpp.

#include <string_view>

#include "expression/expression.hpp"

namespace streamline::expression {

// Throws ExpressionError naming the column of the first problem.
Expression parse_expression(std::string_view text);

}  // namespace streamline::expression
