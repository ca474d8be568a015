#include "engine/config/interpolation.hpp"

#include <map>

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

const EnvLookup kEnv = fake_env({{"HOST", "db.local"}, {"PORT", "5432"}, {"EMPTY", ""}});

TEST(Interpolate, TextWithoutReferencesIsUnchanged) {
  const auto r = interpolate("plain $ text $HOST {x}", kEnv);
  EXPECT_EQ(r.text, "plain $ text $HOST {x}");
  EXPECT_FALSE(r.used_environment);
  EXPECT_TRUE(r.errors.empty());
}

TEST(Interpolate, ReplacesSetVariables) {
  const auto r = interpolate("postgres://${HOST}:${PORT}/orders", kEnv);
  EXPECT_EQ(r.text, "postgres://db.local:5432/orders");
  EXPECT_TRUE(r.used_environment);
  EXPECT_TRUE(r.errors.empty());
}

TEST(Interpolate, SetButEmptyVariableIsEmpty) {
  EXPECT_EQ(interpolate("[${EMPTY}]", kEnv).text, "[]");
  EXPECT_TRUE(interpolate("[${EMPTY}]", kEnv).errors.empty());
}

TEST(Interpolate, DefaultAppliesWhenUnsetOrEmpty) {
  EXPECT_EQ(interpolate("${MISSING:-fallback}", kEnv).text, "fallback");
  EXPECT_EQ(interpolate("${EMPTY:-fallback}", kEnv).text, "fallback");
  EXPECT_EQ(interpolate("${HOST:-fallback}", kEnv).text, "db.local");
  EXPECT_EQ(interpolate("${MISSING:-}", kEnv).text, "");
  EXPECT_EQ(interpolate("${MISSING:-a:-b c}", kEnv).text, "a:-b c");
}

TEST(Interpolate, DefaultEndsAtTheFirstBrace) {
  EXPECT_EQ(interpolate("${MISSING:-a}b}", kEnv).text, "ab}");
}

TEST(Interpolate, DoubleDollarEscapesAReference) {
  const auto r = interpolate("$${HOST} costs $$5 and ${HOST}", kEnv);
  EXPECT_EQ(r.text, "${HOST} costs $$5 and db.local");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_FALSE(interpolate("$${HOST}", kEnv).used_environment);
}

TEST(Interpolate, UnsetWithoutDefaultIsAnError) {
  const auto r = interpolate("dsn=${PG_DSN}", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "env-unset");
  EXPECT_EQ(r.errors[0].message, "environment variable 'PG_DSN' is not set and has no default");
  EXPECT_EQ(r.errors[0].hint, "set it or write ${PG_DSN:-value}");
}

TEST(Interpolate, ReportsEveryUnsetVariable) {
  const auto r = interpolate("${A}-${HOST}-${B}", kEnv);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].message, "environment variable 'A' is not set and has no default");
  EXPECT_EQ(r.errors[1].message, "environment variable 'B' is not set and has no default");
}

TEST(Interpolate, UnterminatedReferenceIsAnError) {
  const auto r = interpolate("abc ${HOST", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "env-syntax");
  EXPECT_EQ(r.errors[0].message, "unterminated '${HOST': no closing '}'");
  EXPECT_EQ(r.errors[0].hint, "close it with '}' or write $${ for a literal ${");
}

TEST(Interpolate, EmptyOrInvalidNamesAreErrors) {
  auto r = interpolate("${}", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, "env-syntax");
  EXPECT_EQ(r.errors[0].message, "empty variable name in '${}'");

  r = interpolate("${1ABC}", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "invalid variable name in '${1ABC}'");

  r = interpolate("${HOST-x}", kEnv);  // the shell's ${VAR-x} is not supported: say so
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "invalid variable name in '${HOST-x}'");
}

// The text around a reference, or a reference that looks like a URL or DSN,
// may hold a password: messages quote neither.
TEST(Interpolate, ErrorsNeverQuoteTextThatMayHoldAPassword) {
  auto r = interpolate("postgresql://app:s3cret@db/${DB_NAME", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "unterminated '${DB_NAME': no closing '}'");

  r = interpolate("${PG_DSN:-postgresql://app:s3cret@db/orders", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "unterminated '${PG_DSN': no closing '}'");

  r = interpolate("${postgresql://app:s3cret@db/orders}", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "invalid variable name in '${...}'");

  r = interpolate("${PG DSN:-host=db password=s3cret}", kEnv);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "invalid variable name in '${...}'");
}

TEST(InterpolateDocument, RewritesScalarValuesInPlaceKeepingMarks) {
  YAML::Node root = YAML::Load("a: ${HOST}\nlist:\n  - x${PORT}\n  - $${HOST}\nkey_${HOST}: 1\n");
  Diagnostics diags;
  const auto from_env = interpolate_document(root, kEnv, "f.yaml", diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(root["a"].Scalar(), "db.local");
  EXPECT_EQ(root["a"].Mark().line, 0);
  EXPECT_EQ(root["a"].Mark().column, 3);
  EXPECT_EQ(root["list"][0].Scalar(), "x5432");
  EXPECT_EQ(root["list"][1].Scalar(), "${HOST}");
  EXPECT_TRUE(root["key_${HOST}"].IsDefined());  // keys are names, never interpolated
  EXPECT_EQ(from_env, (std::set<int>{root["a"].Mark().pos, root["list"][0].Mark().pos}));
}

TEST(InterpolateDocument, ErrorsCarryLocationAndPath) {
  YAML::Node root = YAML::Load("stages:\n  db:\n    config: { dsn: \"${PG_DSN}\", x: \"${\" }\n");
  Diagnostics diags;
  interpolate_document(root, kEnv, "p.yaml", diags);
  ASSERT_EQ(diags.size(), 2u);
  EXPECT_EQ(diags[0].code, "env-unset");
  EXPECT_EQ(diags[0].path, "stages.db.config.dsn");
  EXPECT_EQ(diags[0].location.file, "p.yaml");
  EXPECT_EQ(diags[0].location.line, 3);
  EXPECT_EQ(diags[0].location.column, 20);
  EXPECT_EQ(diags[1].code, "env-syntax");
  EXPECT_EQ(diags[1].path, "stages.db.config.x");
  EXPECT_EQ(diags[1].location.column, 36);
}

TEST(InterpolateDocument, AnAliasIsExpandedOnce) {
  // An escaped "$${" must stay "${" even though the alias visits the node again.
  YAML::Node root = YAML::Load("a: &v \"$${HOST}\"\nb: *v\n");
  Diagnostics diags;
  interpolate_document(root, kEnv, "f.yaml", diags);
  EXPECT_TRUE(diags.empty());
  EXPECT_EQ(root["a"].Scalar(), "${HOST}");
  EXPECT_EQ(root["b"].Scalar(), "${HOST}");
}

}  // namespace
}  // namespace streamline::engine
