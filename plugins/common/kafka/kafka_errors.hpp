#pragma once
// Error text and error meaning for librdkafka result codes.
//
// Messages name both librdkafka's sentence and its symbolic code, e.g.
//   "Broker: Message size too large (MSG_SIZE_TOO_LARGE)"
// so a dead-letter row or a log line can be searched for either.

#include <string>

#include <librdkafka/rdkafka.h>

namespace streamline::plugins::kafka {

// "<librdkafka description> (<code name>)".
std::string error_text(rd_kafka_resp_err_t err);
// The same for an rd_kafka_error_t (which carries its own detail string).
std::string error_text(const rd_kafka_error_t* error);

// Whether a produce or delivery error is about the message itself (too
// large, invalid record, ...): sending the same bytes again fails the same
// way, so the event fails. Every other error concerns the cluster or the
// connection (timeouts, leader changes, missing topic, authorisation) and
// may pass on a later attempt: the batch is retried.
bool is_message_error(rd_kafka_resp_err_t err) noexcept;

}  // namespace streamline::plugins::kafka
