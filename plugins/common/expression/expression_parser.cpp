#include "expression/expression_parser.hpp"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <streamline/utf8.hpp>

namespace streamline::expression {
namespace {

enum class Tok {
  kEnd,
  kPath,
  kNumber,
  kString,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kExists,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNot,
};

struct Token {
  Tok kind = Tok::kEnd;
  std::size_t offset = 0;  // byte offset of the first character
  std::string_view text;   // as written
  Json value;              // kNumber, kString
  std::vector<PathSegment> path;
};

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Expression parse() {
    advance();
    if (tok_.kind == Tok::kEnd) fail_at(0, "the expression is empty");
    const std::uint32_t root = parse_or(nullptr);
    if (tok_.kind != Tok::kEnd) trailing_token();
    return Expression(std::string(text_), std::move(nodes_), root);
  }

 private:
  // --- errors -------------------------------------------------------------

  // Columns count characters (UTF-8 code points), 1-based.
  std::size_t column_of(std::size_t offset) const {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    return column;
  }

  [[noreturn]] void fail_at(std::size_t offset, const std::string& detail) const {
    throw ExpressionError(column_of(offset), detail);
  }

  static std::string describe(const Token& t) {
    if (t.kind == Tok::kEnd) return "the end of the expression";
    return "'" + std::string(t.text) + "'";
  }

  static std::string after(const char* what) { return what ? std::string(" after ") + what : std::string(); }

  [[noreturn]] void trailing_token() const {
    if (tok_.kind == Tok::kRParen) fail_at(tok_.offset, "unexpected ')' without a matching '('");
    if (tok_.kind == Tok::kPath && (tok_.text == "and" || tok_.text == "or")) {
      fail_at(tok_.offset, "unexpected '" + std::string(tok_.text) + "'; did you mean '" +
                               (tok_.text == "and" ? "&&" : "||") + "'?");
    }
    fail_at(tok_.offset, "unexpected " + describe(tok_) +
                             " after a complete condition; expected '&&', '||' or the end of the expression");
  }

  // --- lexer --------------------------------------------------------------

  void advance() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    tok_ = Token{};
    tok_.offset = pos_;
    if (pos_ >= text_.size()) return;

    const char c = text_[pos_];
    const char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    auto punct = [&](Tok kind, std::size_t len) {
      tok_.kind = kind;
      tok_.text = text_.substr(pos_, len);
      pos_ += len;
    };
    switch (c) {
      case '(': return punct(Tok::kLParen, 1);
      case ')': return punct(Tok::kRParen, 1);
      case '[': return punct(Tok::kLBracket, 1);
      case ']': return punct(Tok::kRBracket, 1);
      case ',': return punct(Tok::kComma, 1);
      case '=':
        if (n == '=') return punct(Tok::kEq, 2);
        fail_at(pos_, "unexpected '='; did you mean '=='?");
      case '!': return n == '=' ? punct(Tok::kNe, 2) : punct(Tok::kNot, 1);
      case '<': return n == '=' ? punct(Tok::kLe, 2) : punct(Tok::kLt, 1);
      case '>': return n == '=' ? punct(Tok::kGe, 2) : punct(Tok::kGt, 1);
      case '&':
        if (n == '&') return punct(Tok::kAnd, 2);
        fail_at(pos_, "unexpected '&'; did you mean '&&'?");
      case '|':
        if (n == '|') return punct(Tok::kOr, 2);
        fail_at(pos_, "unexpected '|'; did you mean '||'?");
      case '"':
      case '\'': return lex_string(c);
      default: break;
    }
    if (is_digit(c) || (c == '-' && is_digit(n))) return lex_number();
    if (is_name_start(c)) return lex_path();
    if (c == '-') fail_at(pos_, "unexpected '-'; expected a number after it");
    // Show the whole character, even when it takes several bytes.
    std::size_t len = 1;
    while (pos_ + len < text_.size() && (static_cast<unsigned char>(text_[pos_ + len]) & 0xC0) == 0x80) ++len;
    fail_at(pos_, "unexpected character '" + std::string(text_.substr(pos_, len)) + "'");
  }

  void lex_path() {
    const std::size_t start = pos_;
    std::vector<PathSegment> segments;
    for (;;) {
      const std::size_t seg_start = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      if (pos_ == seg_start) fail_at(pos_, "expected a field name after '.'");
      PathSegment seg;
      seg.key = std::string(text_.substr(seg_start, pos_ - seg_start));
      bool all_digits = true;
      for (char ch : seg.key) all_digits = all_digits && is_digit(ch);
      if (all_digits) {
        if (segments.empty()) fail_at(seg_start, "a field path cannot start with a digit");
        auto [ptr, ec] = std::from_chars(seg.key.data(), seg.key.data() + seg.key.size(), seg.index);
        seg.is_index = ec == std::errc() && ptr == seg.key.data() + seg.key.size();
      }
      segments.push_back(std::move(seg));
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      break;
    }
    tok_.text = text_.substr(start, pos_ - start);
    tok_.kind = Tok::kPath;
    if (segments.size() == 1) {
      const std::string_view word = tok_.text;
      if (word == "true") tok_.kind = Tok::kTrue;
      else if (word == "false") tok_.kind = Tok::kFalse;
      else if (word == "null") tok_.kind = Tok::kNull;
      else if (word == "in") tok_.kind = Tok::kIn;
      else if (word == "exists" && next_non_space() == '(') tok_.kind = Tok::kExists;
    }
    if (tok_.kind == Tok::kTrue) tok_.value = true;
    if (tok_.kind == Tok::kFalse) tok_.value = false;
    if (tok_.kind == Tok::kPath) tok_.path = std::move(segments);
  }

  char next_non_space() const {
    std::size_t p = pos_;
    while (p < text_.size() && is_space(text_[p])) ++p;
    return p < text_.size() ? text_[p] : '\0';
  }

  void lex_number() {
    const std::size_t start = pos_;
    bool is_float = false;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      is_float = true;
      ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) fail_at(pos_, "expected a digit after '.' in a number");
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      is_float = true;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) fail_at(pos_, "expected a digit in the number's exponent");
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && is_name_char(text_[pos_])) fail_at(pos_, "unexpected '" + std::string(1, text_[pos_]) + "' in a number");
    tok_.kind = Tok::kNumber;
    tok_.text = text_.substr(start, pos_ - start);
    const char* first = tok_.text.data();
    const char* last = first + tok_.text.size();
    if (!is_float) {
      std::int64_t i = 0;
      if (auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last) {
        tok_.value = i;
        return;
      }
      std::uint64_t u = 0;
      if (auto r = std::from_chars(first, last, u); r.ec == std::errc() && r.ptr == last) {
        tok_.value = u;
        return;
      }
    }
    double d = 0;
    auto r = std::from_chars(first, last, d);
    if (r.ec != std::errc() || r.ptr != last) fail_at(start, "number '" + std::string(tok_.text) + "' is out of range");
    tok_.value = d;
  }

  void lex_string(char quote) {
    const std::size_t start = pos_;
    ++pos_;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail_at(start, "unterminated string: no closing " + std::string(1, quote));
      const char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      const std::size_t escape_at = pos_;
      if (pos_ + 1 >= text_.size()) fail_at(start, "unterminated string: no closing " + std::string(1, quote));
      const char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\'': out += '\''; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          std::uint32_t cp = read_hex4(escape_at);
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (pos_ + 1 < text_.size() && text_[pos_] == '\\' && text_[pos_ + 1] == 'u') {
              const std::size_t low_at = pos_;
              pos_ += 2;
              const std::uint32_t low = read_hex4(low_at);
              if (low < 0xDC00 || low > 0xDFFF) fail_at(low_at, "invalid low surrogate in '\\u' escape");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              fail_at(escape_at, "high surrogate '\\u' escape without its low surrogate");
            }
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail_at(escape_at, "low surrogate '\\u' escape without its high surrogate");
          }
          append_utf8(out, cp);
          break;
        }
        default: fail_at(escape_at, "unknown escape '\\" + std::string(1, e) + "' in string");
      }
    }
    tok_.kind = Tok::kString;
    tok_.text = text_.substr(start, pos_ - start);
    tok_.value = std::move(out);
  }

  std::uint32_t read_hex4(std::size_t escape_at) {
    if (pos_ + 4 > text_.size()) fail_at(escape_at, "'\\u' escape needs four hex digits");
    std::uint32_t cp = 0;
    auto r = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
    if (r.ec != std::errc() || r.ptr != text_.data() + pos_ + 4) fail_at(escape_at, "'\\u' escape needs four hex digits");
    pos_ += 4;
    return cp;
  }

  // --- parser -------------------------------------------------------------

  std::uint32_t add(Node node) {
    nodes_.push_back(std::move(node));
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  std::uint32_t add_binary(NodeKind kind, std::uint32_t lhs, std::uint32_t rhs) {
    Node node;
    node.kind = kind;
    node.lhs = lhs;
    node.rhs = rhs;
    return add(std::move(node));
  }

  // `after` names the token before this condition, for messages ("'&&'"); null at the start.
  std::uint32_t parse_or(const char* after_what) {
    std::uint32_t lhs = parse_and(after_what);
    while (tok_.kind == Tok::kOr) {
      advance();
      lhs = add_binary(NodeKind::kOr, lhs, parse_and("'||'"));
    }
    return lhs;
  }

  std::uint32_t parse_and(const char* after_what) {
    std::uint32_t lhs = parse_not(after_what);
    while (tok_.kind == Tok::kAnd) {
      advance();
      lhs = add_binary(NodeKind::kAnd, lhs, parse_not("'&&'"));
    }
    return lhs;
  }

  std::uint32_t parse_not(const char* after_what) {
    if (tok_.kind != Tok::kNot) return parse_primary(after_what);
    advance();
    Node node;
    node.kind = NodeKind::kNot;
    node.lhs = parse_not("'!'");
    return add(std::move(node));
  }

  std::uint32_t parse_primary(const char* after_what) {
    if (tok_.kind == Tok::kLParen) {
      const std::size_t open = tok_.offset;
      advance();
      const std::uint32_t inner = parse_or("'('");
      if (tok_.kind != Tok::kRParen) {
        fail_at(tok_.offset, "expected ')' to close the '(' at column " + std::to_string(column_of(open)) +
                                 ", found " + describe(tok_));
      }
      advance();
      return inner;
    }
    if (tok_.kind == Tok::kExists) {
      advance();  // `exists`; the lexer saw the '(' follow
      advance();  // '('
      if (tok_.kind != Tok::kPath) fail_at(tok_.offset, "expected a field path inside exists(), found " + describe(tok_));
      Node node;
      node.kind = NodeKind::kExists;
      node.path = std::move(tok_.path);
      advance();
      if (tok_.kind != Tok::kRParen) fail_at(tok_.offset, "expected ')' after the path in exists(), found " + describe(tok_));
      advance();
      return add(std::move(node));
    }
    return parse_comparison(after_what);
  }

  bool at_value() const {
    switch (tok_.kind) {
      case Tok::kPath:
      case Tok::kNumber:
      case Tok::kString:
      case Tok::kTrue:
      case Tok::kFalse:
      case Tok::kNull: return true;
      default: return false;
    }
  }

  std::uint32_t take_value() {
    Node node;
    if (tok_.kind == Tok::kPath) {
      node.kind = NodeKind::kPath;
      node.path = std::move(tok_.path);
    } else {
      node.kind = NodeKind::kLiteral;
      node.literal = std::move(tok_.value);  // null for kNull
    }
    advance();
    return add(std::move(node));
  }

  static std::optional<CompareOp> compare_op(Tok kind) {
    switch (kind) {
      case Tok::kEq: return CompareOp::kEq;
      case Tok::kNe: return CompareOp::kNe;
      case Tok::kLt: return CompareOp::kLt;
      case Tok::kLe: return CompareOp::kLe;
      case Tok::kGt: return CompareOp::kGt;
      case Tok::kGe: return CompareOp::kGe;
      default: return std::nullopt;
    }
  }

  // Ordering only makes sense for numbers and strings: refuse a literal that is neither.
  void check_orderable(const Node& operand, std::size_t offset, std::string_view op_text) const {
    if (operand.kind != NodeKind::kLiteral) return;
    if (operand.literal.is_number() || operand.literal.is_string()) return;
    fail_at(offset, "'" + std::string(op_text) + "' compares numbers or strings, not " + operand.literal.dump());
  }

  std::uint32_t parse_comparison(const char* after_what) {
    if (tok_.kind == Tok::kLBracket) fail_at(tok_.offset, "a list is only allowed after 'in'");
    if (!at_value()) fail_at(tok_.offset, "expected a condition" + after(after_what) + ", found " + describe(tok_));
    const std::size_t lhs_offset = tok_.offset;
    const std::string_view lhs_text = tok_.text;
    const std::uint32_t lhs = take_value();

    if (const auto op = compare_op(tok_.kind)) {
      const std::string op_text(tok_.text);
      advance();
      if (tok_.kind == Tok::kLBracket) fail_at(tok_.offset, "a list is only allowed after 'in'");
      if (!at_value()) fail_at(tok_.offset, "expected a value after '" + op_text + "', found " + describe(tok_));
      const std::size_t rhs_offset = tok_.offset;
      const std::uint32_t rhs = take_value();
      if (*op != CompareOp::kEq && *op != CompareOp::kNe) {
        check_orderable(nodes_[lhs], lhs_offset, op_text);
        check_orderable(nodes_[rhs], rhs_offset, op_text);
      }
      Node node;
      node.kind = NodeKind::kCompare;
      node.op = *op;
      node.lhs = lhs;
      node.rhs = rhs;
      return add(std::move(node));
    }

    if (tok_.kind == Tok::kIn) {
      advance();
      std::uint32_t rhs = 0;
      if (tok_.kind == Tok::kLBracket) {
        rhs = parse_list();
      } else if (tok_.kind == Tok::kPath) {
        rhs = take_value();
      } else {
        fail_at(tok_.offset, "expected a list [...] or a field path after 'in', found " + describe(tok_));
      }
      Node node;
      node.kind = NodeKind::kIn;
      node.lhs = lhs;
      node.rhs = rhs;
      return add(std::move(node));
    }

    // A value on its own: a field that must be `true`, or the constants true/false.
    const Node& value = nodes_[lhs];
    if (value.kind == NodeKind::kLiteral && !value.literal.is_boolean()) {
      fail_at(lhs_offset, "'" + std::string(lhs_text) +
                              "' is not a condition; compare it with ==, !=, <, <=, >, >= or in");
    }
    return lhs;
  }

  std::uint32_t parse_list() {
    const std::size_t open = tok_.offset;
    advance();  // '['
    Node node;
    node.kind = NodeKind::kList;
    node.literal = Json::array();
    if (tok_.kind == Tok::kRBracket) {
      advance();
      return add(std::move(node));
    }
    for (;;) {
      switch (tok_.kind) {
        case Tok::kNumber:
        case Tok::kString:
        case Tok::kTrue:
        case Tok::kFalse:
        case Tok::kNull: node.literal.push_back(std::move(tok_.value)); break;
        case Tok::kPath:
          fail_at(tok_.offset, "a list holds only literals (numbers, strings, true, false, null), found " +
                                   describe(tok_));
        default: fail_at(tok_.offset, "expected a literal in the list, found " + describe(tok_));
      }
      advance();
      if (tok_.kind == Tok::kComma) {
        advance();
        continue;
      }
      if (tok_.kind == Tok::kRBracket) {
        advance();
        return add(std::move(node));
      }
      fail_at(tok_.offset, "expected ',' or ']' to close the '[' at column " + std::to_string(column_of(open)) +
                               ", found " + describe(tok_));
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  Token tok_;
  std::vector<Node> nodes_;
};

}  // namespace

Expression parse_expression(std::string_view text) { return Parser(text).parse(); }

}  // namespace streamline::expression
