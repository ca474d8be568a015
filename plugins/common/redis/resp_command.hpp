#pragma once
// Commands in RESP, Redis's wire format, appended to one buffer that is
// handed to hiredis whole (redisAppendFormattedCommand).
//
// hiredis formats each command itself (redisAppendCommandArgv), through
// sdscatfmt per argument and a second copy into its output buffer: 3 % of
// the engine's profile in the orders pipeline, whose stages pipeline a
// command or a key per event.

#include <string>

#include "redis/redis_reply.hpp"

namespace streamline::plugins::redis {

// Appends `command` as a RESP array of bulk strings:
// *<n>\r\n then $<length>\r\n<bytes>\r\n per argument.
void append_resp_command(std::string& out, const RedisCommand& command);

}  // namespace streamline::plugins::redis
