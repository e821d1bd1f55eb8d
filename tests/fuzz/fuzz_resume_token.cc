// Fuzzes resume-token parsing: a token that is not ours is a clean
// INVALID_ARGUMENT, and a token that parses re-encodes to one that parses
// to the same values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/core/resume_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace core = ::aqgate::core;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<core::ResumeToken> token = core::DecodeResumeToken(text);
  if (!token.ok()) {
    if (token.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  absl::StatusOr<core::ResumeToken> again = core::DecodeResumeToken(core::EncodeResumeToken(*token));
  if (!again.ok() || again->queue_id != token->queue_id || again->cursor != token->cursor ||
      again->page_size != token->page_size || again->index != token->index ||
      again->last_record_id != token->last_record_id) {
    std::abort();
  }
  return 0;
}
