// write_json must give exactly Json::dump()'s text, and throw as it does.

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include <streamline/json_reader.hpp>
#include <streamline/json_writer.hpp>

namespace streamline {
namespace {

void expect_as_dump(const Json& value) {
  SCOPED_TRACE(value.dump());
  EXPECT_EQ(write_json(value), value.dump());
}

TEST(JsonWriter, WritesWhatDumpWrites) {
  expect_as_dump(Json::parse(
      R"({"b":1,"a":[true,false,null,-0,0,18446744073709551615,-9223372036854775808,1.5,0.1,1e20,1e-7,-2.5e300],)"
      R"("s":"tab\t quote\" back\\ nl\n cr\r bs\b ff\f ctl\u0001\u001f del\u007f slash/","e":{},"x":[]})"));
  expect_as_dump(Json::parse(R"(["caf\u00e9", "\u20ac \ud83d\ude00", {"cl\u00e9": "v"}])"));
  // Escapes written before the first byte above 0x7F are taken back.
  expect_as_dump(Json::parse(R"({"a":"x","s":"tab\t quote\" then caf\u00e9 and\n more"})"));
  expect_as_dump(Json(std::numeric_limits<double>::infinity()));
  expect_as_dump(Json(std::nan("")));
  expect_as_dump(Json(3.0));
  expect_as_dump(Json(std::string("nul\0inside", 10)));
  expect_as_dump(Json::parse(std::string(300, '[') + std::string(300, ']')));
  expect_as_dump(Json::binary({1, 2, 3}));
}

TEST(JsonWriter, WritesAStringAsDumpWritesItAfterWhatIsThere) {
  for (const std::string& text : {std::string("plain"), std::string("tab\t quote\" back\\ ctl\x01"),
                                 std::string("caf\xc3\xa9 \"x\""), std::string()}) {
    std::string out = "[1,";
    write_json_string(text, out);
    EXPECT_EQ(out, "[1," + Json(text).dump());
  }
  std::string out;
  EXPECT_THROW(write_json_string("ok \xC3(", out), Json::type_error);
}

TEST(JsonWriter, InvalidUtf8ThrowsAsDumpDoes) {
  const Json bad = std::string("ok \xC3(");
  try {
    (void)bad.dump();
    FAIL() << "dump() accepted invalid UTF-8";
  } catch (const Json::type_error& expected) {
    try {
      (void)write_json(bad);
      FAIL() << "write_json accepted invalid UTF-8";
    } catch (const Json::type_error& e) {
      EXPECT_STREQ(e.what(), expected.what());
    }
  }
}

TEST(JsonWriter, AgreesWithDumpOnRandomDocuments) {
  std::mt19937 random(7);
  const std::string alphabet = "ab\"\\/\b\f\n\r\t\x01\x1f\x7f ~";
  auto text = [&] {
    std::string s;
    for (std::size_t n = random() % 12; n > 0; --n) s += alphabet[random() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 2000; ++round) {
    Json doc = Json::object();
    for (int i = 0; i < 8; ++i) {
      switch (random() % 6) {
        case 0: doc[text()] = text(); break;
        case 1: doc[text()] = static_cast<std::int64_t>(random()) - (1LL << 31); break;
        case 2: doc[text()] = static_cast<std::uint64_t>(random()) << 20; break;
        case 3: doc[text()] = std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 200) - 100); break;
        case 4: doc[text()] = Json::array({text(), nullptr, random() % 2 == 0}); break;
        default: doc[text()] = Json{{text(), text()}}; break;
      }
    }
    ASSERT_EQ(write_json(doc), doc.dump());
    const auto read_back = read_json(write_json(doc));
    ASSERT_TRUE(read_back.has_value());
    ASSERT_EQ(*read_back, doc);
  }
}

}  // namespace
}  // namespace streamline
