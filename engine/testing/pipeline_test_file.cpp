#include "engine/testing/pipeline_test_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "engine/config/did_you_mean.hpp"
#include "engine/config/duplicate_keys.hpp"
#include "engine/config/duration.hpp"
#include "engine/config/yaml_location.hpp"
#include "engine/config/yaml_scalar.hpp"
#include "engine/config/yaml_syntax_hint.hpp"
#include "engine/testing/event_matcher.hpp"

namespace streamline::engine {
namespace {

// Codes of test-file problems, beside the pipeline file's (diagnostic_codes.hpp).
constexpr const char* kTestSyntax = "test-syntax";
constexpr const char* kTestUnknownKey = "test-unknown-key";
constexpr const char* kTestMissingKey = "test-missing-key";
constexpr const char* kTestWrongType = "test-wrong-type";
constexpr const char* kTestBadExpectation = "test-bad-expectation";

// Reads one test file, reporting every problem it finds with its place.
class Reader {
 public:
  Reader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  std::optional<PipelineTestFile> read(const YAML::Node& root) {
    if (!root.IsMap()) {
      error(root, "", kTestWrongType, "a test file is a map with `pipeline` and `cases`", "see docs/testing-pipelines.md");
      return std::nullopt;
    }
    PipelineTestFile out;
    out.file = file_;
    known_keys(root, "", {"pipeline", "env", "timeout", "doubles", "cases"});
    if (auto pipeline = required_string(root, "pipeline", "")) {
      const auto base = std::filesystem::path(file_).parent_path();
      out.pipeline = (base / *pipeline).lexically_normal().string();
      out.pipeline_location = at(root["pipeline"]);
    }
    if (const auto env = root["env"]) {
      if (expect_map(env, "env"))
        for (const auto& kv : env) {
          const auto name = kv.first.as<std::string>();
          if (kv.second.IsScalar()) out.env[name] = kv.second.as<std::string>();
          else if (kv.second.IsNull()) out.env[name] = "";
          else error(kv.second, "env." + name, kTestWrongType, "an environment value is a string", "");
        }
    }
    if (const auto timeout = root["timeout"]) {
      const auto parsed = timeout.IsScalar() ? parse_duration(timeout.Scalar()) : std::nullopt;
      if (parsed && parsed->count() > 0) out.timeout = *parsed;
      else error(timeout, "timeout", kTestWrongType, std::string("timeout: expected ") + kDurationForms, "");
    }
    std::map<std::string, DoubleSpec> doubles;
    if (const auto node = root["doubles"]) doubles = read_doubles(node, "doubles");
    const auto cases = root["cases"];
    if (!cases) {
      error(root, "cases", kTestMissingKey, "missing key 'cases'", "add a list of cases, each with name, input and expect");
    } else if (!cases.IsSequence() || cases.size() == 0) {
      error(cases, "cases", kTestWrongType, "cases: expected a non-empty list of cases", "");
    } else {
      for (std::size_t i = 0; i < cases.size(); ++i)
        if (auto c = read_case(cases[i], "cases[" + std::to_string(i) + "]", doubles)) out.cases.push_back(std::move(*c));
    }
    return out;
  }

 private:
  SourceLocation at(const YAML::Node& node) const { return location_of_mark(file_, node.Mark()); }

  void error(const YAML::Node& node, const std::string& path, const char* code, std::string message, std::string hint) {
    diags_.push_back(Diagnostic{Severity::kError, code, std::move(message), path, at(node), std::move(hint)});
  }

  void known_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& keys) {
    for (const auto& kv : map) {
      const auto key = kv.first.as<std::string>();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      const auto suggestion = did_you_mean(key, keys);
      error(kv.first, path.empty() ? key : path + "." + key, kTestUnknownKey, "unknown key '" + key + "'",
            suggestion.empty() ? "expected one of: " + join(keys) : suggestion);
    }
  }

  bool expect_map(const YAML::Node& node, const std::string& path) {
    if (node.IsMap()) return true;
    error(node, path, kTestWrongType, path + ": expected a map, got " + describe_value(node), "");
    return false;
  }

  std::optional<std::string> string_at(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) return node.Scalar();
    error(node, path, kTestWrongType, path + ": expected a string, got " + describe_value(node), "");
    return std::nullopt;
  }

  std::optional<std::string> required_string(const YAML::Node& map, const std::string& key, const std::string& path) {
    const std::string full = path.empty() ? key : path + "." + key;
    const auto node = map[key];
    if (!node) {
      error(map, full, kTestMissingKey, "missing key '" + key + "'", "");
      return std::nullopt;
    }
    return string_at(node, full);
  }

  // A JSON expectation; checked for bad operators.
  std::optional<Json> expectation(const YAML::Node& node, const std::string& path) {
    Json value = yaml_to_json(node);
    bool ok = true;
    for (const auto& problem : check_expectation(value)) {
      error(node, path, kTestBadExpectation, path + ": " + problem, "");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return value;
  }

  std::map<std::string, DoubleSpec> read_doubles(const YAML::Node& node, const std::string& path) {
    std::map<std::string, DoubleSpec> out;
    if (!expect_map(node, path)) return out;
    for (const auto& kv : node) {
      DoubleSpec spec;
      spec.stage = kv.first.as<std::string>();
      spec.location = at(kv.first);
      const std::string here = path + "." + spec.stage;
      const YAML::Node& body = kv.second;
      // `store: {}`, `store:`, `store: pass` and `orders: source` all mean
      // "record and pass" (a source is replaced by the case's input anyway).
      if (body.IsNull() || (body.IsScalar() && (body.Scalar() == "pass" || body.Scalar() == "source"))) {
        out[spec.stage] = std::move(spec);
        continue;
      }
      if (!expect_map(body, here)) continue;
      known_keys(body, here, {"merge", "drop", "fail", "send", "rules"});
      spec.otherwise = read_rule(body, here, false);
      if (const auto rules = body["rules"]) {
        if (!rules.IsSequence()) {
          error(rules, here + ".rules", kTestWrongType, here + ".rules: expected a list of rules", "");
        } else {
          for (std::size_t i = 0; i < rules.size(); ++i) {
            const std::string rule_path = here + ".rules[" + std::to_string(i) + "]";
            if (!expect_map(rules[i], rule_path)) continue;
            known_keys(rules[i], rule_path, {"when", "merge", "drop", "fail", "send"});
            spec.rules.push_back(read_rule(rules[i], rule_path, true));
          }
        }
      }
      out[spec.stage] = std::move(spec);
    }
    return out;
  }

  DoubleRule read_rule(const YAML::Node& node, const std::string& path, bool needs_when) {
    DoubleRule rule;
    rule.location = at(node);
    if (const auto when = node["when"]) rule.when = expectation(when, path + ".when");
    else if (needs_when) error(node, path, kTestMissingKey, path + ": a rule needs `when` (a payload subset)", "");
    int actions = 0;
    auto action = [&](const char* key, DoubleRule::Action kind) {
      if (const auto value = node[key]) {
        ++actions;
        rule.action = kind;
        if (auto text = string_at(value, path + "." + key)) rule.argument = *text;
      }
    };
    action("drop", DoubleRule::Action::kDrop);
    action("fail", DoubleRule::Action::kFail);
    action("send", DoubleRule::Action::kSend);
    if (actions > 1) error(node, path, kTestWrongType, path + ": use at most one of drop, fail and send", "");
    if (const auto merge = node["merge"]) {
      if (!merge.IsMap()) error(merge, path + ".merge", kTestWrongType, path + ".merge: expected a map (a JSON merge patch)", "");
      else rule.merge = yaml_to_json(merge);
    }
    return rule;
  }

  std::vector<TestInput> read_inputs(const YAML::Node& node, const std::string& path) {
    std::vector<TestInput> out;
    auto one = [&](const YAML::Node& input, const std::string& here) {
      if (!expect_map(input, here)) return;
      known_keys(input, here, {"stage", "events"});
      TestInput in;
      in.location = at(input);
      if (const auto stage = input["stage"])
        if (auto name = string_at(stage, here + ".stage")) in.stage = *name;
      const auto events = input["events"];
      if (!events) {
        error(input, here + ".events", kTestMissingKey, here + ": missing key 'events'", "");
        return;
      }
      if (!events.IsSequence()) {
        error(events, here + ".events", kTestWrongType, here + ".events: expected a list of events", "");
        return;
      }
      for (const auto& e : events) {
        // A string is the payload's raw text: how a test sends a malformed one.
        if (e.IsScalar()) in.payloads.push_back(e.Scalar());
        else in.payloads.push_back(yaml_to_json(e).dump());
      }
      out.push_back(std::move(in));
    };
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) one(node[i], path + "[" + std::to_string(i) + "]");
    } else {
      one(node, path);
    }
    return out;
  }

  std::optional<EventListExpectation> read_event_list(const YAML::Node& node, const std::string& path) {
    EventListExpectation out;
    out.location = at(node);
    auto events = [&](const YAML::Node& list, const std::string& here) {
      std::vector<Json> items;
      for (std::size_t i = 0; i < list.size(); ++i)
        if (auto e = expectation(list[i], here + "[" + std::to_string(i) + "]")) items.push_back(std::move(*e));
      out.events = std::move(items);
    };
    if (node.IsSequence()) {
      events(node, path);
      return out;
    }
    if (!node.IsMap()) {
      error(node, path, kTestWrongType, path + ": expected a list of events or {count, events, ordered}", "");
      return std::nullopt;
    }
    known_keys(node, path, {"count", "events", "ordered"});
    if (const auto count = node["count"]) {
      const auto n = count.IsScalar() ? parse_integer(count.Scalar()) : std::nullopt;
      if (!n || *n < 0) error(count, path + ".count", kTestWrongType, path + ".count: expected a number of events", "");
      else out.count = static_cast<std::size_t>(*n);
    }
    if (const auto list = node["events"]) {
      if (!list.IsSequence()) error(list, path + ".events", kTestWrongType, path + ".events: expected a list", "");
      else events(list, path + ".events");
    }
    if (const auto ordered = node["ordered"]) {
      const auto b = ordered.IsScalar() ? parse_bool(ordered.Scalar()) : std::nullopt;
      if (!b) error(ordered, path + ".ordered", kTestWrongType, path + ".ordered: expected true or false", "");
      else out.ordered = *b;
    }
    if (out.count && out.events && *out.count != out.events->size())
      error(node, path, kTestBadExpectation,
            path + ": count " + std::to_string(*out.count) + " but " + std::to_string(out.events->size()) + " events listed",
            "the events list names every event; drop `count` or make them agree");
    return out;
  }

  std::map<std::string, EventListExpectation> read_event_lists(const YAML::Node& node, const std::string& path) {
    std::map<std::string, EventListExpectation> out;
    if (!expect_map(node, path)) return out;
    for (const auto& kv : node) {
      const auto name = kv.first.as<std::string>();
      if (auto list = read_event_list(kv.second, path + "." + name)) {
        list->location = at(kv.first);
        out[name] = std::move(*list);
      }
    }
    return out;
  }

  std::vector<OutcomeExpectation> read_outcomes(const YAML::Node& node, const std::string& path, const std::string& text_key) {
    std::vector<OutcomeExpectation> out;
    if (!node.IsSequence()) {
      error(node, path, kTestWrongType, path + ": expected a list", "");
      return out;
    }
    const std::string pattern_key = text_key + "_matches";
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string here = path + "[" + std::to_string(i) + "]";
      const auto& item = node[i];
      if (!expect_map(item, here)) continue;
      known_keys(item, here, {"stage", text_key, pattern_key, "event"});
      OutcomeExpectation o;
      o.location = at(item);
      if (const auto v = item["stage"]) o.stage = string_at(v, here + ".stage");
      if (const auto v = item[text_key]) o.text = string_at(v, here + "." + text_key);
      if (const auto v = item[pattern_key]) {
        o.pattern = string_at(v, here + "." + pattern_key);
        if (o.pattern) {
          try {
            std::regex re(*o.pattern);
          } catch (const std::regex_error& e) {
            error(v, here + "." + pattern_key, kTestBadExpectation,
                  here + "." + pattern_key + ": invalid regular expression: " + e.what(), "");
          }
        }
      }
      if (o.text && o.pattern)
        error(item, here, kTestBadExpectation, here + ": use " + text_key + " or " + pattern_key + ", not both", "");
      if (const auto v = item["event"]) o.event = expectation(v, here + ".event");
      out.push_back(std::move(o));
    }
    return out;
  }

  std::optional<TestCase> read_case(const YAML::Node& node, const std::string& path,
                                    const std::map<std::string, DoubleSpec>& file_doubles) {
    if (!expect_map(node, path)) return std::nullopt;
    known_keys(node, path, {"name", "doubles", "input", "expect"});
    TestCase c;
    c.location = at(node);
    c.name = required_string(node, "name", path).value_or(path);
    c.doubles = file_doubles;
    if (const auto doubles = node["doubles"])
      for (auto& [name, spec] : read_doubles(doubles, path + ".doubles")) c.doubles[name] = std::move(spec);
    if (const auto input = node["input"]) c.inputs = read_inputs(input, path + ".input");
    else error(node, path + ".input", kTestMissingKey, path + ": missing key 'input'", "");
    const auto expect = node["expect"];
    if (!expect) {
      error(node, path + ".expect", kTestMissingKey, path + ": missing key 'expect'",
            "a case with nothing expected cannot fail; write expect: { errors: [] } at least");
      return c;
    }
    const std::string here = path + ".expect";
    if (!expect_map(expect, here)) return c;
    known_keys(expect, here, {"outputs", "drops", "errors", "effects"});
    if (const auto v = expect["outputs"]) c.expect.outputs = read_event_lists(v, here + ".outputs");
    if (const auto v = expect["drops"]) c.expect.drops = read_outcomes(v, here + ".drops", "reason");
    if (const auto v = expect["errors"]) c.expect.errors = read_outcomes(v, here + ".errors", "error");
    if (const auto v = expect["effects"]) c.expect.effects = read_event_lists(v, here + ".effects");
    return c;
  }

  std::string file_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<PipelineTestFile> parse_pipeline_test_file(const std::string& text, const std::string& file,
                                                         Diagnostics& diags) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diags.push_back(Diagnostic{Severity::kError, kTestSyntax, e.msg, "", location_of_mark(file, e.mark),
                               yaml_syntax_hint(e.msg, text, e.mark)});
    return std::nullopt;
  }
  check_duplicate_keys(root, file, diags);
  return Reader(file, diags).read(root);
}

std::optional<PipelineTestFile> load_pipeline_test_file(const std::string& file, Diagnostics& diags) {
  std::ifstream in(file);
  if (!in) {
    diags.push_back(Diagnostic{Severity::kError, "file-unreadable", "cannot read test file '" + file + "'", "",
                               SourceLocation{file, 0, 0}, ""});
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parse_pipeline_test_file(text.str(), file, diags);
}

}  // namespace streamline::engine
