// RESP as we write it must be byte for byte what hiredis writes for the same
// command: the server reads either.

#include <cstdlib>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>
#include <gtest/gtest.h>

#include "redis/resp_command.hpp"

namespace streamline::plugins::redis {
namespace {

std::string formatted_by_hiredis(const RedisCommand& command) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const std::string& argument : command) {
    argv.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  char* target = nullptr;
  const int length = redisFormatCommandArgv(&target, static_cast<int>(argv.size()), argv.data(), lengths.data());
  std::string text(target, static_cast<std::size_t>(length));
  std::free(target);
  return text;
}

TEST(RespCommand, WritesWhatHiredisWrites) {
  const std::vector<RedisCommand> commands = {
      {"PING"},
      {"SET", "dedup:evt-1", "1", "EX", "86400"},
      {"MGET", "a", "", std::string(1000, 'k')},
      {"SET", std::string("nul\0and\r\nnewline", 16), "\xff\xfe binary"},
  };
  for (const RedisCommand& command : commands) {
    std::string ours;
    append_resp_command(ours, command);
    EXPECT_EQ(ours, formatted_by_hiredis(command)) << command.front();
  }
}

TEST(RespCommand, AppendsCommandsOneAfterTheOther) {
  std::string out = "already here";
  append_resp_command(out, {"GET", "k"});
  append_resp_command(out, {"DEL", "k"});
  EXPECT_EQ(out, "already here*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
}

}  // namespace
}  // namespace streamline::plugins::redis
