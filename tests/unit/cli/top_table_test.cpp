// `engine top`'s table: exactly what it prints for a given /status document.
#include "engine/cli/top_table.hpp"

#include <gtest/gtest.h>

namespace streamline::engine {
namespace {

const char* const kStatus = R"({"pipeline":"observed","file":"observed.yaml","state":"running",
  "uptime_seconds":72.9,"last_reload":null,"stages":[
  {"name":"ticker","plugin":"generate","kind":"source","inputs":[],"state":"running",
   "events":{"in":1200,"out":1200,"dropped":0,"failed":0},"retries":0,"queue_depth":0,
   "rates":{"in_per_second":20.04,"out_per_second":19.96}},
  {"name":"router","plugin":"route","kind":"processor","inputs":["ticker"],"state":"retrying",
   "events":{"in":1180,"out":1000,"dropped":150,"failed":30},"retries":2,"queue_depth":3,
   "rates":{"in_per_second":1234.5,"out_per_second":0.0}},
  {"name":"discard","plugin":"null","kind":"sink","inputs":["router.big","router.error"],"state":"running",
   "events":{"in":1000,"out":1000,"dropped":0,"failed":0},"retries":0,"queue_depth":12,
   "rates":{"in_per_second":3.0,"out_per_second":3.0}}]})";

TEST(TopTable, NamesLeftNumbersRightColumnsAsWideAsTheirWidestCell) {
  EXPECT_EQ(render_top_table(nlohmann::json::parse(kStatus)),
            "pipeline observed: running, up 1m 12s (observed.yaml)\n"
            "STAGE    PLUGIN    STATE       IN/S  OUT/S  QUEUE  FAILED  DROPPED\n"
            "ticker   generate  running     20.0   20.0      0       0        0\n"
            "router   route     retrying  1234.5    0.0      3      30      150\n"
            "discard  null      running      3.0    3.0     12       0        0\n");
}

TEST(TopTable, APipelineWithoutStagesPrintsTheHeaderOnly) {
  EXPECT_EQ(render_top_table(nlohmann::json::parse(
                R"({"pipeline":"p","file":"p.yaml","state":"starting","uptime_seconds":3725.0,"stages":[]})")),
            "pipeline p: starting, up 1h 2m 5s (p.yaml)\n"
            "STAGE  PLUGIN  STATE  IN/S  OUT/S  QUEUE  FAILED  DROPPED\n");
}

TEST(TopTable, ADocumentThatIsNotAStatusThrows) {
  EXPECT_THROW(render_top_table(nlohmann::json::parse(R"({"ready":true})")), nlohmann::json::exception);
}

}  // namespace
}  // namespace streamline::engine
