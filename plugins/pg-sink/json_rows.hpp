#pragma once
// JsonRows: the text of a JSON array of flat objects, written member by
// member: the batch's lists that kWriteBatch reads with json_to_recordset
// (order states, refusals, fraud alerts, source positions). Building a
// document per row first (an initializer list makes each member a
// two-element array, then an object) cost more than writing the text, for
// every state of every batch.
//
//   JsonRows rows;
//   rows.begin_row();
//   rows.add("order_id", id);
//   rows.add("sequence", 2);
//   rows.end_row();
//   rows.take();  // [{"order_id":"ord-1","sequence":2}]

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamline::plugins::pg_sink {

class JsonRows {
 public:
  void begin_row();
  void end_row() { text_ += '}'; }

  void add(std::string_view name, std::string_view value);
  void add(std::string_view name, const char* value) { add(name, std::string_view(value)); }
  void add(std::string_view name, const std::string& value) { add(name, std::string_view(value)); }
  // null when absent.
  void add(std::string_view name, const std::optional<std::string_view>& value);
  void add(std::string_view name, std::int64_t value);
  void add(std::string_view name, int value) { add(name, static_cast<std::int64_t>(value)); }
  void add(std::string_view name, double value);
  void add(std::string_view name, const std::optional<double>& value);
  // An array of strings; null when absent.
  void add(std::string_view name, const std::optional<std::vector<std::string>>& values);

  bool empty() const noexcept { return rows_ == 0; }
  std::size_t size() const noexcept { return rows_; }
  // The array ("[]" when no row was added); leaves this empty.
  std::string take();

 private:
  void name(std::string_view name);

  std::string text_;
  std::size_t rows_ = 0;
  bool first_member_ = true;
};

}  // namespace streamline::plugins::pg_sink
