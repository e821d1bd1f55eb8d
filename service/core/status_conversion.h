// absl::Status (with google.rpc detail payloads, see
// service/upstream/status_payloads.h) -> grpc::Status whose binary details
// are a serialized google.rpc.Status. Also the constructors of the gateway's
// own errors, so every error the service returns carries an ErrorInfo.
#ifndef AQGATE_SERVICE_CORE_STATUS_CONVERSION_H_
#define AQGATE_SERVICE_CORE_STATUS_CONVERSION_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace aqgate::core {

// An error of the gateway itself: `code` with an ErrorInfo (domain "aqgate",
// `reason`, `metadata`). Never put a secret into `message` or `metadata`.
absl::Status GatewayError(absl::StatusCode code, absl::string_view reason,
                          absl::string_view message,
                          const std::map<std::string, std::string>& metadata = {});

// Converts `status` for the wire. The result's error_details() is a
// google.rpc.Status with the same code and message and every google.rpc
// payload of `status` as an Any. An ErrorInfo is always present (one with
// domain "aqgate" and the code's name as reason is made when `status` has
// none); its metadata gains "request_id".
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view request_id);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_STATUS_CONVERSION_H_
