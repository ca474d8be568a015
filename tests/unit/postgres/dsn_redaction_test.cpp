// DSN redaction: what logs show of a connection string, and libpq's messages
// about a malformed one with every password (and piece of one) masked.
// The messages below are libpq 15's, as it words them.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "postgres/dsn.hpp"

namespace streamline::plugins::postgres {
namespace {

TEST(DsnRedaction, MasksSslpasswordLikePassword) {
  EXPECT_EQ(redact_dsn("postgresql://app:pw@db/orders?sslmode=verify-full&sslpassword=keypass"),
            "postgresql://app:***@db/orders?sslmode=verify-full&sslpassword=***");
  EXPECT_EQ(redact_dsn("host=db sslmode=require sslrootcert=/etc/ca.pem sslpassword=keypass"),
            "host=db sslmode=require sslrootcert=/etc/ca.pem sslpassword=***");
}

TEST(DsnRedaction, MasksTheSecondHalfOfAnUnquotedPasswordWithASpace) {
  // libpq refuses it; the pool still logs the DSN it was given.
  EXPECT_EQ(redact_dsn("host=db password=se cret dbname=orders"), "host=db password=*** *** dbname=orders");
}

TEST(DsnRedaction, FindsThePasswordsInEveryForm) {
  EXPECT_EQ(dsn_passwords("postgresql://app:s3cr%40t@db/orders?password=two&sslpassword=three"),
            (std::vector<std::string>{"s3cr%40t", "s3cr@t", "two", "three"}));
  EXPECT_EQ(dsn_passwords("host=db password='a b' sslpassword=k3y user=password"),
            (std::vector<std::string>{"a b", "k3y"}));
  EXPECT_EQ(dsn_passwords("host=db password=se cret"), (std::vector<std::string>{"se", "cret"}));
  EXPECT_TRUE(dsn_passwords("postgresql://app@db/orders").empty());
}

TEST(DsnRedaction, MasksWhatLibpqQuotesOfAMalformedDsn) {
  EXPECT_EQ(redact_dsn_secrets("invalid percent-encoded token: \"s3cr%zzet\"\n",
                               "postgresql://u:s3cr%zzet@127.0.0.1:1/db"),
            "invalid percent-encoded token: \"***\"\n");
  EXPECT_EQ(redact_dsn_secrets("missing \"=\" after \"cret\" in connection info string\n",
                               "host=127.0.0.1 password=se cret"),
            "missing \"=\" after \"***\" in connection info string\n");
  const std::string uri = "postgresql://u:s3cret@[::1/db";
  EXPECT_EQ(redact_dsn_secrets("end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"" +
                                   uri + "\"\n",
                               uri),
            "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
            "\"postgresql://u:***@[::1/db\"\n");
  EXPECT_EQ(redact_dsn_secrets("connection refused", "postgresql://u:s3cret@db/x"), "connection refused");
}

}  // namespace
}  // namespace streamline::plugins::postgres
