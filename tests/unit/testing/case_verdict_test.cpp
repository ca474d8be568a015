#include "engine/testing/case_verdict.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

RecordedEvent event(Json payload) { return RecordedEvent{std::move(payload), {}, std::nullopt}; }

EventListExpectation listing(std::vector<Json> events, bool ordered = true) {
  EventListExpectation e;
  e.events = std::move(events);
  e.ordered = ordered;
  return e;
}

OutcomeExpectation outcome(std::string stage, std::string text) {
  OutcomeExpectation o;
  o.stage = std::move(stage);
  o.text = std::move(text);
  return o;
}

TEST(CaseVerdict, MatchingOutputsEffectsAndErrorsPass) {
  TestCase c;
  c.expect.outputs["route.created"] = listing({{{"event_id", "e1"}}});
  c.expect.errors = {outcome("validate", "missing field 'event_type'")};
  c.expect.effects["store"] = listing({{{"event_id", "e1"}}});
  CaseRun run;
  run.record.outputs["route.created"] = {event({{"event_id", "e1"}, {"x", 1}})};
  run.record.errors = {OutcomeRecord{"validate", "missing field 'event_type'", event({{"event_id", "e2"}})}};
  run.record.effects["store"] = {event({{"event_id", "e1"}})};
  EXPECT_THAT(judge_case(c, run), IsEmpty());
}

TEST(CaseVerdict, AnOrderedListNamesTheFirstDifferenceOfEachEvent) {
  TestCase c;
  c.expect.outputs["fraud"] = listing({{{"d", "review"}}, {{"d", "block"}}});
  CaseRun run;
  run.record.outputs["fraud"] = {event({{"d", "review"}}), event({{"d", "approve"}})};
  EXPECT_THAT(judge_case(c, run), ElementsAre("outputs.fraud[1] d: expected \"block\", got \"approve\"\n"
                                              "    got: {\"d\":\"approve\"}"));
}

TEST(CaseVerdict, AWrongCountListsWhatCameAndWhereElseTheStageSentEvents) {
  TestCase c;
  c.expect.outputs["route.created"] = listing({{{"event_id", "e1"}}});
  CaseRun run;
  run.record.outputs["route.lifecycle"] = {event({{"event_id", "e1"}})};
  run.record.drops = {OutcomeRecord{"route", "unmatched", event({{"event_id", "e9"}})}};
  EXPECT_THAT(judge_case(c, run), ElementsAre("outputs.route.created: expected 1 event, got 0\n"
                                              "    the stage's other outputs: route.lifecycle (1 event)\n"
                                              "    the stage dropped 1 event"));
}

TEST(CaseVerdict, AnUnorderedListMatchesEventsInAnyOrder) {
  TestCase c;
  c.expect.effects["store"] = listing({{{"id", 2}}, {{"id", 1}}}, false);
  CaseRun run;
  run.record.effects["store"] = {event({{"id", 1}}), event({{"id", 2}})};
  EXPECT_THAT(judge_case(c, run), IsEmpty());
  run.record.effects["store"] = {event({{"id", 1}}), event({{"id", 3}})};
  EXPECT_THAT(judge_case(c, run), ElementsAre("effects.store: no event matches expected[0] {\"id\":2}\n"
                                              "    closest: id: expected 2, got 3",
                                              "effects.store: events not expected\n    got[1]: {\"id\":3}"));
}

TEST(CaseVerdict, ErrorsNotExpectedFailTheCaseButUndeclaredDropsAreNotChecked) {
  TestCase c;
  CaseRun run;
  run.record.errors = {OutcomeRecord{"validate", "field 'order_id' is empty", event({{"event_id", "e5"}})}};
  run.record.drops = {OutcomeRecord{"dedup", "duplicate", event({{"event_id", "e6"}})}};
  EXPECT_THAT(judge_case(c, run),
              ElementsAre("errors: unexpected validate: \"field 'order_id' is empty\" for {\"event_id\":\"e5\"}"));
  c.expect.drops = std::vector<OutcomeExpectation>{};
  EXPECT_EQ(judge_case(c, run).size(), 2u);
}

TEST(CaseVerdict, ANearMissIsExplainedOnceAgainstTheClosestOutcome) {
  TestCase c;
  c.expect.errors = {outcome("unknown-refs", "unknown user u-404")};
  CaseRun run;
  run.record.errors = {OutcomeRecord{"unknown-refs", "unknown reference: user:u-404", event({{"event_id", "e2"}})}};
  EXPECT_THAT(judge_case(c, run),
              ElementsAre("errors: expected {stage: unknown-refs, error: \"unknown user u-404\"}, not found\n"
                          "    closest: unknown-refs: \"unknown reference: user:u-404\" for {\"event_id\":\"e2\"}\n"
                          "      error: expected \"unknown user u-404\", got \"unknown reference: user:u-404\""));
}

TEST(CaseVerdict, RegexAndEventFieldsNarrowAnExpectedDrop) {
  TestCase c;
  OutcomeExpectation drop;
  drop.pattern = "^no reader";
  drop.event = Json{{"event_id", "e2"}};
  c.expect.drops = std::vector<OutcomeExpectation>{drop};
  CaseRun run;
  run.record.drops = {OutcomeRecord{"route", "no reader for output lost", event({{"event_id", "e2"}})}};
  EXPECT_THAT(judge_case(c, run), IsEmpty());
  run.record.drops[0].event = event({{"event_id", "e3"}});
  EXPECT_EQ(judge_case(c, run).size(), 1u);
}

TEST(CaseVerdict, RunErrorsFailTheCaseWithAHintForServices) {
  TestCase c;
  CaseRun run;
  run.errors = {"stage 'store': plugin 'pg-sink' failed to create the stage: no postgres"};
  EXPECT_THAT(judge_case(c, run),
              ElementsAre("the run failed: stage 'store': plugin 'pg-sink' failed to create the stage: no postgres\n"
                          "    hint: a stage that needs a service (Kafka, PostgreSQL, Redis, HTTP) must be listed under "
                          "doubles:"));
}

}  // namespace
}  // namespace streamline::engine
