// What fuzz/pipeline_config found, each with the exact input it found
// (also kept in fuzz/corpus/pipeline_config/, which every fuzz run replays).

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/config/diagnostic_format.hpp"
#include "engine/config/pipeline_config.hpp"

namespace streamline::engine {
namespace {

std::optional<std::string> no_environment(const std::string&) { return std::nullopt; }

// fuzz/corpus/pipeline_config/invalid-utf8-in-unknown-key.yaml: a key with a
// byte that is not UTF-8. The message quotes the key; the JSON and SARIF
// writers threw on it (nlohmann type_error 316), so `engine validate
// --format json` printed the exception instead of the diagnostics.
TEST(PipelineConfigFuzzFindings, AKeyThatIsNotUtf8IsReportedInEveryFormat) {
  const std::string text = "stages:\n  src:\n    plugin: generate\n    concurrenc\xff: 2\n";
  Diagnostics diags;
  parse_pipeline_config(text, "pipeline.yaml", no_environment, diags);
  const auto unknown = std::find_if(diags.begin(), diags.end(), [](const Diagnostic& d) {
    return d.code == "unknown-key";
  });
  ASSERT_NE(unknown, diags.end());
  EXPECT_EQ(unknown->message, "unknown key 'concurrenc\xff'");
  const std::vector<FileDiagnostics> files{{"pipeline.yaml", {*unknown}}};

  // Invalid bytes become U+FFFD (EF BF BD); everything else is kept.
  const auto json = nlohmann::json::parse(format_json(files));
  ASSERT_EQ(json.size(), 1u);
  EXPECT_EQ(json[0]["message"], "unknown key 'concurrenc\xEF\xBF\xBD'");
  EXPECT_EQ(json[0]["path"], "stages.src.concurrenc\xEF\xBF\xBD");
  EXPECT_EQ(json[0]["line"], 4);
  EXPECT_EQ(json[0]["column"], 5);

  const std::string sarif = format_sarif(files);
  EXPECT_TRUE(nlohmann::json::parse(sarif).is_object()) << "SARIF is one JSON object";
  EXPECT_NE(sarif.find("unknown key 'concurrenc\xEF\xBF\xBD'"), std::string::npos);
  // The text formats pass the bytes through as they are.
  EXPECT_NE(format_text(files).find("unknown key 'concurrenc\xff'"), std::string::npos);
}

// fuzz/corpus/pipeline_config/yaml-cpp-loop-leading-comma.yaml: a document
// that starts with ','. yaml-cpp 0.7's LoadAll appended null documents
// forever (jbeder/yaml-cpp#1040): `engine validate` ran until memory ran out.
TEST(PipelineConfigFuzzFindings, ADocumentStartingWithACommaIsASyntaxError) {
  const std::vector<std::pair<std::string, int>> files{{",", 1},
                                                       {"stages:\n  a: { plugin: generate }\n---\n,\n", 4}};
  for (const auto& [text, line] : files) {
    Diagnostics diags;
    EXPECT_FALSE(parse_pipeline_config(text, "pipeline.yaml", no_environment, diags).has_value());
    ASSERT_EQ(diags.size(), 1u) << text;
    EXPECT_EQ(diags[0].code, "yaml-syntax");
    EXPECT_EQ(diags[0].message, "invalid YAML: unexpected ','");
    EXPECT_EQ(diags[0].location.line, line);
    EXPECT_EQ(diags[0].location.column, 1);
  }
}

}  // namespace
}  // namespace streamline::engine
