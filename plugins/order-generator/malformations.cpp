#include "malformations.hpp"

#include <algorithm>
#include <array>

namespace streamline::orders {
namespace {

MalformedText bad_json(const Document& document, Random& random) {
  std::string text = document.dump();
  switch (random.below(3)) {
    case 0: {
      // Cut short, as by a producer that died mid-write: any proper prefix
      // of an object is incomplete JSON.
      const auto cut = static_cast<std::size_t>(random.between(1, static_cast<std::int64_t>(text.size()) - 2));
      return {text.substr(0, cut), "truncated JSON"};
    }
    case 1:
      // Python's repr() instead of json.dumps().
      std::replace(text.begin(), text.end(), '"', '\'');
      return {text, "single-quoted (Python dict) syntax"};
    default:
      return {text + "}", "trailing garbage after the JSON object"};
  }
}

MalformedText missing_field(Document document, Random& random) {
  constexpr std::array<const char*, 5> kTopLevel{"event_id", "event_type", "order_id", "user_id", "timestamp"};
  constexpr std::array<const char*, 2> kData{"items", "total_amount"};
  const auto pick = random.below(kTopLevel.size() + kData.size());
  std::string field;
  if (pick < kTopLevel.size()) {
    field = kTopLevel[pick];
    document.erase(field);
  } else {
    field = kData[pick - kTopLevel.size()];
    document["data"].erase(field);
    field = "data." + field;
  }
  return {document.dump(), "missing field " + field};
}

MalformedText wrong_type(Document document, Random& random) {
  Document& data = document["data"];
  std::string detail;
  switch (random.below(5)) {
    case 0:
      data["total_amount"] = "abc";
      detail = "data.total_amount is a string";
      break;
    case 1:
      data["items"][0]["quantity"] = "two";
      detail = "data.items.0.quantity is a string";
      break;
    case 2:
      data["items"][0]["price"] = "19,99";
      detail = "data.items.0.price is a string";
      break;
    case 3:
      document["timestamp"] = 1735689600000LL;
      detail = "timestamp is a number";
      break;
    default:
      data["items"] = data["items"][0];
      detail = "data.items is an object";
      break;
  }
  return {document.dump(), detail};
}

}  // namespace

MalformedText malform(Malformation kind, Document document, Random& random) {
  switch (kind) {
    case Malformation::kBadJson:
      return bad_json(document, random);
    case Malformation::kMissingField:
      return missing_field(std::move(document), random);
    case Malformation::kWrongType:
      return wrong_type(std::move(document), random);
    default:
      return {document.dump(), {}};
  }
}

}  // namespace streamline::orders
