#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {

std::string RedisReply::describe() const {
  switch (type_) {
    case Type::kNil: return "nil";
    case Type::kString: return "\"" + text_ + "\"";
    case Type::kInteger: return "(integer) " + std::to_string(integer_);
    case Type::kStatus: return "+" + text_;
    case Type::kError: return "-" + text_;
    case Type::kArray: {
      std::string out = "[";
      for (std::size_t i = 0; i < elements_.size(); ++i) out += (i == 0 ? "" : ", ") + elements_[i].describe();
      return out + "]";
    }
  }
  return "?";
}

const char* to_string(RedisReply::Type type) noexcept {
  switch (type) {
    case RedisReply::Type::kNil: return "nil";
    case RedisReply::Type::kString: return "string";
    case RedisReply::Type::kInteger: return "integer";
    case RedisReply::Type::kArray: return "array";
    case RedisReply::Type::kStatus: return "status";
    case RedisReply::Type::kError: return "error";
  }
  return "unknown";
}

}  // namespace streamline::plugins::redis
