#include "redis/redis_connection.hpp"

#include <cerrno>
#include <stdexcept>
#include <sys/time.h>

#include <hiredis/hiredis.h>

#include "redis/hiredis_reply.hpp"
#include "redis/redis_errors.hpp"
#include "redis/resp_command.hpp"

namespace streamline::plugins::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  return tv;
}

struct ReplyDeleter {
  void operator()(void* reply) const noexcept { freeReplyObject(reply); }
};

}  // namespace

void RedisConnection::ContextDeleter::operator()(redisContext* context) const noexcept { redisFree(context); }

RedisConnection::RedisConnection(const RedisOptions& options)
    : endpoint_(options.endpoint), command_timeout_(options.command_timeout) {
  const std::string address = endpoint_.address();
  context_.reset(redisConnectWithTimeout(endpoint_.host.c_str(), endpoint_.port, to_timeval(options.connect_timeout)));
  if (!context_) throw RedisUnavailable("cannot connect to redis at " + address + ": out of memory");
  if (context_->err != 0) throw RedisUnavailable("cannot connect to redis at " + address + ": " + context_->errstr);
  // Without a read timeout a server that stops answering would block the
  // stage for ever; keepalive finds a peer that vanished without a FIN.
  if (redisSetTimeout(context_.get(), to_timeval(command_timeout_)) != REDIS_OK ||
      redisEnableKeepAlive(context_.get()) != REDIS_OK)
    throw RedisUnavailable("cannot connect to redis at " + address + ": " + context_->errstr);

  if (!endpoint_.password.empty()) {
    const RedisReply reply = endpoint_.user.empty() ? command({"AUTH", endpoint_.password})
                                                    : command({"AUTH", endpoint_.user, endpoint_.password});
    if (reply.is_error()) throw RedisUnavailable("redis at " + address + " refused AUTH: " + reply.text());
  }
  if (endpoint_.db != 0) {
    const RedisReply reply = command({"SELECT", std::to_string(endpoint_.db)});
    if (reply.is_error())
      throw RedisUnavailable("redis at " + address + " refused SELECT " + std::to_string(endpoint_.db) + ": " +
                             reply.text());
  }
}

RedisConnection::~RedisConnection() = default;

std::vector<RedisReply> RedisConnection::pipeline(const std::vector<RedisCommand>& commands) {
  if (broken_) throw RedisUnavailable("the connection to redis at " + endpoint_.address() + " is broken");
  std::string wire;
  for (const RedisCommand& command : commands) {
    if (command.empty()) throw std::invalid_argument("empty redis command");
    append_resp_command(wire, command);
  }
  // Only buffers the commands; the first redisGetReply writes them all.
  if (!wire.empty() && redisAppendFormattedCommand(context_.get(), wire.data(), wire.size()) != REDIS_OK)
    fail(errno);
  std::vector<RedisReply> replies;
  replies.reserve(commands.size());
  for (std::size_t i = 0; i < commands.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(context_.get(), &raw) != REDIS_OK || raw == nullptr) fail(errno);
    const std::unique_ptr<void, ReplyDeleter> reply(raw);
    replies.push_back(to_redis_reply(*static_cast<const redisReply*>(raw)));
  }
  return replies;
}

RedisReply RedisConnection::command(const RedisCommand& command) {
  std::vector<RedisReply> replies = pipeline({command});
  return std::move(replies.front());
}

void RedisConnection::fail(int error_number) {
  broken_ = true;
  const std::string address = endpoint_.address();
  // hiredis reports a read timeout as an I/O error with errno EAGAIN.
  if (context_->err == REDIS_ERR_IO && (error_number == EAGAIN || error_number == EWOULDBLOCK))
    throw RedisUnavailable("redis at " + address + " did not answer within " +
                           std::to_string(command_timeout_.count()) + "ms");
  throw RedisUnavailable("lost the connection to redis at " + address + ": " + context_->errstr);
}

}  // namespace streamline::plugins::redis
