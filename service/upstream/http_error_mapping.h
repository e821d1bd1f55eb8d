// The one HTTP -> status ladder (architecture decision 4). A non-2xx
// upstream response becomes an absl::Status carrying
//   - google.rpc.ErrorInfo {reason, domain "arize", metadata: http_status,
//     problem_title/detail/type/instance, request_id, attempts},
//   - google.rpc.RetryInfo when the response had a usable Retry-After,
//   - google.rpc.BadRequest when the problem+json names invalid fields
//     (RFC 9457 "invalid-params" [{name, reason}], or "errors"
//     [{field|name|pointer, message|detail|reason}]).
// An unreadable error body is not an error of its own: the HTTP status
// still decides the code, the problem fields are just absent.
#ifndef AQGATE_SERVICE_UPSTREAM_HTTP_ERROR_MAPPING_H_
#define AQGATE_SERVICE_UPSTREAM_HTTP_ERROR_MAPPING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "service/upstream/http_types.h"

namespace aqgate::upstream {

// 400/422 INVALID_ARGUMENT, 401 UNAUTHENTICATED, 403 PERMISSION_DENIED,
// 404 NOT_FOUND, 409 ALREADY_EXISTS, 429 RESOURCE_EXHAUSTED, 500 INTERNAL,
// 502/503 UNAVAILABLE, 504 DEADLINE_EXCEEDED, 501 UNIMPLEMENTED; by class:
// other 4xx FAILED_PRECONDITION, other 5xx INTERNAL, anything else UNKNOWN.
absl::StatusCode StatusCodeForHttpStatus(int http_status);

// The ErrorInfo reason for an HTTP status, e.g. 404 -> "UPSTREAM_NOT_FOUND".
std::string ReasonForHttpStatus(int http_status);

struct ErrorContext {
  std::string request_id;  // X-Request-Id we sent; may be empty
  absl::Time now;          // for a Retry-After given as a date
};

// `response.status` must not be 2xx.
absl::Status StatusFromHttpResponse(const HttpResponse& response, const ErrorContext& context);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_HTTP_ERROR_MAPPING_H_
