#pragma once
// Expression: a compiled condition over an event's JSON payload.
//
// Shared by the `route` and `fail` plugins (static library plugin_expression).
// Parsed once, at validate/create time (expression_parser.hpp), into a flat
// tree of nodes; evaluated per event (expression_evaluator.cpp) without
// allocating: paths are split into segments up front and literals are kept as
// ready JSON values.
//
// An Expression is immutable after parsing, so one instance may be evaluated
// from several threads at once.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <streamline/json.hpp>

namespace streamline::expression {

using Json = streamline::Json;

// A problem in an expression's text, with the 1-based column where it is.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(std::size_t column, const std::string& detail)
      : std::runtime_error("invalid expression at column " + std::to_string(column) + ": " + detail),
        column_(column),
        detail_(detail) {}
  std::size_t column() const noexcept { return column_; }
  // The message without the "invalid expression at column N: " prefix.
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::size_t column_;
  std::string detail_;
};

// One step of a field path: `items.0.price` is "items", "0", "price". A
// segment of digits also indexes an array.
struct PathSegment {
  std::string key;
  std::size_t index = 0;
  bool is_index = false;
};

enum class NodeKind : std::uint8_t {
  kLiteral,  // a constant: number, string, true, false, null (as a value or a bare condition)
  kList,     // a list literal; only the right side of `in`
  kPath,     // a field of the event (as a value or a bare condition)
  kExists,   // exists(path)
  kCompare,  // lhs <op> rhs
  kIn,       // lhs in rhs (a list literal or a path to an array)
  kNot,
  kAnd,
  kOr,
};

enum class CompareOp : std::uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct Node {
  NodeKind kind = NodeKind::kLiteral;
  CompareOp op = CompareOp::kEq;
  std::uint32_t lhs = 0;  // child node indexes (kCompare, kIn, kNot uses lhs, kAnd, kOr)
  std::uint32_t rhs = 0;
  Json literal;                   // kLiteral, kList (an array)
  std::vector<PathSegment> path;  // kPath, kExists
};

class Expression {
 public:
  Expression() = default;  // matches nothing until assigned a parsed expression
  Expression(std::string source, std::vector<Node> nodes, std::uint32_t root)
      : source_(std::move(source)), nodes_(std::move(nodes)), root_(root) {}

  // True when the condition holds for `document`. Never throws.
  bool matches(const Json& document) const noexcept;

  const std::string& source() const noexcept { return source_; }
  const std::vector<Node>& nodes() const noexcept { return nodes_; }
  std::uint32_t root() const noexcept { return root_; }
  bool empty() const noexcept { return nodes_.empty(); }

 private:
  std::string source_;
  std::vector<Node> nodes_;
  std::uint32_t root_ = 0;
};

}  // namespace streamline::expression
