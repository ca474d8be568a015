// mask-fields, tested the way a plugin author tests: the SDK's harness runs
// the plugin's config check and its stage in-process, with no engine and no
// services; plain checks, no test framework.
#include <string>
#include <vector>

#include <streamline/testing/testing.hpp>

#include "mask_fields.hpp"

using streamline::Json;
using namespace streamline::testing;

int main() {
  Checks checks;
  mask_fields::MaskFieldsPlugin plugin;

  {  // The spec and validate(): what `engine validate` would report.
    PluginHarness harness(plugin, "mask");
    checks.equal(describe(harness.validate({{"fields", {"card.number"}}})), std::string(), "a valid config");
    checks.equal(describe(harness.validate(Json::object())), std::string("fields: missing required option 'fields'"),
                 "fields are required");
    checks.equal(describe(harness.validate({{"fields", {"a", "card..number"}}})),
                 std::string("fields.1: 'card..number' has an empty path segment"), "an empty path segment");
    checks.equal(describe(harness.validate({{"fields", {"a"}}, {"when_missing", "skip"}})),
                 std::string("when_missing: must be one of: pass, drop, fail"), "when_missing values");
  }

  {  // Masking, keeping the last characters of strings; numbers become the mask.
    PluginHarness harness(plugin, "mask");
    auto stage = harness.create_processor({{"fields", {"card.number", "cvv"}}, {"keep_last", 4}});
    const ProcessResult result = run_processor(
        *stage, events_from_json({{{"card", {{"number", "4111111111111111"}}}, {"cvv", 123}, {"id", 1}}}));
    checks.equal(documents_of(result.passed),
                 std::vector<Json>{{{"card", {{"number", "***1111"}}}, {"cvv", "***"}, {"id", 1}}}, "masked event");
    checks.equal(harness.context().recording_metrics().counter_value("mask_fields_masked_total"), 2.0,
                 "masked values counted");
    checks.expect(harness.context().logged("info: masking 2 field(s)"), "logs what it masks");
  }

  {  // A missing field: pass (the default) leaves the payload untouched.
    PluginHarness harness(plugin, "mask");
    auto stage = harness.create_processor({{"fields", {"email"}}});
    const ProcessResult result = run_processor(*stage, events_from_raw({R"({"id":2, "name":"x"})"}));
    checks.equal(result.passed.size(), std::size_t{1}, "passed on");
    checks.equal(result.passed.at(0).raw(), std::string(R"({"id":2, "name":"x"})"), "payload kept byte for byte");
  }

  {  // ... drop and fail, with their reasons; a payload that is not an object fails.
    PluginHarness drop_harness(plugin, "mask");
    auto dropper = drop_harness.create_processor({{"fields", {"email"}}, {"when_missing", "drop"}});
    const ProcessResult dropped = run_processor(*dropper, events_from_json({{{"email", "a@b.c"}}, {{"id", 3}}}));
    checks.equal(documents_of(dropped.passed), std::vector<Json>{{{"email", "***"}}}, "the event with the field");
    checks.equal(reasons_of(dropped.dropped), std::vector<std::string>{"missing field email"}, "drop reason");

    PluginHarness fail_harness(plugin, "mask");
    auto failer = fail_harness.create_processor({{"fields", {"user.email"}}, {"when_missing", "fail"}});
    const ProcessResult failed = run_processor(*failer, events_from_raw({R"({"user":{}})", "[1,2]", "not json"}));
    checks.equal(reasons_of(failed.failed),
                 std::vector<std::string>{"missing field user.email", "payload is not a JSON object",
                                          "payload is not a JSON object"},
                 "error messages");
    checks.equal(failed.total(), std::size_t{3}, "one outcome per event");
  }

  return checks.report();
}
