// Fuzz target: a Kafka message's payload on its way into the pipeline.
//
// The bytes become an Event the way kafka-source makes one (Event::from_raw,
// parsed lazily), then go through what the orders pipeline does first with
// them: the validate stage with the pipeline's rules (pipelines/orders.yaml),
// a stage with every rule type and non-objects passing, and the pipeline's
// route/fail conditions. A valid document is then edited and serialised,
// and must read back as the same document.
//
// Anything other than a clean return is a finding: a crash, a sanitizer
// report, an uncaught exception (the stage must turn bad payloads into
// failed events, never throw) or a broken invariant (abort()).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include <streamline/batch.hpp>
#include <streamline/config.hpp>
#include <streamline/event.hpp>
#include <streamline/testing/recording_metrics.hpp>

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

// The validate stage of pipelines/orders.yaml.
const char* const kOrderRules = R"([
  {"path": "event_id", "type": "string", "non_empty": true},
  {"path": "event_type", "type": "string",
   "one_of": ["ORDER_CREATED", "ORDER_PAID", "ORDER_SHIPPED", "ORDER_DELIVERED", "ORDER_CANCELLED"]},
  {"path": "order_id", "type": "string", "non_empty": true},
  {"path": "user_id", "type": "string", "non_empty": true},
  {"path": "timestamp", "type": "timestamp"},
  {"path": "data", "type": "object", "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.items", "type": "array", "non_empty": true, "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.items[].product_id", "type": "string", "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.items[].quantity", "type": "integer", "min": 1, "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.items[].price", "type": "number", "min": 0, "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.total_amount", "type": "number", "min": 0, "when": "event_type == \"ORDER_CREATED\""},
  {"path": "data.currency", "type": "string", "required": false}
])";

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

// The conditions of pipelines/orders.yaml and pipelines/route-demo.yaml.
const char* const kConditions[] = {
    R"(event_type == "ORDER_CREATED" && enrichment.status == "partial")",
    R"(event_type == "ORDER_CREATED")",
    R"(event_type in ["ORDER_PAID", "ORDER_SHIPPED", "ORDER_DELIVERED", "ORDER_CANCELLED"])",
    R"(amount > 100 && country == "DE")",
    R"(amount <= 20)",
    R"(data.items.0.price >= 0.5 || !exists(data.items) || user_id != null)",
};

void require(bool holds) {
  if (!holds) std::abort();
}

struct Stages {
  streamline::testing::RecordingMetrics metrics;
  validate::ValidateStage orders{options(kOrderRules, true), metrics};
  validate::ValidateStage every_type{options(kEveryRuleType, false), metrics};
  std::vector<streamline::expression::Expression> conditions;

  Stages() {
    for (const char* text : kConditions) conditions.push_back(streamline::expression::parse_expression(text));
  }

  static validate::ValidateOptions options(const char* rules, bool reject_non_object) {
    streamline::ConfigIssues issues;
    validate::ValidateOptions result;
    result.rules = validate::compile_rules(Json::parse(rules), issues);
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
