#pragma once
// How the generator breaks an ORDER_CREATED document for the malformation
// kinds that concern its text (kBadJson, kMissingField, kWrongType). Unknown
// user and product ids are ordinary documents built from out-of-range ids.

#include <string>

#include "order_documents.hpp"
#include "order_stream.hpp"
#include "random.hpp"

namespace streamline::orders {

struct MalformedText {
  std::string payload;
  std::string detail;  // e.g. "missing field event_id", "data.total_amount is a string"
};

// `kind` is kBadJson, kMissingField or kWrongType.
MalformedText malform(Malformation kind, Document document, Random& random);

}  // namespace streamline::orders
