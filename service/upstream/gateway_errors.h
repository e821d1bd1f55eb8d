// The errors this layer makes itself (domain "aqgate"): transport faults,
// unreadable upstream bodies, bad local input. Each is an absl::Status with
// a google.rpc.ErrorInfo payload whose reason names the fault.
#ifndef AQGATE_SERVICE_UPSTREAM_GATEWAY_ERRORS_H_
#define AQGATE_SERVICE_UPSTREAM_GATEWAY_ERRORS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace aqgate::upstream {

// Reasons (google.rpc.ErrorInfo.reason) of domain "aqgate".
// Never connected, so the upstream surely did not act (UNAVAILABLE).
inline constexpr char kReasonConnectFailed[] = "UPSTREAM_CONNECT_FAILED";
// Connected, then the exchange broke; the upstream may have acted (UNAVAILABLE).
inline constexpr char kReasonConnectionError[] = "UPSTREAM_CONNECTION_ERROR";
// A local timeout: the attempt or the call's deadline ran out (DEADLINE_EXCEEDED).
inline constexpr char kReasonTimeout[] = "UPSTREAM_TIMEOUT";
// The TLS handshake failed, e.g. an untrusted certificate (UNAVAILABLE).
inline constexpr char kReasonTlsError[] = "UPSTREAM_TLS_ERROR";
// The response body exceeded the configured limit (INTERNAL).
inline constexpr char kReasonResponseTooLarge[] = "UPSTREAM_RESPONSE_TOO_LARGE";
// A success body that is not the documented JSON shape (INTERNAL).
inline constexpr char kReasonBadResponse[] = "UPSTREAM_BAD_RESPONSE";
// The caller cancelled, or the client shut down (CANCELLED).
inline constexpr char kReasonCancelled[] = "CANCELLED";
// The request cannot be sent as given (INVALID_ARGUMENT).
inline constexpr char kReasonInvalidRequest[] = "INVALID_UPSTREAM_REQUEST";
// No per-call key and no default key (UNAUTHENTICATED).
inline constexpr char kReasonMissingApiKey[] = "MISSING_API_KEY";
// Any other transport failure (INTERNAL).
inline constexpr char kReasonTransportError[] = "UPSTREAM_TRANSPORT_ERROR";

using ErrorMetadata = std::vector<std::pair<std::string, std::string>>;

// A non-OK status (code must not be kOk) with an ErrorInfo of domain "aqgate".
absl::Status GatewayError(absl::StatusCode code, absl::string_view reason,
                          absl::string_view message, const ErrorMetadata& metadata = {});

// The ErrorInfo reason of `status`, or "" when it has none.
std::string ErrorReason(const absl::Status& status);

// Adds (or replaces) one ErrorInfo metadata entry; creates the ErrorInfo in
// domain "aqgate" when the status has none. No-op on OK.
void SetErrorMetadata(absl::Status& status, absl::string_view key, absl::string_view value);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_GATEWAY_ERRORS_H_
