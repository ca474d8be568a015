#pragma once
// DSN helpers: a connection string is a secret as a whole only in its
// password; everything else (host, port, database, user) is what an operator
// needs in a log line.

#include <string>
#include <string_view>
#include <vector>

namespace streamline::plugins::postgres {

// The DSN with every password replaced by `***`, in both forms libpq takes:
//   postgresql://user:secret@host:5432/db?password=x  -> postgresql://user:***@host:5432/db?password=***
//   host=h user=u password='se cret' dbname=d         -> host=h user=u password=*** dbname=d
// `sslpassword` (the client key's passphrase) is masked the same way.
std::string redact_dsn(std::string_view dsn);

// The passwords `dsn` holds (as written, and percent-decoded for a URI), in
// no particular order; empty when it holds none.
std::vector<std::string> dsn_passwords(std::string_view dsn);

// `text` (a libpq or pqxx message about `dsn`) with `dsn` itself written
// redacted and every password of it, and every piece of one that libpq may
// quote alone (it splits a malformed key=value string at spaces), replaced
// by `***`. libpq quotes the DSN's text in its parse errors:
//   invalid percent-encoded token: "s3cr%zzet"     -> invalid percent-encoded token: "***"
//   missing "=" after "cret" in connection info string  (password='se cret' unquoted)
std::string redact_dsn_secrets(std::string_view text, std::string_view dsn);

}  // namespace streamline::plugins::postgres
