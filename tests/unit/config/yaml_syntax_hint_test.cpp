#include "engine/config/yaml_syntax_hint.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

// The hint yaml-cpp's own error for `text` gets.
std::string hint_for(const std::string& text) {
  try {
    YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return yaml_syntax_hint(e.msg, text, e.mark);
  }
  return "(no error)";
}

TEST(YamlSyntaxHint, NamesTheCommonMistakes) {
  EXPECT_EQ(hint_for("a: {b: 1\n"), "a '{' before this point is not closed with '}'");
  EXPECT_EQ(hint_for("a: [1, 2\n"), "a '[' before this point is not closed with ']'");
  EXPECT_EQ(hint_for("a: b: c\n"),
            "a plain value cannot contain ': '; quote it, or check this line's indentation");
  EXPECT_EQ(hint_for("a:\n  b: 1\n c: 2\n"),
            "check the indentation: the keys of one map, and the items of one list, line up");
  EXPECT_EQ(hint_for("a: \"x\nb: 1"), "a quoted string is not closed");
  EXPECT_EQ(hint_for("a: *x\n"), "define the anchor with &name before referring to it with *name");
  EXPECT_EQ(hint_for("a:\n\tb: 1\n"), "YAML does not allow tabs for indentation; use spaces");
}

TEST(YamlSyntaxHint, UnquotedReferenceInAFlowMap) {
  EXPECT_EQ(hint_for("a: { n: ${N} }\n"), "inside { } and [ ], quote a ${...} reference: write \"${VAR}\"");
  EXPECT_EQ(hint_for("a: [x, ${N:-1}]\n"), "inside { } and [ ], quote a ${...} reference: write \"${VAR}\"");
  // Quoted, the reference is fine; the brace left open is the problem.
  EXPECT_EQ(hint_for("a: { n: \"${N}\"\n"), "a '{' before this point is not closed with '}'");
}

TEST(YamlSyntaxHint, NothingForOtherErrors) {
  EXPECT_EQ(yaml_syntax_hint("something else", "a: 1\n", YAML::Mark::null_mark()), "");
}

}  // namespace
}  // namespace streamline::engine
