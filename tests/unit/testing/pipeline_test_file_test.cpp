#include "engine/testing/pipeline_test_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using ::testing::ElementsAre;

std::string errors(const Diagnostics& diags) {
  std::string text;
  for (const auto& d : diags)
    text += std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message +
            (d.hint.empty() ? "" : " (" + d.hint + ")") + "\n";
  return text;
}

TEST(PipelineTestFile, ReadsPipelineEnvDoublesCasesAndExpectations) {
  Diagnostics diags;
  const auto file = parse_pipeline_test_file(R"(pipeline: ../../orders.yaml
env: { PG_DSN: "postgresql://x" }
timeout: 2s
doubles:
  store: {}
  orders: source
  enrich:
    merge: { enrichment: { status: complete } }
    rules:
      - { when: { user_id: u-404 }, fail: "unknown user" }
      - { when: { event_id: dup }, drop: duplicate }
cases:
  - name: first
    doubles: { store: { fail: "db down" } }
    input:
      stage: fraud
      events: [ { event_id: e1, amount: 5 }, "{broken" ]
    expect:
      outputs:
        route.created: [ { event_id: e1 } ]
        fraud: { count: 1, ordered: false }
      drops: [ { stage: dedup, reason_matches: "^dup" } ]
      errors: [ { stage: validate, error: "bad", event: { event_id: e1 } } ]
      effects: { store: { count: 0 } }
)", "pipelines/tests/orders/t.yaml", diags);
  ASSERT_TRUE(file) << errors(diags);
  EXPECT_EQ(errors(diags), "");
  EXPECT_EQ(file->pipeline, "pipelines/orders.yaml");
  EXPECT_EQ(file->pipeline_location.line, 1);
  EXPECT_EQ(file->env.at("PG_DSN"), "postgresql://x");
  EXPECT_EQ(file->timeout, std::chrono::milliseconds(2000));
  ASSERT_EQ(file->cases.size(), 1u);
  const TestCase& c = file->cases[0];
  EXPECT_EQ(c.name, "first");
  EXPECT_EQ(c.location.line, 13);
  ASSERT_EQ(c.inputs.size(), 1u);
  EXPECT_EQ(c.inputs[0].stage, "fraud");
  EXPECT_THAT(c.inputs[0].payloads, ElementsAre(R"({"amount":5,"event_id":"e1"})", "{broken"));
  // The case's double replaces the file's; the others are inherited.
  ASSERT_EQ(c.doubles.size(), 3u);
  EXPECT_EQ(c.doubles.at("store").otherwise.action, DoubleRule::Action::kFail);
  EXPECT_EQ(c.doubles.at("store").otherwise.argument, "db down");
  const DoubleSpec& enrich = c.doubles.at("enrich");
  ASSERT_EQ(enrich.rules.size(), 2u);
  EXPECT_EQ(enrich.rules[0].action, DoubleRule::Action::kFail);
  EXPECT_EQ(*enrich.rules[0].when, Json({{"user_id", "u-404"}}));
  EXPECT_EQ(enrich.rules[1].action, DoubleRule::Action::kDrop);
  EXPECT_EQ(enrich.rules[1].argument, "duplicate");
  EXPECT_EQ(*enrich.otherwise.merge, Json({{"enrichment", {{"status", "complete"}}}}));
  EXPECT_EQ(enrich.otherwise.action, DoubleRule::Action::kPass);

  const auto& created = c.expect.outputs.at("route.created");
  ASSERT_TRUE(created.events);
  EXPECT_EQ(created.events->size(), 1u);
  EXPECT_FALSE(created.count);
  EXPECT_EQ(*c.expect.outputs.at("fraud").count, 1u);
  EXPECT_FALSE(c.expect.outputs.at("fraud").ordered);
  ASSERT_TRUE(c.expect.drops);
  EXPECT_EQ(*(*c.expect.drops)[0].pattern, "^dup");
  EXPECT_EQ(*c.expect.errors[0].text, "bad");
  EXPECT_EQ(*c.expect.errors[0].event, Json({{"event_id", "e1"}}));
  EXPECT_EQ(*c.expect.effects.at("store").count, 0u);
}

TEST(PipelineTestFile, OmittedDropsAreNotCheckedAndOmittedErrorsMeanNone) {
  Diagnostics diags;
  const auto file = parse_pipeline_test_file("pipeline: p.yaml\ncases:\n  - name: c\n    input: { events: [] }\n"
                                             "    expect: { outputs: { a: [] } }\n",
                                             "t.yaml", diags);
  ASSERT_TRUE(file) << errors(diags);
  EXPECT_FALSE(file->cases[0].expect.drops);
  EXPECT_TRUE(file->cases[0].expect.errors.empty());
  EXPECT_EQ(file->cases[0].inputs[0].stage, "");
}

TEST(PipelineTestFile, EveryProblemIsReportedWithItsLine) {
  Diagnostics diags;
  parse_pipeline_test_file(R"(pipeline: p.yaml
dubles: {}
doubles:
  store: { drop: x, fail: y }
  enrich: { rules: [ { drop: x } ] }
cases:
  - name: c
    input: { events: [ {} ] }
    expect:
      output: {}
      errors: [ { error: a, error_matches: "(" } ]
      effects: { store: { count: 2, events: [ {} ] } }
  - name: d
    input: { events: {} }
)", "t.yaml", diags);
  EXPECT_EQ(errors(diags),
            "2:1 unknown key 'dubles' (did you mean 'doubles'?)\n"
            "4:10 doubles.store: use at most one of drop, fail and send\n"
            "5:22 doubles.enrich.rules[0]: a rule needs `when` (a payload subset)\n"
            "10:7 unknown key 'output' (did you mean 'outputs'?)\n"
            "11:44 cases[0].expect.errors[0].error_matches: invalid regular expression: "
            "Mismatched '(' and ')' in regular expression\n"
            "11:17 cases[0].expect.errors[0]: use error or error_matches, not both\n"
            "12:25 cases[0].expect.effects.store: count 2 but 1 events listed (the events list names every event; "
            "drop `count` or make them agree)\n"
            "14:22 cases[1].input.events: expected a list of events\n"
            "13:5 cases[1]: missing key 'expect' (a case with nothing expected cannot fail; write expect: { errors: [] } "
            "at least)\n");
}

TEST(PipelineTestFile, SyntaxErrorsAndMissingCasesAreReported) {
  Diagnostics diags;
  EXPECT_FALSE(parse_pipeline_test_file("pipeline: [unclosed\n", "t.yaml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].code, "test-syntax");
  EXPECT_EQ(diags[0].location.file, "t.yaml");

  diags.clear();
  parse_pipeline_test_file("pipeline: p.yaml\n", "t.yaml", diags);
  EXPECT_EQ(errors(diags), "1:1 missing key 'cases' (add a list of cases, each with name, input and expect)\n");
}

}  // namespace
}  // namespace streamline::engine
