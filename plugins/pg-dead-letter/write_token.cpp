#include "write_token.hpp"

#include <array>
#include <charconv>
#include <random>

#include <streamline/batch_fingerprint.hpp>

namespace streamline::plugins::pg_dead_letter {

WriteToken::WriteToken() {
  std::random_device entropy;
  nonce_ = (static_cast<std::uint64_t>(entropy()) << 32) ^ entropy();
}

const std::string& WriteToken::for_batch(const Batch& batch) {
  const bool retry = failed_batch_ && *failed_batch_ == batch_fingerprint(batch);
  failed_batch_.reset();
  if (!retry || token_.empty()) {
    std::array<char, 48> text{};
    char* end = std::to_chars(text.data(), text.data() + text.size(), nonce_, 16).ptr;
    *end++ = '-';
    end = std::to_chars(end, text.data() + text.size(), ++writes_).ptr;
    token_.assign(text.data(), end);
  }
  return token_;
}

void WriteToken::failed(const Batch& batch) { failed_batch_ = batch_fingerprint(batch); }

}  // namespace streamline::plugins::pg_dead_letter
