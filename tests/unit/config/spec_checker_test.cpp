#include "engine/config/spec_checker.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

ConfigSpec rich_spec() {
  ConfigSpec spec;
  spec.add(Option::string("label").required().doc("Name attached to every event."));
  spec.add(Option::string("mode").default_value("safe").one_of({"fast", "safe", "strict"}));
  spec.add(Option::floating("threshold").default_value(0.5).min(0).max(1));
  spec.add(Option::integer("limit").default_value(100).min(1).max(1000));
  spec.add(Option::integer("retries").min(0));
  spec.add(Option::integer("budget").max(10));
  spec.add(Option::boolean("enabled").default_value(true));
  spec.add(Option::duration("timeout").default_value("5s").min(1));
  spec.add(Option::string("token").secret());
  spec.add(Option::list("routes", Option::object("route", {
                                      Option::string("name").required(),
                                      Option::string("when").required(),
                                      Option::integer("weight").default_value(1).min(0),
                                  })));
  spec.add(Option::map("tags", Option::string("tag")));
  spec.add(Option::any("extra"));
  spec.add(Option::object("window", {
                                        Option::integer("size").default_value(10).min(1),
                                        Option::duration("slide").default_value(1000),
                                    }));
  return spec;
}

struct Checked {
  nlohmann::json values;
  Diagnostics diags;
};

Checked check(const std::string& yaml, const ConfigSpec& spec = rich_spec(),
              const std::set<int>* from_environment = nullptr) {
  const YAML::Node node = YAML::Load(yaml);
  Checked out;
  out.values = check_config(node, spec, "stages.s.config", SourceLocation{"f.yaml", 7, 5},
                            SpecCheckContext{"f.yaml", from_environment}, out.diags);
  return out;
}

// "line:column code path: message | hint" — one string per diagnostic, so a
// failure shows everything that differs.
std::vector<std::string> summary(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) {
    std::string line = std::to_string(d.location.line) + ":" + std::to_string(d.location.column) +
                       " " + d.code + " " + d.path + ": " + d.message;
    if (!d.hint.empty()) line += " | " + d.hint;
    if (d.severity == Severity::kWarning) line += " (warning)";
    out.push_back(line);
  }
  return out;
}

TEST(SpecChecker, FillsDefaultsAndConvertsTypes) {
  const auto r = check(
      "label: x\n"
      "threshold: 0.75\n"
      "limit: 0x10\n"
      "enabled: no\n"
      "timeout: 250ms\n"
      "routes:\n"
      "  - { name: big, when: a > 1 }\n"
      "  - { name: small, when: a <= 1, weight: 3 }\n"
      "tags: { team: orders }\n"
      "extra: { n: 1, list: [true, '2'] }\n");
  EXPECT_TRUE(r.diags.empty()) << ::testing::PrintToString(summary(r.diags));
  const nlohmann::json expected = {
      {"label", "x"},
      {"mode", "safe"},
      {"threshold", 0.75},
      {"limit", 16},
      {"enabled", false},
      {"timeout", 250},
      {"routes",
       {{{"name", "big"}, {"when", "a > 1"}, {"weight", 1}},
        {{"name", "small"}, {"when", "a <= 1"}, {"weight", 3}}}},
      {"tags", {{"team", "orders"}}},
      {"extra", {{"n", 1}, {"list", {true, "2"}}}},
      {"window", {{"size", 10}, {"slide", 1000}}},
  };
  EXPECT_EQ(r.values, expected);
}

TEST(SpecChecker, DurationDefaultsWrittenAsTextBecomeMilliseconds) {
  EXPECT_EQ(check("label: x\n").values.at("timeout"), 5000);
}

TEST(SpecChecker, BareIntegerDurationIsMilliseconds) {
  EXPECT_EQ(check("label: x\ntimeout: 1500\n").values.at("timeout"), 1500);
}

TEST(SpecChecker, QuotedNumbersAreAcceptedForNumericOptions) {
  // "${PORT}" is usually quoted; the spec, not the quotes, decides the type.
  EXPECT_EQ(check("label: x\nlimit: \"12\"\n").values.at("limit"), 12);
}

TEST(SpecChecker, AbsentOptionsWithoutDefaultAreLeftOut) {
  const auto values = check("label: x\n").values;
  EXPECT_FALSE(values.contains("token"));
  EXPECT_FALSE(values.contains("routes"));
  EXPECT_FALSE(values.contains("retries"));
}

TEST(SpecChecker, EmptyValueCountsAsAbsent) {
  const auto r = check("label: x\nlimit:\nmode: ~\n");
  EXPECT_TRUE(r.diags.empty());
  EXPECT_EQ(r.values.at("limit"), 100);
  EXPECT_EQ(r.values.at("mode"), "safe");
}

TEST(SpecChecker, MissingRequiredOptionIsReportedAtTheBlock) {
  EXPECT_EQ(summary(check("limit: 5\n").diags),
            std::vector<std::string>{"7:5 missing-option stages.s.config.label: missing required "
                                     "key 'label' | label: Name attached to every event."});
}

TEST(SpecChecker, NullBlockIsAnEmptyOne) {
  const auto r = check("~");
  EXPECT_EQ(summary(r.diags),
            std::vector<std::string>{"7:5 missing-option stages.s.config.label: missing required "
                                     "key 'label' | label: Name attached to every event."});
  EXPECT_EQ(r.values.at("limit"), 100);
}

TEST(SpecChecker, RequiredKeyWithoutValueIsReportedAtTheKey) {
  EXPECT_EQ(summary(check("limit: 5\nlabel:\n").diags),
            std::vector<std::string>{"2:1 missing-option stages.s.config.label: required key "
                                     "'label' has no value | label: Name attached to every event."});
}

TEST(SpecChecker, RequiredKeyWrittenAsNullSaysSo) {
  // `plugin: null` is YAML's null; the plugin named "null" needs quotes.
  EXPECT_EQ(summary(check("limit: 5\nlabel: null\n").diags),
            std::vector<std::string>{"2:1 missing-option stages.s.config.label: required key "
                                     "'label' is null | to mean the text, quote it: label: \"null\""});
  EXPECT_EQ(summary(check("{ label: ~ }").diags),
            std::vector<std::string>{"1:3 missing-option stages.s.config.label: required key "
                                     "'label' is null | to mean the text, quote it: label: \"null\""});
}

TEST(SpecChecker, WrongTypesNameWhatWasExpectedAndWhatWasWritten) {
  const auto r = check(
      "label: [a, b]\n"
      "limit: abc\n"
      "threshold: high\n"
      "enabled: maybe\n"
      "timeout: 5 sec\n"
      "routes: all\n"
      "tags: [a]\n"
      "window: big\n");
  EXPECT_EQ(summary(r.diags),
            (std::vector<std::string>{
                "1:1 wrong-type stages.s.config.label: expected string, got a list",
                "2:8 wrong-type stages.s.config.limit: expected integer, got 'abc'",
                "3:12 wrong-type stages.s.config.threshold: expected number, got 'high'",
                "4:10 wrong-type stages.s.config.enabled: expected bool (true or false), got 'maybe'",
                "5:10 wrong-type stages.s.config.timeout: expected a duration such as 250ms, 2s, "
                "1m, 1h, or milliseconds, got '5 sec'",
                "6:9 wrong-type stages.s.config.routes: expected list, got 'all'",
                "7:1 wrong-type stages.s.config.tags: expected map, got a list",
                "8:9 wrong-type stages.s.config.window: expected object (a map of keys), got 'big'",
            }));
}

TEST(SpecChecker, OutOfRangeStatesTheRule) {
  const auto r = check(
      "label: x\n"
      "limit: 0\n"
      "threshold: 1.5\n"
      "retries: -1\n"
      "budget: 11\n"
      "timeout: 0ms\n");
  EXPECT_EQ(summary(r.diags),
            (std::vector<std::string>{
                "2:8 out-of-range stages.s.config.limit: must be between 1 and 1000, got 0",
                "3:12 out-of-range stages.s.config.threshold: must be between 0 and 1, got 1.5",
                "4:10 out-of-range stages.s.config.retries: must be at least 0, got -1",
                "5:9 out-of-range stages.s.config.budget: must be at most 10, got 11",
                "6:10 out-of-range stages.s.config.timeout: must be at least 1ms, got 0ms",
            }));
}

TEST(SpecChecker, ValueNotAllowedSuggestsTheClosest) {
  EXPECT_EQ(summary(check("label: x\nmode: fsat\n").diags),
            std::vector<std::string>{"2:7 not-allowed stages.s.config.mode: 'fsat' is not one of: "
                                     "fast, safe, strict | did you mean 'fast'?"});
  EXPECT_EQ(summary(check("label: x\nmode: turbo\n").diags),
            std::vector<std::string>{"2:7 not-allowed stages.s.config.mode: 'turbo' is not one "
                                     "of: fast, safe, strict"});
}

TEST(SpecChecker, UnknownKeySuggestsTheClosestOrListsTheValidOnes) {
  const auto r = check("label: x\nthresold: 1\nwindow: { sise: 3 }\nbanana: 1\n");
  EXPECT_EQ(summary(r.diags),
            (std::vector<std::string>{
                "2:1 unknown-key stages.s.config.thresold: unknown key 'thresold' | did you mean "
                "'threshold'?",
                "3:11 unknown-key stages.s.config.window.sise: unknown key 'sise' | did you mean "
                "'size'?",
                "4:1 unknown-key stages.s.config.banana: unknown key 'banana' | valid keys: label, "
                "mode, threshold, limit, retries, budget, enabled, timeout, token, routes, tags, "
                "extra, window",
            }));
}

TEST(SpecChecker, ErrorsInsideListItemsHaveTheirPath) {
  const auto r = check(
      "label: x\n"
      "routes:\n"
      "  - { name: a, when: x }\n"
      "  - { name: b, weight: -2 }\n"
      "  - name: c\n"
      "    when: y\n"
      "    colour: red\n");
  EXPECT_EQ(summary(r.diags),
            (std::vector<std::string>{
                "4:24 out-of-range stages.s.config.routes.1.weight: must be at least 0, got -2",
                "4:5 missing-option stages.s.config.routes.1.when: missing required key 'when'",
                "7:5 unknown-key stages.s.config.routes.2.colour: unknown key 'colour' | valid "
                "keys: name, when, weight",
            }));
}

TEST(SpecChecker, ReportsEveryErrorNotJustTheFirst) {
  const auto r = check("limit: -5\nmode: x\nenabled: 3\nnope: 1\n");
  EXPECT_EQ(r.diags.size(), 5u) << ::testing::PrintToString(summary(r.diags));
}

TEST(SpecChecker, ABlockThatIsNotAMapIsOneError) {
  const auto r = check("just text");
  EXPECT_EQ(summary(r.diags), std::vector<std::string>{
                                  "7:5 wrong-type stages.s.config: expected a map of options, got "
                                  "'just text'"});
  EXPECT_EQ(r.values.at("limit"), 100);
}

TEST(SpecChecker, RepeatedKeyUsesTheFirstAndLeavesTheReportToTheDuplicateCheck) {
  const auto r = check("label: x\nlimit: 5\nlimit: 6\n");
  EXPECT_TRUE(r.diags.empty());
  EXPECT_EQ(r.values.at("limit"), 5);
}

TEST(SpecChecker, WarnsAboutASecretWrittenInTheFile) {
  EXPECT_EQ(summary(check("label: x\ntoken: hunter2\n", rich_spec(), nullptr).diags).size(), 0u);

  const std::set<int> none;
  EXPECT_EQ(summary(check("label: x\ntoken: hunter2\n", rich_spec(), &none).diags),
            std::vector<std::string>{
                "2:8 secret-in-file stages.s.config.token: secret 'token' is written in the file | "
                "read it from the environment: write ${VARIABLE} and set VARIABLE where the engine "
                "runs (warning)"});

  const std::string yaml = "label: x\ntoken: hunter2\n";
  const std::set<int> token_from_env{static_cast<int>(yaml.find("hunter2"))};
  EXPECT_TRUE(check(yaml, rich_spec(), &token_from_env).diags.empty());
}

TEST(DefaultFor, ObjectGetsItsFieldsDefaultsUnlessAFieldIsRequired) {
  const auto with_defaults = Option::object("o", {Option::integer("a").default_value(1),
                                                  Option::integer("b")});
  EXPECT_EQ(default_for(with_defaults), (nlohmann::json{{"a", 1}}));
  const auto with_required = Option::object("o", {Option::integer("a").default_value(1),
                                                  Option::integer("b").required()});
  EXPECT_EQ(default_for(with_required), std::nullopt);
  EXPECT_EQ(default_for(Option::integer("x")), std::nullopt);
  EXPECT_EQ(default_for(Option::duration("d").default_value("2m")), 120000);
}

}  // namespace
}  // namespace streamline::engine
