// JsonRows: the batch's lists for json_to_recordset, written as text; they
// must read back as the rows we meant.

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include <streamline/json_reader.hpp>

#include "json_rows.hpp"

namespace streamline::plugins::pg_sink {
namespace {

TEST(JsonRows, NoRowIsAnEmptyArray) {
  JsonRows rows;
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(rows.take(), "[]");
}

TEST(JsonRows, WritesEachRowAsAnObjectOfItsMembersInOrder) {
  JsonRows rows;
  rows.begin_row();
  rows.add("order_id", std::string_view("ord-1"));
  rows.add("sequence", 2);
  rows.add("total_amount", 25.5);
  rows.add("fraud_decision", std::optional<std::string_view>{});
  rows.add("score", std::optional<double>{});
  rows.add("reasons", std::optional<std::vector<std::string>>{{"velocity", "amount"}});
  rows.end_row();
  rows.begin_row();
  rows.add("order_id", std::string("say \"hi\"\\\n"));
  rows.add("offset", std::int64_t{9'007'199'254'740'993});
  rows.add("reasons", std::optional<std::vector<std::string>>{});
  rows.end_row();
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.take(),
            R"([{"order_id":"ord-1","sequence":2,"total_amount":25.5,"fraud_decision":null,"score":null,)"
            R"("reasons":["velocity","amount"]},{"order_id":"say \"hi\"\\\n","offset":9007199254740993,"reasons":null}])");
  EXPECT_TRUE(rows.empty());
  EXPECT_EQ(rows.take(), "[]");
}

TEST(JsonRows, NumbersAreWrittenAsJsonWritesThem) {
  JsonRows rows;
  rows.begin_row();
  rows.add("a", 0.1);
  rows.add("b", 1e20);
  rows.add("c", std::nan(""));
  rows.end_row();
  const Json read = parse_json(rows.take());
  EXPECT_EQ(read[0]["a"].get<double>(), 0.1);
  EXPECT_EQ(read[0]["b"].get<double>(), 1e20);
  EXPECT_TRUE(read[0]["c"].is_null());
}

}  // namespace
}  // namespace streamline::plugins::pg_sink
