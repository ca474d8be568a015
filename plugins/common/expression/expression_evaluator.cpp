#include "expression/expression_evaluator.hpp"

#include <cstdint>
#include <string>

namespace streamline::expression {
namespace {

using Value = Json::value_t;

template <typename T>
int three_way(T a, T b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}

double as_double(const Json& j) noexcept {
  switch (j.type()) {
    case Value::number_integer: return static_cast<double>(*j.get_ptr<const Json::number_integer_t*>());
    case Value::number_unsigned: return static_cast<double>(*j.get_ptr<const Json::number_unsigned_t*>());
    default: return *j.get_ptr<const Json::number_float_t*>();
  }
}

// Both are numbers. Integers compare exactly, also across signedness.
std::optional<int> compare_numbers(const Json& a, const Json& b) noexcept {
  const Value ta = a.type();
  const Value tb = b.type();
  if (ta == Value::number_float || tb == Value::number_float) {
    const double x = as_double(a);
    const double y = as_double(b);
    if (x != x || y != y) return std::nullopt;  // NaN orders with nothing
    return three_way(x, y);
  }
  if (ta == Value::number_integer && tb == Value::number_integer)
    return three_way(*a.get_ptr<const Json::number_integer_t*>(), *b.get_ptr<const Json::number_integer_t*>());
  if (ta == Value::number_unsigned && tb == Value::number_unsigned)
    return three_way(*a.get_ptr<const Json::number_unsigned_t*>(), *b.get_ptr<const Json::number_unsigned_t*>());
  if (ta == Value::number_integer) {
    const std::int64_t x = *a.get_ptr<const Json::number_integer_t*>();
    if (x < 0) return -1;
    return three_way(static_cast<std::uint64_t>(x), *b.get_ptr<const Json::number_unsigned_t*>());
  }
  const std::int64_t y = *b.get_ptr<const Json::number_integer_t*>();
  if (y < 0) return 1;
  return three_way(*a.get_ptr<const Json::number_unsigned_t*>(), static_cast<std::uint64_t>(y));
}

bool is_true(const Json* value) noexcept {
  if (value == nullptr) return false;
  const bool* b = value->get_ptr<const bool*>();
  return b != nullptr && *b;
}

const Json* operand(const Node& node, const Json& document) noexcept {
  if (node.kind == NodeKind::kPath) return resolve_path(node.path, document);
  return &node.literal;  // kLiteral, kList
}

bool contains(const Json* list, const Json* item) noexcept {
  if (list == nullptr || !list->is_array()) return false;
  for (const Json& element : *list)
    if (values_equal(&element, item)) return true;
  return false;
}

bool evaluate(const std::vector<Node>& nodes, std::uint32_t index, const Json& document) noexcept {
  const Node& node = nodes[index];
  switch (node.kind) {
    case NodeKind::kLiteral: return is_true(&node.literal);
    case NodeKind::kList: return false;  // the parser never makes a list a condition
    case NodeKind::kPath: return is_true(resolve_path(node.path, document));
    case NodeKind::kExists: return resolve_path(node.path, document) != nullptr;
    case NodeKind::kNot: return !evaluate(nodes, node.lhs, document);
    case NodeKind::kAnd: return evaluate(nodes, node.lhs, document) && evaluate(nodes, node.rhs, document);
    case NodeKind::kOr: return evaluate(nodes, node.lhs, document) || evaluate(nodes, node.rhs, document);
    case NodeKind::kIn:
      return contains(operand(nodes[node.rhs], document), operand(nodes[node.lhs], document));
    case NodeKind::kCompare: {
      const Json* a = operand(nodes[node.lhs], document);
      const Json* b = operand(nodes[node.rhs], document);
      switch (node.op) {
        case CompareOp::kEq: return values_equal(a, b);
        case CompareOp::kNe: return !values_equal(a, b);
        default: break;
      }
      const std::optional<int> order = compare_values(a, b);
      if (!order) return false;
      switch (node.op) {
        case CompareOp::kLt: return *order < 0;
        case CompareOp::kLe: return *order <= 0;
        case CompareOp::kGt: return *order > 0;
        case CompareOp::kGe: return *order >= 0;
        default: return false;
      }
    }
  }
  return false;
}

}  // namespace

const Json* resolve_path(const std::vector<PathSegment>& path, const Json& document) noexcept {
  const Json* current = &document;
  for (const PathSegment& segment : path) {
    if (current->is_object()) {
      const auto& object = *current->get_ptr<const Json::object_t*>();
      const auto it = object.find(segment.key);
      if (it == object.end()) return nullptr;
      current = &it->second;
    } else if (current->is_array() && segment.is_index) {
      const auto& array = *current->get_ptr<const Json::array_t*>();
      if (segment.index >= array.size()) return nullptr;
      current = &array[segment.index];
    } else {
      return nullptr;
    }
  }
  return current;
}

bool values_equal(const Json* a, const Json* b) noexcept {
  static const Json kNull;  // immutable: stands in for a missing field
  if (a == nullptr) a = &kNull;
  if (b == nullptr) b = &kNull;
  if (a->is_number() && b->is_number()) {
    const auto order = compare_numbers(*a, *b);
    return order && *order == 0;
  }
  if (a->type() != b->type()) return false;
  switch (a->type()) {
    case Value::null: return true;
    case Value::string: return *a->get_ptr<const std::string*>() == *b->get_ptr<const std::string*>();
    case Value::boolean: return *a->get_ptr<const bool*>() == *b->get_ptr<const bool*>();
    default: return *a == *b;  // arrays, objects, binary
  }
}

std::optional<int> compare_values(const Json* a, const Json* b) noexcept {
  if (a == nullptr || b == nullptr) return std::nullopt;
  if (a->is_number() && b->is_number()) return compare_numbers(*a, *b);
  if (a->is_string() && b->is_string()) {
    const int c = a->get_ptr<const std::string*>()->compare(*b->get_ptr<const std::string*>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool Expression::matches(const Json& document) const noexcept {
  if (nodes_.empty()) return false;
  return evaluate(nodes_, root_, document);
}

}  // namespace streamline::expression
