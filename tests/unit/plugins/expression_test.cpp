// The condition language shared by `route` and `fail` (plugins/common/expression).

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "plugins/common/expression/expression_evaluator.hpp"
#include "plugins/common/expression/expression_parser.hpp"

namespace {

using streamline::expression::ExpressionError;
using streamline::expression::Json;
using streamline::expression::parse_expression;

const Json& order() {
  static const Json doc = Json::parse(R"({
    "amount": 150, "price": 9.5, "neg": -3, "big": 18446744073709551615,
    "country": "DE", "type": "ORDER_PAID", "vip": true, "blocked": false, "note": null,
    "user": {"country": "FR", "age": 30},
    "items": [{"price": 5}, {"price": 7.25}],
    "tags": ["a", "b"],
    "quote": "a\"b", "apostrophe": "it's", "accent": "é", "emoji": "😀"
  })");
  return doc;
}

bool holds(std::string_view expression, const Json& doc = order()) {
  return parse_expression(expression).matches(doc);
}

std::string error_of(std::string_view expression) {
  try {
    parse_expression(expression);
  } catch (const ExpressionError& e) {
    return e.what();
  }
  return "no error";
}

TEST(ExpressionEquality, ComparesStringsNumbersBooleansAndNull) {
  EXPECT_TRUE(holds(R"(country == "DE")"));
  EXPECT_TRUE(holds("country == 'DE'"));
  EXPECT_FALSE(holds(R"(country == "FR")"));
  EXPECT_FALSE(holds(R"(country != "DE")"));
  EXPECT_TRUE(holds(R"(country != "FR")"));
  EXPECT_TRUE(holds("amount == 150"));
  EXPECT_TRUE(holds("amount == 150.0"));
  EXPECT_TRUE(holds("amount == 1.5e2"));
  EXPECT_TRUE(holds("price == 9.5"));
  EXPECT_TRUE(holds("neg == -3"));
  EXPECT_TRUE(holds("vip == true"));
  EXPECT_TRUE(holds("blocked == false"));
  EXPECT_TRUE(holds("note == null"));
  EXPECT_FALSE(holds("vip == null"));
}

TEST(ExpressionEquality, DifferentTypesAreNeverEqual) {
  EXPECT_FALSE(holds(R"(amount == "150")"));
  EXPECT_TRUE(holds(R"(amount != "150")"));
  EXPECT_FALSE(holds("vip == 1"));
  EXPECT_FALSE(holds("note == false"));
}

TEST(ExpressionEquality, MissingFieldEqualsNull) {
  EXPECT_TRUE(holds("missing == null"));
  EXPECT_FALSE(holds("missing != null"));
  EXPECT_TRUE(holds(R"(missing != "x")"));
  EXPECT_FALSE(holds(R"(missing == "x")"));
  EXPECT_FALSE(holds("missing == 0"));
}

TEST(ExpressionOrdering, ComparesNumbers) {
  EXPECT_TRUE(holds("amount > 100"));
  EXPECT_FALSE(holds("amount > 150"));
  EXPECT_TRUE(holds("amount >= 150"));
  EXPECT_FALSE(holds("amount < 150"));
  EXPECT_TRUE(holds("amount <= 150"));
  EXPECT_TRUE(holds("amount < 150.5"));
  EXPECT_TRUE(holds("price < 10"));
  EXPECT_TRUE(holds("price > 9.49"));
  EXPECT_TRUE(holds("neg < 0"));
  EXPECT_TRUE(holds("-5 < neg"));
}

TEST(ExpressionOrdering, ComparesIntegersExactlyAcrossSignedness) {
  EXPECT_TRUE(holds("big > 0"));
  EXPECT_TRUE(holds("big > neg"));
  EXPECT_TRUE(holds("neg < big"));
  EXPECT_TRUE(holds("big == 18446744073709551615"));
  EXPECT_FALSE(holds("big == 18446744073709551614"));
}

TEST(ExpressionOrdering, ComparesStringsByBytes) {
  EXPECT_TRUE(holds(R"(country < "EA")"));
  EXPECT_TRUE(holds(R"(country >= "DE")"));
  EXPECT_FALSE(holds(R"(country > "DE")"));
}

TEST(ExpressionOrdering, MissingFieldsAndMixedTypesAreFalseBothWays) {
  EXPECT_FALSE(holds("missing > 0"));
  EXPECT_FALSE(holds("missing <= 0"));
  EXPECT_FALSE(holds("country > 5"));
  EXPECT_FALSE(holds("country <= 5"));
  EXPECT_FALSE(holds(R"(amount < "z")"));
  EXPECT_TRUE(holds("!(missing > 0)"));
}

TEST(ExpressionIn, ChecksListLiterals) {
  EXPECT_TRUE(holds(R"(country in ["DE", "FR"])"));
  EXPECT_TRUE(holds("country in ['FR', 'DE']"));
  EXPECT_FALSE(holds(R"(country in ["US"])"));
  EXPECT_FALSE(holds("country in []"));
  EXPECT_TRUE(holds("amount in [1, 150]"));
  EXPECT_TRUE(holds("amount in [150.0]"));
  EXPECT_FALSE(holds(R"(amount in ["150"])"));
  EXPECT_TRUE(holds("missing in [1, null]"));
  EXPECT_FALSE(holds("missing in [1, 2]"));
}

TEST(ExpressionIn, ChecksArrayFieldsOfTheEvent) {
  EXPECT_TRUE(holds(R"("a" in tags)"));
  EXPECT_FALSE(holds(R"("c" in tags)"));
  EXPECT_FALSE(holds(R"("D" in country)"));  // a string is no array
  EXPECT_FALSE(holds(R"("a" in missing)"));
}

TEST(ExpressionExists, IsTrueForPresentFieldsEvenWhenNull) {
  EXPECT_TRUE(holds("exists(user.country)"));
  EXPECT_TRUE(holds("exists(note)"));
  EXPECT_TRUE(holds("exists( items.1.price )"));
  EXPECT_FALSE(holds("exists(missing)"));
  EXPECT_FALSE(holds("exists(items.2.price)"));
  EXPECT_TRUE(holds("!exists(missing)"));
}

TEST(ExpressionPaths, WalkObjectsAndArrays) {
  EXPECT_TRUE(holds(R"(user.country == "FR")"));
  EXPECT_TRUE(holds("user.age >= 30"));
  EXPECT_TRUE(holds("items.0.price == 5"));
  EXPECT_TRUE(holds("items.1.price > 7"));
  EXPECT_TRUE(holds(R"(tags.1 == "b")"));
  EXPECT_TRUE(holds("user.missing.deep == null"));
  EXPECT_TRUE(holds("amount.x == null"));  // a step into a number is missing
  EXPECT_TRUE(holds("items.x == null"));   // a name into an array is missing
  EXPECT_TRUE(holds("items.5 == null"));
}

TEST(ExpressionPaths, DigitKeysOfObjectsAreKeys) {
  const Json doc = Json::parse(R"({"m": {"0": "zero"}})");
  EXPECT_TRUE(holds(R"(m.0 == "zero")", doc));
}

TEST(ExpressionBareValues, AFieldAloneHoldsWhenTrue) {
  EXPECT_TRUE(holds("vip"));
  EXPECT_FALSE(holds("blocked"));
  EXPECT_FALSE(holds("missing"));
  EXPECT_FALSE(holds("note"));
  EXPECT_FALSE(holds("amount"));  // not a boolean
  EXPECT_FALSE(holds("!vip"));
  EXPECT_TRUE(holds("true"));
  EXPECT_FALSE(holds("false"));
}

TEST(ExpressionLogic, CombinesConditions) {
  EXPECT_TRUE(holds("vip && amount > 100"));
  EXPECT_FALSE(holds("vip && amount > 200"));
  EXPECT_TRUE(holds("blocked || amount > 100"));
  EXPECT_FALSE(holds("blocked || amount > 200"));
  EXPECT_TRUE(holds("!blocked"));
  EXPECT_TRUE(holds("!!vip"));
  EXPECT_TRUE(holds(R"(!(amount > 100 && country == "US"))"));
  EXPECT_TRUE(holds(R"(amount>100&&country=="DE")"));  // no spaces needed
}

TEST(ExpressionLogic, AndBindsTighterThanOr) {
  EXPECT_TRUE(holds("true || false && false"));  // true || (false && false)
  EXPECT_TRUE(holds("false && false || true"));  // (false && false) || true
  EXPECT_FALSE(holds("(true || false) && false"));
}

TEST(ExpressionLogic, NotAppliesToTheConditionAfterIt) {
  EXPECT_FALSE(holds("!false && false"));  // (!false) && false
  EXPECT_FALSE(holds("!amount > 5"));      // !(amount > 5)
  EXPECT_TRUE(holds("!(false && false)"));
}

TEST(ExpressionStrings, DecodeEscapes) {
  EXPECT_TRUE(holds(R"(quote == "a\"b")"));
  EXPECT_TRUE(holds(R"(apostrophe == 'it\'s')"));
  EXPECT_TRUE(holds(R"(apostrophe == "it's")"));
  EXPECT_TRUE(holds(R"(accent == "\u00e9")"));
  EXPECT_TRUE(holds(R"(accent == "é")"));
  EXPECT_TRUE(holds(R"(emoji == "\ud83d\ude00")"));
}

TEST(ExpressionNumbers, FromParsedTextCompareLikeBuiltOnes) {
  // Parsed text makes unsigned numbers; literals are signed.
  const Json parsed = Json::parse(R"({"amount": 150})");
  const Json built = {{"amount", static_cast<std::int64_t>(150)}};
  for (const Json* doc : {&parsed, &built}) {
    EXPECT_TRUE(holds("amount == 150", *doc));
    EXPECT_TRUE(holds("amount > -1", *doc));
    EXPECT_TRUE(holds("amount in [150]", *doc));
  }
}

TEST(ExpressionSource, KeepsTheText) {
  EXPECT_EQ(parse_expression(" amount > 1 ").source(), " amount > 1 ");
}

TEST(ExpressionErrors, NameTheColumnAndTheProblem) {
  EXPECT_EQ(error_of(""), "invalid expression at column 1: the expression is empty");
  EXPECT_EQ(error_of("   "), "invalid expression at column 1: the expression is empty");
  EXPECT_EQ(error_of("amount >"),
            "invalid expression at column 9: expected a value after '>', found the end of the expression");
  EXPECT_EQ(error_of("amount > 100 &&"),
            "invalid expression at column 16: expected a condition after '&&', found the end of the expression");
  EXPECT_EQ(error_of("amount > 100 || )"),
            "invalid expression at column 17: expected a condition after '||', found ')'");
  EXPECT_EQ(error_of("!"), "invalid expression at column 2: expected a condition after '!', found the end of the expression");
  EXPECT_EQ(error_of("amount >> 3"), "invalid expression at column 9: expected a value after '>', found '>'");
  EXPECT_EQ(error_of("== 3"), "invalid expression at column 1: expected a condition, found '=='");
}

TEST(ExpressionErrors, SuggestTheOperatorMeant) {
  EXPECT_EQ(error_of("amount = 100"), "invalid expression at column 8: unexpected '='; did you mean '=='?");
  EXPECT_EQ(error_of("a & b"), "invalid expression at column 3: unexpected '&'; did you mean '&&'?");
  EXPECT_EQ(error_of("a | b"), "invalid expression at column 3: unexpected '|'; did you mean '||'?");
  EXPECT_EQ(error_of("a == 1 and b == 2"), "invalid expression at column 8: unexpected 'and'; did you mean '&&'?");
  EXPECT_EQ(error_of("a == 1 or b == 2"), "invalid expression at column 8: unexpected 'or'; did you mean '||'?");
}

TEST(ExpressionErrors, ReportUnbalancedParentheses) {
  EXPECT_EQ(error_of("(amount > 1"),
            "invalid expression at column 12: expected ')' to close the '(' at column 1, found the end of the expression");
  EXPECT_EQ(error_of("amount > 1)"), "invalid expression at column 11: unexpected ')' without a matching '('");
  EXPECT_EQ(error_of("a == 1 b == 2"),
            "invalid expression at column 8: unexpected 'b' after a complete condition; expected '&&', '||' or the "
            "end of the expression");
}

TEST(ExpressionErrors, ReportBadLiterals) {
  EXPECT_EQ(error_of(R"(country == "DE)"), "invalid expression at column 12: unterminated string: no closing \"");
  EXPECT_EQ(error_of(R"(a == 'x\q')"), "invalid expression at column 8: unknown escape '\\q' in string");
  EXPECT_EQ(error_of(R"(a == "\u12")"), "invalid expression at column 7: '\\u' escape needs four hex digits");
  EXPECT_EQ(error_of("a == 1.x"), "invalid expression at column 8: expected a digit after '.' in a number");
  EXPECT_EQ(error_of("a == 12abc"), "invalid expression at column 8: unexpected 'a' in a number");
  EXPECT_EQ(error_of("a == - 1"), "invalid expression at column 6: unexpected '-'; expected a number after it");
  EXPECT_EQ(error_of("a # 1"), "invalid expression at column 3: unexpected character '#'");
}

TEST(ExpressionErrors, ReportMisplacedValues) {
  EXPECT_EQ(error_of("100"),
            "invalid expression at column 1: '100' is not a condition; compare it with ==, !=, <, <=, >, >= or in");
  EXPECT_EQ(error_of(R"(a && "x")"),
            "invalid expression at column 6: '\"x\"' is not a condition; compare it with ==, !=, <, <=, >, >= or in");
  EXPECT_EQ(error_of("a == [1]"), "invalid expression at column 6: a list is only allowed after 'in'");
  EXPECT_EQ(error_of("[1] == a"), "invalid expression at column 1: a list is only allowed after 'in'");
  EXPECT_EQ(error_of(R"(country in "DE")"),
            "invalid expression at column 12: expected a list [...] or a field path after 'in', found '\"DE\"'");
  EXPECT_EQ(error_of(R"(country in ["A", x])"),
            "invalid expression at column 18: a list holds only literals (numbers, strings, true, false, null), found 'x'");
  EXPECT_EQ(error_of(R"(country in ["A" "B"])"),
            "invalid expression at column 17: expected ',' or ']' to close the '[' at column 12, found '\"B\"'");
  EXPECT_EQ(error_of("amount < true"), "invalid expression at column 10: '<' compares numbers or strings, not true");
  EXPECT_EQ(error_of("null >= amount"), "invalid expression at column 1: '>=' compares numbers or strings, not null");
}

TEST(ExpressionErrors, ReportBadPaths) {
  EXPECT_EQ(error_of("user. == 1"), "invalid expression at column 6: expected a field name after '.'");
  EXPECT_EQ(error_of("exists()"), "invalid expression at column 8: expected a field path inside exists(), found ')'");
  EXPECT_EQ(error_of("exists(a b)"),
            "invalid expression at column 10: expected ')' after the path in exists(), found 'b'");
}

TEST(ExpressionErrors, CountColumnsInCharactersNotBytes) {
  EXPECT_EQ(error_of(R"(name == "é" &&)"),
            "invalid expression at column 15: expected a condition after '&&', found the end of the expression");
  EXPECT_EQ(error_of("é == 1"), "invalid expression at column 1: unexpected character 'é'");
}

TEST(ExpressionErrors, CarryColumnAndDetailSeparately) {
  try {
    parse_expression("amount >");
    FAIL() << "no error";
  } catch (const ExpressionError& e) {
    EXPECT_EQ(e.column(), 9u);
    EXPECT_EQ(e.detail(), "expected a value after '>', found the end of the expression");
  }
}

TEST(ExpressionKeywords, ExistsIsAFieldNameWithoutParentheses) {
  const Json doc = Json::parse(R"({"exists": true, "in": 1})");
  EXPECT_TRUE(holds("exists", doc));
  EXPECT_TRUE(holds("exists == true", doc));
}

TEST(ExpressionEvaluator, DefaultExpressionMatchesNothing) {
  EXPECT_FALSE(streamline::expression::Expression().matches(order()));
}

}  // namespace
