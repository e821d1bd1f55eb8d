// Credentials for upstream calls (architecture decision 6): the call's own
// key, else the configured default, sent as "Authorization: Bearer <key>".
// Keys are never logged and never put into an error: RedactSecret scrubs a
// key from any status text the upstream might have echoed it into.
#ifndef AQGATE_SERVICE_UPSTREAM_CREDENTIALS_H_
#define AQGATE_SERVICE_UPSTREAM_CREDENTIALS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aqgate::upstream {

// The key to use: `call_key` if not empty, else `default_key`.
// UNAUTHENTICATED (reason MISSING_API_KEY) when both are empty, or when the
// key has characters an HTTP header cannot carry (the key is not quoted).
absl::StatusOr<std::string> SelectApiKey(absl::string_view call_key, absl::string_view default_key);

// "Bearer <key>".
std::string BearerAuthorization(absl::string_view key);

// Replaces every occurrence of `secret` in the status message and in the
// ErrorInfo metadata / BadRequest descriptions with "[REDACTED]".
void RedactSecret(absl::Status& status, absl::string_view secret);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_CREDENTIALS_H_
