// The rules the orders pipeline runs (pipelines/orders.yaml)
// over the order generator's traffic: every malformed event the generator
// means to be caught fails with the reason its truth describes, and every
// well-formed event passes (unknown users and products too: the enrich stage
// finds those).

#include <cstddef>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <streamline/testing/plugin_harness.hpp>

#include "engine/config/yaml_scalar.hpp"
#include "plugins/order-generator/order_stream.hpp"
#include "tests/unit/plugins/shared_plugin.hpp"

namespace {

using streamline::Batch;
using streamline::Disposition;
using streamline::Event;
using streamline::Json;
using streamline::orders::GeneratedEvent;
using streamline::orders::Malformation;
using streamline::orders::OrderStream;
using streamline::orders::OrderStreamOptions;
using namespace streamline::testing;

// The validate stage's config as pipelines/orders.yaml ships it: the test
// checks the rules users run, not a copy of them.
Json shipped_validate_config() {
  const YAML::Node pipeline = YAML::LoadFile(std::string(PROJECT_SOURCE_DIR) + "/pipelines/orders.yaml");
  return streamline::engine::yaml_to_json(pipeline["stages"]["validate"]["config"]);
}

std::string parse_error_of(const std::string& payload) {
  try {
    Event::from_raw(payload).json();
  } catch (const streamline::PayloadError& e) {
    return e.what();
  }
  return "parsed";
}

// The reason validate gives for a malformed event, from the generator's
// description of what it broke: "missing field data.items",
// "data.items.0.quantity is a string", "data.items is an object", ...
std::string expected_reason(const GeneratedEvent& event) {
  const std::string& detail = event.truth.detail;
  switch (event.truth.malformation) {
    case Malformation::kBadJson: return parse_error_of(event.payload);
    case Malformation::kMissingField: {
      const std::string prefix = "missing field ";
      if (detail.rfind(prefix, 0) != 0) return "unexpected detail: " + detail;
      return "missing field '" + detail.substr(prefix.size()) + "'";
    }
    case Malformation::kWrongType: {
      // The type the orders rules expect at each field the generator breaks.
      static const std::map<std::string, std::string> kExpected = {
          {"data.total_amount", "number"},  {"data.items.0.quantity", "integer"}, {"data.items.0.price", "number"},
          {"timestamp", "timestamp"},       {"data.items", "array"},
      };
      const auto is = detail.find(" is ");
      if (is == std::string::npos) return "unexpected detail: " + detail;
      const std::string field = detail.substr(0, is);
      const auto expected = kExpected.find(field);
      if (expected == kExpected.end()) return "unexpected field: " + field;
      return "field '" + field + "'" + detail.substr(is) + ", expected " + expected->second;
    }
    default: return "";  // passes
  }
}

TEST(ValidateOrderRules, CatchesEveryMalformedEventWithTheRightReasonAndPassesTheRest) {
  SharedPlugin shared("validate");
  PluginHarness harness(shared.plugin(), "validate", "validate");
  auto stage = harness.create_processor(shipped_validate_config());

  OrderStreamOptions options;
  options.malformed_ratio = 0.2;
  OrderStream stream(20250101, options);
  constexpr std::size_t kEvents = 20'000;
  constexpr std::size_t kBatch = 500;

  struct Counts {
    std::size_t seen = 0;
    std::size_t failed = 0;
  };
  std::map<std::string, Counts> by_kind;  // "valid", "duplicate", "malformed/<malformation>"
  std::map<std::string, std::size_t> by_reason_shape;
  std::size_t checked = 0;
  while (checked < kEvents) {
    std::vector<GeneratedEvent> generated;
    Batch batch;
    for (std::size_t i = 0; i < kBatch; ++i) {
      generated.push_back(stream.next());
      batch.add(Event::from_raw(generated.back().payload));
    }
    stage->process(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const GeneratedEvent& event = generated[i];
      const auto& outcome = batch.outcome(i);
      std::string kind = to_string(event.truth.kind);
      if (event.truth.malformation != Malformation::kNone) kind += std::string("/") + to_string(event.truth.malformation);
      Counts& counts = by_kind[kind];
      ++counts.seen;
      const std::string expected = expected_reason(event);
      if (expected.empty()) {
        EXPECT_EQ(outcome.disposition, Disposition::kPass)
            << kind << " event " << event.sequence << " failed: " << outcome.reason << "\n" << event.payload;
      } else {
        EXPECT_EQ(outcome.disposition, Disposition::kFail) << kind << " event " << event.sequence << " passed";
        EXPECT_EQ(outcome.reason, expected) << kind << " (" << event.truth.detail << ") " << event.payload;
      }
      if (outcome.disposition == Disposition::kFail) {
        ++counts.failed;
        // The reason without its quoted parts, to show how they group.
        std::string shape = outcome.reason.substr(0, outcome.reason.find(" at line"));
        ++by_reason_shape[shape.substr(0, 80)];
      }
    }
    checked += batch.size();
  }

  std::cout << "[ validate ] " << kEvents << " order events (malformed_ratio 0.2), by kind: seen / failed\n";
  for (const auto& [kind, counts] : by_kind)
    std::cout << "[ validate ]   " << kind << ": " << counts.seen << " / " << counts.failed << "\n";
  std::cout << "[ validate ] failures by reason:\n";
  for (const auto& [reason, count] : by_reason_shape) std::cout << "[ validate ]   " << count << "  " << reason << "\n";

  // Every kind the generator makes occurred often enough to mean something.
  for (const char* kind : {"valid", "duplicate", "malformed/bad_json", "malformed/missing_field",
                           "malformed/wrong_type", "malformed/unknown_user", "malformed/unknown_product"}) {
    EXPECT_GE(by_kind[kind].seen, 100u) << kind;
  }
  EXPECT_EQ(by_kind["valid"].failed, 0u);
  EXPECT_EQ(by_kind["duplicate"].failed, 0u);
  EXPECT_EQ(by_kind["malformed/unknown_user"].failed, 0u);
  EXPECT_EQ(by_kind["malformed/unknown_product"].failed, 0u);
  for (const char* kind : {"malformed/bad_json", "malformed/missing_field", "malformed/wrong_type"})
    EXPECT_EQ(by_kind[kind].failed, by_kind[kind].seen) << kind;
  std::size_t total = 0, failed = 0;
  for (const auto& [kind, counts] : by_kind) {
    total += counts.seen;
    failed += counts.failed;
  }
  EXPECT_EQ(total, kEvents);
  EXPECT_EQ(harness.context().recording_metrics().counter_value("validate_failed_total"), static_cast<double>(failed));
}

}  // namespace
