// Fuzz target: a Kafka message's payload on its way into the pipeline.
//
// The bytes become an Event the way kafka-source makes one (Event::from_raw,
// parsed lazily), then go through what the orders pipeline does first with
// them: the validate stage with the pipeline's rules (read from pipelines/orders.yaml),
// a stage with every rule type and non-objects passing, and the pipeline's
// route/fail conditions. A valid document is then edited and serialised,
// and must read back as the same document. The fast JSON reader is checked
// against nlohmann's parser on every input, the fast writer against dump().
//
// Anything other than a clean return is a finding: a crash, a sanitizer
// report, an uncaught exception (the stage must turn bad payloads into
// failed events, never throw) or a broken invariant (abort()).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/config.hpp>
#include <streamline/event.hpp>
#include <streamline/json_reader.hpp>
#include <streamline/json_writer.hpp>
#include <streamline/testing/recording_metrics.hpp>
#include <yaml-cpp/yaml.h>

#include "engine/config/yaml_scalar.hpp"

#include "expression/expression_parser.hpp"
#include "plugins/validate/rule_compiler.hpp"
#include "plugins/validate/validate.hpp"

namespace {

using streamline::Batch;
using streamline::Disposition;
using streamline::Event;
using streamline::Json;
using streamline::PayloadError;
namespace validate = streamline::plugins::validate;

// The shipped pipelines, read when the fuzzer starts: what is fuzzed is what
// users run (the validate stage's rules, every `when` condition).
YAML::Node shipped_pipeline(const char* name) {
  return YAML::LoadFile(std::string(STREAMLINE_ROOT) + "/pipelines/" + name);
}

void collect_conditions(const YAML::Node& node, std::vector<std::string>& out) {
  if (node.IsMap()) {
    for (const auto& entry : node) {
      if (entry.first.as<std::string>() == "when" && entry.second.IsScalar()) out.push_back(entry.second.as<std::string>());
      else collect_conditions(entry.second, out);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) collect_conditions(item, out);
  }
}

// Every rule type and option, nested arrays, and non-objects let through.
const char* const kEveryRuleType = R"json([
  {"path": "a[].b[].c", "type": "integer", "min": -5, "max": 5, "required": false},
  {"path": "flag", "type": "boolean", "required": false},
  {"path": "tags", "type": "array", "non_empty": true, "required": false},
  {"path": "meta", "type": "object", "required": false, "when": "exists(meta) || !(x in [1, 2.5, \"s\"])"},
  {"path": "when", "type": "timestamp", "required": false},
  {"path": "name", "type": "string", "non_empty": true, "one_of": ["a", "\u00e9", ""], "required": false},
  {"path": "n", "type": "number", "min": -1e308, "max": 1e308, "required": false}
])json";

// Syntax the shipped conditions do not use: indexes, exists(), null, !.
const char* const kMoreConditions[] = {
    R"(data.items.0.price >= 0.5 || !exists(data.items) || user_id != null)",
};

void require(bool holds) {
  if (!holds) std::abort();
}

// Same types everywhere, members in the same order.
bool same_shape(const Json& a, const Json& b) {
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array())
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_shape(a[i], b[i])) return false;
  if (a.is_object())
    for (auto ia = a.begin(), ib = b.begin(); ib != b.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !same_shape(*ia, *ib)) return false;
  return true;
}

struct Stages {
  streamline::testing::RecordingMetrics metrics;
  validate::ValidateStage orders{
      options(streamline::engine::yaml_to_json(shipped_pipeline("orders.yaml")["stages"]["validate"]["config"]["rules"]),
              true),
      metrics};
  validate::ValidateStage every_type{options(nlohmann::json::parse(kEveryRuleType), false), metrics};
  std::vector<streamline::expression::Expression> conditions;

  Stages() {
    std::vector<std::string> texts(std::begin(kMoreConditions), std::end(kMoreConditions));
    for (const char* file : {"orders.yaml", "route-demo.yaml"}) collect_conditions(shipped_pipeline(file), texts);
    require(texts.size() >= 10);  // the shipped files hold at least that many
    for (const auto& text : texts) conditions.push_back(streamline::expression::parse_expression(text));
  }

  static validate::ValidateOptions options(const nlohmann::json& rules, bool reject_non_object) {
    streamline::ConfigIssues issues;
    validate::ValidateOptions result;
    result.rules = validate::compile_rules(rules, issues);
    require(issues.empty());
    result.reject_non_object = reject_non_object;
    return result;
  }
};

// A stage's outcome for one event: failed events carry a reason.
void run_stage(validate::ValidateStage& stage, const Event& event) {
  Batch batch;
  batch.add(event);
  batch.add(event);  // the stage sees batches, not single events
  stage.process(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& outcome = batch.outcome(i);
    require(outcome.disposition == Disposition::kPass || outcome.disposition == Disposition::kFail);
    if (outcome.disposition == Disposition::kFail) require(!outcome.reason.empty());
  }
  require(batch.outcome(0).disposition == batch.outcome(1).disposition);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Stages stages;
  const std::string payload(reinterpret_cast<const char*>(data), size);

  Event event = Event::from_raw(payload);
  event.key = payload.substr(0, 16);
  event.headers.push_back({"content-type", "application/json"});
  event.origin = {"orders", 3, 42};

  const bool valid = event.has_valid_json();
  bool parsed = true;
  try {
    (void)event.json();
  } catch (const PayloadError& e) {
    parsed = false;
    // "payload is not valid JSON: ...", "payload has a number out of range: ..."
    require(std::string(e.what()).rfind("payload ", 0) == 0);
  }
  require(valid == parsed);
  require(event.raw() == payload);

  // The fast reader behind Event::json() reads only what nlohmann's parser
  // reads, as the same document: member order and number types included.
  if (const auto fast = streamline::read_json(payload)) {
    require(parsed);
    const Json slow = Json::parse(payload);
    require(same_shape(*fast, slow) && fast->dump() == slow.dump());
    require(streamline::write_json(slow) == slow.dump());  // the fast writer too
  }

  run_stage(stages.orders, Event::from_raw(payload));
  run_stage(stages.every_type, Event::from_raw(payload));
  if (!parsed) return 0;

  for (const auto& condition : stages.conditions) (void)condition.matches(event.json());

  // A stage edits the document: the original text is kept for dead letters,
  // and the new text reads back as the edited document.
  const Json before = event.json();
  event.mutable_json() = Json{{"payload", before}, {"validated", true}};
  require(event.original_raw() == payload);
  const std::string& text = event.raw();
  require(Json::parse(text) == event.json());
  return 0;
}
