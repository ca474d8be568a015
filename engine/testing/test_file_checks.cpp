#include "engine/testing/test_file_checks.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "engine/config/did_you_mean.hpp"
#include "engine/testing/case_plan.hpp"

namespace streamline::engine {
namespace {

constexpr const char* kTestUnknownStage = "test-unknown-stage";
constexpr const char* kTestUnknownOutput = "test-unknown-output";
constexpr const char* kTestNotRun = "test-stage-not-run";
constexpr const char* kTestNotDouble = "test-not-a-double";
constexpr const char* kTestNoInputStage = "test-no-input-stage";

class Checker {
 public:
  Checker(const Plan& plan, Diagnostics& diags) : plan_(plan), diags_(diags) {
    for (const auto& s : plan.stages) {
      names_.push_back(s.name);
      if (s.kind == PluginKind::kSource) sources_.push_back(s.name);
      outputs_.push_back(s.name);
      for (const auto& o : s.outputs) outputs_.push_back(s.name + "." + o);
    }
  }

  void check(TestCase& c) {
    for (auto& [name, spec] : c.doubles) check_double(spec);
    bool inputs_ok = true;
    for (auto& input : c.inputs) inputs_ok = resolve(input) && inputs_ok;
    if (!inputs_ok) return;
    std::vector<std::string> stages;
    for (const auto& input : c.inputs) stages.push_back(input.stage);
    const CasePlan carved = carve_case_plan(plan_, stages);
    std::set<std::string> running;
    for (const auto& original : carved.original)
      if (original) running.insert(plan_.stages[*original].name);
    const std::string where = "case '" + c.name + "'";

    for (const auto& [name, list] : c.expect.outputs) {
      const auto stage = stage_of_output(name);
      if (!stage) {
        error(list.location, kTestUnknownOutput, where + ": unknown output '" + name + "'",
              hint(name, outputs_, "outputs are written stage or stage.output"));
      } else {
        not_run(running, *stage, list.location, where);
      }
    }
    auto outcomes = [&](const std::vector<OutcomeExpectation>& list) {
      for (const auto& o : list)
        if (o.stage && known_stage(*o.stage, o.location, where)) not_run(running, *o.stage, o.location, where);
    };
    if (c.expect.drops) outcomes(*c.expect.drops);
    outcomes(c.expect.errors);
    for (const auto& [name, list] : c.expect.effects) {
      if (!known_stage(name, list.location, where)) continue;
      if (!c.doubles.contains(name)) {
        error(list.location, kTestNotDouble, where + ": stage '" + name + "' is not a double; only doubles record effects",
              "add it under doubles:, or expect its outputs instead");
        continue;
      }
      not_run(running, name, list.location, where);
    }
  }

 private:
  void error(const SourceLocation& at, const char* code, std::string message, std::string hint_text) {
    diags_.push_back(Diagnostic{Severity::kError, code, std::move(message), "", at, std::move(hint_text)});
  }

  static std::string hint(const std::string& word, const std::vector<std::string>& candidates, const std::string& otherwise) {
    auto text = did_you_mean(word, candidates);
    return text.empty() ? otherwise : text;
  }

  bool known_stage(const std::string& name, const SourceLocation& at, const std::string& where) {
    if (plan_.index_of(name)) return true;
    error(at, kTestUnknownStage, where + ": the pipeline has no stage '" + name + "'",
          hint(name, names_, "stages: " + join(names_)));
    return false;
  }

  void not_run(const std::set<std::string>& running, const std::string& stage, const SourceLocation& at,
               const std::string& where) {
    if (running.contains(stage)) return;
    error(at, kTestNotRun, where + ": stage '" + stage + "' does not run in this case: it is not downstream of the input",
          "feed the events into a stage upstream of it");
  }

  std::optional<std::string> stage_of_output(const std::string& name) const {
    if (plan_.index_of(name)) return name;
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return std::nullopt;
    const auto stage = plan_.index_of(name.substr(0, dot));
    if (!stage) return std::nullopt;
    const auto& outs = plan_.stages[*stage].outputs;
    if (std::find(outs.begin(), outs.end(), name.substr(dot + 1)) == outs.end()) return std::nullopt;
    return name.substr(0, dot);
  }

  void check_double(const DoubleSpec& spec) {
    if (!known_stage(spec.stage, spec.location, "doubles")) return;
    const auto& stage = plan_.stages[*plan_.index_of(spec.stage)];
    auto check_rule = [&](const DoubleRule& rule) {
      if (rule.action != DoubleRule::Action::kSend) return;
      if (std::find(stage.outputs.begin(), stage.outputs.end(), rule.argument) != stage.outputs.end()) return;
      error(rule.location, kTestUnknownOutput,
            "double '" + spec.stage + "': stage '" + spec.stage + "' has no output '" + rule.argument + "'",
            stage.outputs.empty() ? "it has no named outputs" : hint(rule.argument, stage.outputs, "outputs: " + join(stage.outputs)));
    };
    for (const auto& rule : spec.rules) check_rule(rule);
    check_rule(spec.otherwise);
  }

  bool resolve(TestInput& input) {
    if (input.stage.empty()) {
      if (sources_.size() == 1) {
        input.stage = sources_.front();
        return true;
      }
      error(input.location, kTestNoInputStage, "input: the pipeline has " + std::to_string(sources_.size()) +
                                                   " sources; say which stage the events enter",
            "add stage: one of " + join(sources_));
      return false;
    }
    return known_stage(input.stage, input.location, "input");
  }

  const Plan& plan_;
  Diagnostics& diags_;
  std::vector<std::string> names_;
  std::vector<std::string> sources_;
  std::vector<std::string> outputs_;
};

}  // namespace

void check_test_file(PipelineTestFile& tests, const Plan& plan, Diagnostics& diags) {
  Checker checker(plan, diags);
  const std::size_t before = diags.size();
  for (auto& c : tests.cases) checker.check(c);
  // The file's doubles are checked with every case that uses them: once is enough.
  std::set<std::tuple<int, int, std::string>> seen;
  std::erase_if(diags, [&, i = std::size_t{0}](const Diagnostic& d) mutable {
    if (i++ < before) return false;
    return !seen.emplace(d.location.line, d.location.column, d.message).second;
  });
}

}  // namespace streamline::engine
