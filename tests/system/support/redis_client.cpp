#include "tests/system/support/redis_client.hpp"

#include <stdexcept>
#include <vector>

#include <hiredis/hiredis.h>

namespace streamline::system_tests {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

ReplyPtr command(redisContext* context, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  ReplyPtr reply(static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(args.size()), argv.data(), lengths.data())));
  if (!reply) throw std::runtime_error("redis: " + std::string(context->errstr));
  if (reply->type == REDIS_REPLY_ERROR) throw std::runtime_error("redis " + args.front() + ": " + reply->str);
  return reply;
}

std::string text(const redisReply* reply) { return std::string(reply->str, reply->len); }

}  // namespace

void RedisClient::ContextDeleter::operator()(redisContext* context) const noexcept { redisFree(context); }

RedisClient::RedisClient(const std::string& host, int port, int db) : context_(redisConnect(host.c_str(), port)) {
  if (!context_) throw std::runtime_error("redis: cannot allocate a context");
  if (context_->err) throw std::runtime_error("redis at " + host + ":" + std::to_string(port) + ": " + context_->errstr);
  command(context_.get(), {"SELECT", std::to_string(db)});
}

RedisClient::~RedisClient() = default;

void RedisClient::flush_db() { command(context_.get(), {"FLUSHDB"}); }

std::map<std::string, std::map<std::string, std::string>> RedisClient::hashes(const std::string& prefix) {
  std::vector<std::string> keys;
  std::string cursor = "0";
  do {
    ReplyPtr reply = command(context_.get(), {"SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"});
    cursor = text(reply->element[0]);
    const redisReply* found = reply->element[1];
    for (std::size_t i = 0; i < found->elements; ++i) keys.push_back(text(found->element[i]));
  } while (cursor != "0");

  std::map<std::string, std::map<std::string, std::string>> result;
  for (const auto& key : keys) {
    ReplyPtr reply = command(context_.get(), {"HGETALL", key});
    auto& fields = result[key];
    for (std::size_t i = 0; i + 1 < reply->elements; i += 2)
      fields[text(reply->element[i])] = text(reply->element[i + 1]);
  }
  return result;
}

}  // namespace streamline::system_tests
