// Errors of the emulated API. Handlers fail with an absl::Status made here;
// the HTTP layer turns it into an RFC 9457 application/problem+json body.
//   InvalidArgument -> 400 (malformed or out-of-limit request fields)
//   FailedPrecondition -> 422 (well-formed, but invalid against stored state)
//   Unauthenticated -> 401, PermissionDenied -> 403, NotFound -> 404,
//   AlreadyExists -> 409, ResourceExhausted -> 429, anything else -> 500.
// The offending field travels in a payload and is echoed in the body as
// "invalid_params": [{"name": field, "reason": detail}].
#ifndef AQGATE_TESTS_EMULATOR_PROBLEM_H_
#define AQGATE_TESTS_EMULATOR_PROBLEM_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aqgate::emulator {

absl::Status BadRequest(absl::string_view field, absl::string_view detail);
absl::Status Unprocessable(absl::string_view field, absl::string_view detail);
absl::Status Unauthenticated(absl::string_view detail);
absl::Status Forbidden(absl::string_view detail);
absl::Status NotFound(absl::string_view detail);
absl::Status Conflict(absl::string_view field, absl::string_view detail);

int HttpStatusOf(const absl::Status& status);

// {"type", "title", "status", "detail", "instance", "invalid_params"?}.
std::string ProblemJson(const absl::Status& status, absl::string_view instance);
// A problem body for a plain HTTP status (used by fault injection).
std::string ProblemJsonForStatus(int http_status, absl::string_view detail,
                                 absl::string_view instance);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_PROBLEM_H_
