// The StreamRecords resume token: where a new stream continues so that it
// neither skips nor repeats a record. Opaque to clients (versioned,
// base64url-encoded); it names the queue, the upstream cursor of the page the
// last delivered record came from (empty = the first page), the page size
// that page was fetched with, the index just after the last delivered record
// within that page, and that record's ID (the resume skips by ID, falling
// back to the index when the record is gone).
#ifndef AQGATE_SERVICE_CORE_RESUME_TOKEN_H_
#define AQGATE_SERVICE_CORE_RESUME_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aqgate::core {

struct ResumeToken {
  std::string queue_id;
  std::string cursor;
  int32_t page_size = 0;
  int32_t index = 0;
  std::string last_record_id;
};

std::string EncodeResumeToken(const ResumeToken& token);

// INVALID_ARGUMENT (BadRequest field "resume_token") when `text` is not a
// token this gateway made.
absl::StatusOr<ResumeToken> DecodeResumeToken(absl::string_view text);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_RESUME_TOKEN_H_
