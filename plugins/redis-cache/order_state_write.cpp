#include "order_state_write.hpp"

#include <stdexcept>

#include <streamline/json_writer.hpp>

namespace streamline::plugins::redis_cache {
namespace {

redis::RedisCommand script_command(std::string verb, std::string script_or_sha,
                                   std::span<const OrderStateWrite> writes, std::chrono::milliseconds ttl,
                                   CacheFormat format) {
  std::size_t arguments = 5 + 3 * writes.size();
  for (const OrderStateWrite& write : writes) arguments += write.values.size();
  redis::RedisCommand command;
  command.reserve(arguments);
  command.push_back(std::move(verb));
  command.push_back(std::move(script_or_sha));
  command.push_back(std::to_string(writes.size()));
  for (const OrderStateWrite& write : writes) command.push_back(write.key);
  command.push_back(std::to_string(ttl.count()));
  command.push_back(format == CacheFormat::kJson ? "json" : "hash");
  for (const OrderStateWrite& write : writes) {
    command.push_back(std::to_string(write.sequence));
    command.push_back(std::to_string(write.values.size()));
    command.insert(command.end(), write.values.begin(), write.values.end());
  }
  return command;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> hash_fields(const Json& state) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [name, value] : state.items()) {
    if (value.is_null()) continue;
    fields.emplace_back(name, value.is_string() ? value.get<std::string>() : write_json(value));
  }
  return fields;
}

OrderStateWrite make_order_state_write(const Json& state, std::string_view key_prefix, CacheFormat format) {
  if (!state.is_object()) throw std::invalid_argument("order_state is not an object");
  const auto order_id = state.find("order_id");
  if (order_id == state.end() || !order_id->is_string() || order_id->get_ref<const std::string&>().empty())
    throw std::invalid_argument("order_state has no order_id (a non-empty string)");
  const auto sequence = state.find("sequence");
  if (sequence == state.end() || !sequence->is_number_integer())
    throw std::invalid_argument("order_state has no sequence (an integer)");

  OrderStateWrite write;
  write.key = std::string(key_prefix) + order_id->get<std::string>();
  write.sequence = sequence->get<std::int64_t>();
  if (format == CacheFormat::kJson) {
    write.values.push_back(write_json(state));
  } else {
    for (auto& [name, value] : hash_fields(state)) {
      write.values.push_back(std::move(name));
      write.values.push_back(std::move(value));
    }
  }
  return write;
}

redis::RedisCommand evalsha_command(const std::string& sha, std::span<const OrderStateWrite> writes,
                                    std::chrono::milliseconds ttl, CacheFormat format) {
  return script_command("EVALSHA", sha, writes, ttl, format);
}

redis::RedisCommand eval_command(std::string_view script, std::span<const OrderStateWrite> writes,
                                 std::chrono::milliseconds ttl, CacheFormat format) {
  return script_command("EVAL", std::string(script), writes, ttl, format);
}

}  // namespace streamline::plugins::redis_cache
