#include "order_event_row.hpp"

#include <streamline/json_writer.hpp>

#include <cctype>
#include <chrono>

namespace streamline::plugins::pg_sink {
namespace {

std::string missing(const char* field) { return std::string("missing field '") + field + "'"; }
std::string not_a(const char* field, const char* type) {
  return std::string("field '") + field + "' is not a " + type;
}

// Reads a required non-empty string field; sets `error` otherwise.
bool required_string(const Json& doc, const char* field, std::string_view& out, std::string& error) {
  const auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) {
    error = missing(field);
    return false;
  }
  if (!it->is_string()) {
    error = not_a(field, "string");
    return false;
  }
  out = it->get_ref<const std::string&>();
  if (out.empty()) {
    error = "field '" + std::string(field) + "' is empty";
    return false;
  }
  return true;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > s.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

std::optional<std::string> read_fraud(const Json& fraud, OrderEventRow& row) {
  if (!fraud.is_object()) return not_a("fraud", "object");
  if (const auto it = fraud.find("score"); it != fraud.end() && !it->is_null()) {
    if (!it->is_number()) return not_a("fraud.score", "number");
    row.fraud_score = it->get<double>();
  }
  if (const auto it = fraud.find("decision"); it != fraud.end() && !it->is_null()) {
    if (!it->is_string()) return not_a("fraud.decision", "string");
    row.fraud_decision = it->get_ref<const std::string&>();
  }
  if (const auto it = fraud.find("reasons"); it != fraud.end() && !it->is_null()) {
    if (!it->is_array()) return not_a("fraud.reasons", "list");
    std::vector<std::string> reasons;
    for (const auto& r : *it) {
      if (!r.is_string()) return not_a("fraud.reasons", "list of strings");
      reasons.push_back(r.get<std::string>());
    }
    row.fraud_reasons = std::move(reasons);
  }
  return std::nullopt;
}

std::optional<std::string> read_order_data(const Json& doc, OrderEventRow& row) {
  const auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) return missing("data.total_amount");
  const auto total = data->find("total_amount");
  if (total == data->end() || total->is_null()) return missing("data.total_amount");
  if (!total->is_number()) return not_a("data.total_amount", "number");
  row.total_amount = total->get<double>();
  if (!(*row.total_amount > -1e10 && *row.total_amount < 1e10)) return "field 'data.total_amount' is out of range";
  if (const auto it = data->find("currency"); it != data->end() && !it->is_null()) {
    if (!it->is_string() || it->get_ref<const std::string&>().size() != 3)
      return "field 'data.currency' is not a 3-letter currency code";
    row.currency = it->get_ref<const std::string&>();
  }
  if (const auto it = data->find("items"); it != data->end() && it->is_array())
    row.item_count = static_cast<std::int32_t>(it->size());
  return std::nullopt;
}

}  // namespace

bool is_valid_timestamp(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, month) || s[7] != '-' ||
      !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second))
    return false;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (year < 1 || !date.ok() || hour > 23 || minute > 59 || second > 59) return false;
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start || pos - start > 9) return false;
  }
  if (pos == s.size()) return true;  // no zone: read as the server's time zone (UTC in the stack)
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return true;
  if (s[pos] != '+' && s[pos] != '-') return false;
  int zone_hours, zone_minutes = 0;
  if (!digits(s, pos + 1, 2, zone_hours) || zone_hours > 15) return false;
  pos += 3;
  if (pos == s.size()) return true;
  if (s[pos] == ':') ++pos;
  return digits(s, pos, 2, zone_minutes) && zone_minutes < 60 && pos + 2 == s.size();
}

std::variant<OrderEventRow, std::string> read_order_event(const Event& event) {
  const Json* doc_ptr = nullptr;
  try {
    doc_ptr = &event.json();
  } catch (const PayloadError& e) {
    return std::string(e.what());
  }
  const Json& doc = *doc_ptr;
  if (!doc.is_object()) return std::string("payload is not a JSON object");

  OrderEventRow row;
  std::string error;
  if (!required_string(doc, "event_id", row.event_id, error) ||
      !required_string(doc, "event_type", row.event_type, error) ||
      !required_string(doc, "order_id", row.order_id, error) ||
      !required_string(doc, "timestamp", row.timestamp, error))
    return error;
  if (!is_valid_timestamp(row.timestamp))
    return "bad timestamp '" + std::string(row.timestamp) + "' in field 'timestamp'";
  if (const auto it = doc.find("user_id"); it != doc.end() && !it->is_null()) {
    if (!it->is_string()) return not_a("user_id", "string");
    row.user_id = it->get_ref<const std::string&>();
  }
  if (const auto it = doc.find("enrichment"); it != doc.end() && !it->is_null()) row.enrichment = &*it;
  if (const auto it = doc.find("fraud"); it != doc.end() && !it->is_null())
    if (auto fraud_error = read_fraud(*it, row)) return *fraud_error;
  if (row.event_type == "ORDER_CREATED") {
    if (!row.user_id) return missing("user_id");
    if (auto data_error = read_order_data(doc, row)) return *data_error;
  }
  // The event as its producer sent it: what the stages added has columns of its own.
  row.payload = event.original_raw();
  if (!event.origin.topic.empty() && event.origin.offset >= 0) {
    row.source_topic = event.origin.topic;
    row.source_partition = event.origin.partition;
    row.source_offset = event.origin.offset;
  }
  return row;
}

}  // namespace streamline::plugins::pg_sink
