#pragma once
// DSN helpers: a connection string is a secret as a whole only in its
// password; everything else (host, port, database, user) is what an operator
// needs in a log line.

#include <string>
#include <string_view>

namespace streamline::plugins::postgres {

// The DSN with every password replaced by `***`, in both forms libpq takes:
//   postgresql://user:secret@host:5432/db?password=x  -> postgresql://user:***@host:5432/db?password=***
//   host=h user=u password='se cret' dbname=d         -> host=h user=u password=*** dbname=d
std::string redact_dsn(std::string_view dsn);

}  // namespace streamline::plugins::postgres
