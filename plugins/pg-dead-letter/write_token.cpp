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

namespace {

// Never throws: a batch that cannot be fingerprinted (an event whose text
// cannot be written) is never taken for a retry, which can only count its
// failures twice, never lose them.
std::optional<std::uint64_t> fingerprint_of(const Batch& batch) noexcept {
  try {
    return batch_fingerprint(batch);
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

const std::string& WriteToken::for_batch(const Batch& batch) {
  const bool retry = failed_batch_ && fingerprint_of(batch) == failed_batch_;
  failed_batch_.reset();
  if (!retry) {
    std::array<char, 48> text{};
    char* end = std::to_chars(text.data(), text.data() + text.size(), nonce_, 16).ptr;
    *end++ = '-';
    end = std::to_chars(end, text.data() + text.size(), ++writes_).ptr;
    token_.assign(text.data(), end);
  }
  return token_;
}

void WriteToken::failed(const Batch& batch) noexcept { failed_batch_ = fingerprint_of(batch); }

}  // namespace streamline::plugins::pg_dead_letter
