#include "engine/config/diagnostic_format.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace streamline::engine {
namespace {

// Two files: one with an error (with path and hint), a warning and a
// file-level error without a location; one clean.
std::vector<FileDiagnostics> sample() {
  return {
      {"pipelines/orders.yaml",
       {
           {Severity::kError, "unknown-key", "unknown key 'concurency'", "stages.enrich.concurency",
            SourceLocation{"pipelines/orders.yaml", 12, 7}, "did you mean 'concurrency'?"},
           {Severity::kWarning, "secret-in-file", "secret 'dsn' is written in the file",
            "resources.pg.config.dsn", SourceLocation{"pipelines/orders.yaml", 3, 40}, ""},
           {Severity::kError, "no-source", "the pipeline has no source stage", "",
            SourceLocation{"pipelines/orders.yaml", 0, 0}, ""},
       }},
      {"pipelines/clean.yaml", {}},
  };
}

TEST(DiagnosticFormat, ParsesFormatNames) {
  EXPECT_EQ(parse_diagnostic_format("text"), DiagnosticFormat::kText);
  EXPECT_EQ(parse_diagnostic_format("json"), DiagnosticFormat::kJson);
  EXPECT_EQ(parse_diagnostic_format("github"), DiagnosticFormat::kGithub);
  EXPECT_EQ(parse_diagnostic_format("sarif"), DiagnosticFormat::kSarif);
  EXPECT_EQ(parse_diagnostic_format("xml"), std::nullopt);
  EXPECT_EQ(parse_diagnostic_format("TEXT"), std::nullopt);
}

TEST(DiagnosticFormat, Text) {
  EXPECT_EQ(format_text(sample()),
            "pipelines/orders.yaml:12:7: error: unknown key 'concurency' [unknown-key]\n"
            "  at: stages.enrich.concurency\n"
            "  hint: did you mean 'concurrency'?\n"
            "pipelines/orders.yaml:3:40: warning: secret 'dsn' is written in the file "
            "[secret-in-file]\n"
            "  at: resources.pg.config.dsn\n"
            "pipelines/orders.yaml: error: the pipeline has no source stage [no-source]\n"
            "pipelines/clean.yaml: OK\n"
            "2 errors, 1 warning in 2 files\n");
}

TEST(DiagnosticFormat, TextSummaryCountsInTheSingular) {
  std::vector<FileDiagnostics> files{{"a.yaml",
                                      {{Severity::kError, "x", "m", "", SourceLocation{"a.yaml", 4, 0},
                                        ""}}}};
  EXPECT_EQ(format_text(files),
            "a.yaml:4: error: m [x]\n"
            "1 error, 0 warnings in 1 file\n");
}

TEST(DiagnosticFormat, TextOfAFileWithOnlyWarningsSaysOk) {
  std::vector<FileDiagnostics> files{
      {"a.yaml", {{Severity::kWarning, "w", "careful", "", SourceLocation{"a.yaml", 1, 2}, ""}}}};
  EXPECT_EQ(format_text(files),
            "a.yaml:1:2: warning: careful [w]\n"
            "a.yaml: OK\n"
            "0 errors, 1 warning in 1 file\n");
}

TEST(DiagnosticFormat, Json) {
  EXPECT_EQ(format_json(sample()), R"([
  {
    "file": "pipelines/orders.yaml",
    "line": 12,
    "column": 7,
    "severity": "error",
    "code": "unknown-key",
    "message": "unknown key 'concurency'",
    "path": "stages.enrich.concurency",
    "hint": "did you mean 'concurrency'?"
  },
  {
    "file": "pipelines/orders.yaml",
    "line": 3,
    "column": 40,
    "severity": "warning",
    "code": "secret-in-file",
    "message": "secret 'dsn' is written in the file",
    "path": "resources.pg.config.dsn",
    "hint": ""
  },
  {
    "file": "pipelines/orders.yaml",
    "line": 0,
    "column": 0,
    "severity": "error",
    "code": "no-source",
    "message": "the pipeline has no source stage",
    "path": "",
    "hint": ""
  }
]
)");
}

TEST(DiagnosticFormat, JsonOfNoDiagnosticsIsAnEmptyArray) {
  EXPECT_EQ(format_json({{"a.yaml", {}}}), "[]\n");
}

TEST(DiagnosticFormat, Github) {
  EXPECT_EQ(format_github(sample()),
            "::error file=pipelines/orders.yaml,line=12,col=7,title=unknown-key::unknown key "
            "'concurency'%0Aat: stages.enrich.concurency%0Ahint: did you mean 'concurrency'?\n"
            "::warning file=pipelines/orders.yaml,line=3,col=40,title=secret-in-file::secret 'dsn' "
            "is written in the file%0Aat: resources.pg.config.dsn\n"
            "::error file=pipelines/orders.yaml,title=no-source::the pipeline has no source stage\n");
}

TEST(DiagnosticFormat, GithubEscapesDataAndProperties) {
  std::vector<FileDiagnostics> files{
      {"dir,with:odd%chars.yaml",
       {{Severity::kError, "c:1", "100% sure\r\nsecond line", "", SourceLocation{"", 2, 3},
         "use a, b: c"}}}};
  EXPECT_EQ(format_github(files),
            "::error file=dir%2Cwith%3Aodd%25chars.yaml,line=2,col=3,title=c%3A1::100%25 "
            "sure%0D%0Asecond line%0Ahint: use a, b: c\n");
}

TEST(DiagnosticFormat, Sarif) {
  const auto sarif = nlohmann::json::parse(format_sarif(sample()));
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(sarif["runs"].size(), 1u);
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "streamline-engine");
  EXPECT_EQ(run["tool"]["driver"]["version"], STREAMLINE_VERSION);
  EXPECT_EQ(run["tool"]["driver"]["rules"],
            nlohmann::json::parse(R"([
              {"id": "unknown-key", "shortDescription": {"text": "A key that is not a known option."}},
              {"id": "secret-in-file", "shortDescription": {"text":
                "A secret option is written in the file instead of read from the environment."}},
              {"id": "no-source", "shortDescription": {"text": "The pipeline has no source stage."}}
            ])"));
  EXPECT_EQ(run["results"], nlohmann::json::parse(R"([
    {"ruleId": "unknown-key", "ruleIndex": 0, "level": "error",
     "message": {"text": "unknown key 'concurency'\nhint: did you mean 'concurrency'?"},
     "locations": [{
       "physicalLocation": {"artifactLocation": {"uri": "pipelines/orders.yaml"},
                            "region": {"startLine": 12, "startColumn": 7}},
       "logicalLocations": [{"fullyQualifiedName": "stages.enrich.concurency"}]}]},
    {"ruleId": "secret-in-file", "ruleIndex": 1, "level": "warning",
     "message": {"text": "secret 'dsn' is written in the file"},
     "locations": [{
       "physicalLocation": {"artifactLocation": {"uri": "pipelines/orders.yaml"},
                            "region": {"startLine": 3, "startColumn": 40}},
       "logicalLocations": [{"fullyQualifiedName": "resources.pg.config.dsn"}]}]},
    {"ruleId": "no-source", "ruleIndex": 2, "level": "error",
     "message": {"text": "the pipeline has no source stage"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "pipelines/orders.yaml"}}}]}
  ])"));
}

TEST(DiagnosticFormat, SarifRulesAreListedOnceAndUrisAreEncoded) {
  std::vector<FileDiagnostics> files{
      {"my pipelines/a#1.yaml",
       {{Severity::kError, "wrong-type", "a", "", SourceLocation{"", 1, 1}, ""},
        {Severity::kError, "wrong-type", "b", "", SourceLocation{"", 2, 1}, ""}}}};
  const auto sarif = nlohmann::json::parse(format_sarif(files));
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 1u);
  ASSERT_EQ(run["results"].size(), 2u);
  EXPECT_EQ(run["results"][1]["ruleIndex"], 0);
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "my%20pipelines/a%231.yaml");
}

TEST(DiagnosticFormat, SarifOfNoDiagnosticsHasNoResults) {
  const auto sarif = nlohmann::json::parse(format_sarif({{"a.yaml", {}}}));
  EXPECT_TRUE(sarif["runs"][0]["results"].empty());
  EXPECT_TRUE(sarif["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(DiagnosticFormat, DispatchesOnTheFormat) {
  const auto files = sample();
  EXPECT_EQ(format_diagnostics(files, DiagnosticFormat::kText), format_text(files));
  EXPECT_EQ(format_diagnostics(files, DiagnosticFormat::kJson), format_json(files));
  EXPECT_EQ(format_diagnostics(files, DiagnosticFormat::kGithub), format_github(files));
  EXPECT_EQ(format_diagnostics(files, DiagnosticFormat::kSarif), format_sarif(files));
}

}  // namespace
}  // namespace streamline::engine
