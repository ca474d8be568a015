// COPY text format as pg-sink writes it: what PostgreSQL reads back must be
// the bytes we meant, whatever the field holds.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "copy_text.hpp"

namespace streamline::plugins::pg_sink {
namespace {

TEST(CopyLine, SeparatesColumnsWithTabsAndWritesNullAsBackslashN) {
  CopyLine line;
  line.add("a");
  line.add_null();
  line.add(std::optional<std::string>{});
  line.add(std::optional<std::string>{"b"});
  EXPECT_EQ(line.text(), "a\t\\N\t\\N\tb");
}

TEST(CopyLine, AnEmptyFirstColumnStillGetsItsSeparator) {
  CopyLine line;
  line.add("");
  line.add("");
  line.add("x");
  EXPECT_EQ(line.text(), "\t\tx");
}

TEST(CopyLine, EscapesBackslashTabNewlineAndCarriageReturnOnly) {
  CopyLine line;
  line.add("a\\b\tc\nd\re\x01 \"quoted\" caf\xc3\xa9");
  EXPECT_EQ(line.text(), "a\\\\b\\tc\\nd\\re\x01 \"quoted\" caf\xc3\xa9");
}

TEST(CopyLine, EscapesAtTheEdgesOfAField) {
  CopyLine line;
  line.add("\\");
  line.add("\n\n");
  EXPECT_EQ(line.text(), "\\\\\t\\n\\n");
}

TEST(CopyLine, FindsEverySpecialByteWhereverItFallsInALongField) {
  // Fields are scanned sixteen bytes at a time: a special byte at any place
  // of a block, in the tail after the last block, or beside control bytes
  // that are not special must come out escaped, and nothing else changed.
  const std::string plain = "{\"event_id\":\"e-0001\",\"amount\":12.5,\"x\":\"\x01\x1f\"}";
  for (std::size_t at = 0; at <= plain.size(); ++at) {
    for (const char special : {'\t', '\n', '\r', '\\'}) {
      std::string field = plain;
      field.insert(at, 1, special);
      std::string expected = plain;
      const char* escape = special == '\t' ? "\\t" : special == '\n' ? "\\n" : special == '\r' ? "\\r" : "\\\\";
      expected.insert(at, escape);
      CopyLine line;
      line.add(field);
      ASSERT_EQ(line.text(), expected) << "special byte " << static_cast<int>(special) << " at " << at;
    }
  }
  CopyLine line;
  line.add(plain);
  EXPECT_EQ(line.text(), plain);
}

TEST(CopyLine, JsonIsItsCompactTextWithTheBackslashesOfItsEscapesDoubled) {
  CopyLine line;
  line.add("id");
  line.add_json(Json::parse(R"({"user": {"name": "Ann", "tier": 2}, "products": [], "missing": null})"));
  line.add_json(Json::parse(R"({"note": "say \"hi\"\n\ttab \\ and caf\u00e9"})"));
  line.add("end");
  EXPECT_EQ(line.text(),
            "id\t{\"user\":{\"name\":\"Ann\",\"tier\":2},\"products\":[],\"missing\":null}"
            "\t{\"note\":\"say \\\\\"hi\\\\\"\\\\n\\\\ttab \\\\\\\\ and caf\xc3\xa9\"}\tend");
  // Escaping one value leaves the next alone.
  line.clear();
  line.add_json(Json("a\\b"));
  line.add_json(Json("plain"));
  EXPECT_EQ(line.text(), "\"a\\\\\\\\b\"\t\"plain\"");
}

TEST(CopyLine, ClearStartsANewRow) {
  CopyLine line;
  line.add("first");
  line.clear();
  line.add("second");
  EXPECT_EQ(line.text(), "second");
}

TEST(CopyLine, NextRowSeparatesRowsWithANewlineAndNeverEndsWithOne) {
  CopyLine line;
  line.next_row();  // nothing written yet: no empty first row
  line.add("a");
  line.add_null();
  line.next_row();
  line.add("b\nc");
  line.add("");
  line.next_row();
  EXPECT_EQ(line.text(), "a\t\\N\nb\\nc\t");
  line.clear();
  line.add("d");
  EXPECT_EQ(line.text(), "d");
}

TEST(TextArrayLiteral, QuotesEveryElementAndEscapesQuotesAndBackslashes) {
  EXPECT_EQ(text_array_literal(std::vector<std::string>{}), "{}");
  EXPECT_EQ(text_array_literal(std::vector<std::string>{"velocity", "new account"}), "{\"velocity\",\"new account\"}");
  EXPECT_EQ(text_array_literal(std::vector<std::string_view>{"say \"hi\"", "a\\b", "{,}"}), "{\"say \\\"hi\\\"\",\"a\\\\b\",\"{,}\"}");
}

}  // namespace
}  // namespace streamline::plugins::pg_sink
