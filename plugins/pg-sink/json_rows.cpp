#include "json_rows.hpp"

#include <utility>

#include <streamline/json_writer.hpp>

namespace streamline::plugins::pg_sink {

void JsonRows::begin_row() {
  text_ += rows_++ == 0 ? '[' : ',';
  text_ += '{';
  first_member_ = true;
}

std::string JsonRows::take() {
  std::string text = rows_ == 0 ? std::string("[]") : std::move(text_) + ']';
  text_.clear();
  rows_ = 0;
  return text;
}

void JsonRows::name(std::string_view name) {
  if (!first_member_) text_ += ',';
  first_member_ = false;
  write_json_string(name, text_);
  text_ += ':';
}

void JsonRows::add(std::string_view name, std::string_view value) {
  this->name(name);
  write_json_string(value, text_);
}

void JsonRows::add(std::string_view name, const std::optional<std::string_view>& value) {
  if (value) return add(name, *value);
  this->name(name);
  text_ += "null";
}

void JsonRows::add(std::string_view name, std::int64_t value) {
  this->name(name);
  text_ += std::to_string(value);
}

void JsonRows::add(std::string_view name, double value) {
  this->name(name);
  write_json(Json(value), text_);  // nlohmann's number format; null when not finite
}

void JsonRows::add(std::string_view name, const std::optional<double>& value) {
  if (value) return add(name, *value);
  this->name(name);
  text_ += "null";
}

void JsonRows::add(std::string_view name, const std::optional<std::vector<std::string>>& values) {
  this->name(name);
  if (!values) {
    text_ += "null";
    return;
  }
  text_ += '[';
  for (std::size_t i = 0; i < values->size(); ++i) {
    if (i != 0) text_ += ',';
    write_json_string((*values)[i], text_);
  }
  text_ += ']';
}

}  // namespace streamline::plugins::pg_sink
