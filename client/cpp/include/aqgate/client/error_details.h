// The google.rpc details of a failed call, kept inside the absl::Status the
// client returns. Each detail of the gRPC status (google.rpc.Status.details)
// becomes one payload: key = the detail's type URL
// ("type.googleapis.com/google.rpc.BadRequest"), value = its serialized
// bytes (the convention service/upstream/status_payloads.h uses too).
//
//   absl::StatusOr<GetAnnotationQueueResponse> r = client.GetAnnotationQueue(req);
//   if (auto bad = GetErrorDetail<google::rpc::BadRequest>(r.status())) { ... }
#ifndef AQGATE_CLIENT_ERROR_DETAILS_H_
#define AQGATE_CLIENT_ERROR_DETAILS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/support/status.h"

namespace aqgate::client {

// The absl::Status of a gRPC status: same code and message, plus every
// decodable detail of error_details() as a payload. A detail blob that does
// not parse as google.rpc.Status is ignored (the code and message stay).
absl::Status FromGrpcStatus(const grpc::Status& status);

// The type URL a detail of this message type is stored under.
std::string ErrorDetailTypeUrl(const google::protobuf::Message& detail);

// The detail of type T (google::rpc::BadRequest, ErrorInfo, RetryInfo, ...)
// carried by `status`, if any.
template <typename T>
std::optional<T> GetErrorDetail(const absl::Status& status) {
  T detail;
  auto payload = status.GetPayload(ErrorDetailTypeUrl(detail));  // absl::optional
  if (!payload.has_value() || !detail.ParseFromString(std::string(*payload))) {
    return std::nullopt;
  }
  return detail;
}

}  // namespace aqgate::client

#endif  // AQGATE_CLIENT_ERROR_DETAILS_H_
