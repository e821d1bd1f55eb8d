// google.rpc error details carried inside absl::Status payloads, so that the
// layers below gRPC can say *why* a call failed without depending on gRPC.
// A payload's key is the detail's type URL
// ("type.googleapis.com/google.rpc.ErrorInfo"); its value is the serialized
// message. service/core turns them into grpc::Status details.
#ifndef AQGATE_SERVICE_UPSTREAM_STATUS_PAYLOADS_H_
#define AQGATE_SERVICE_UPSTREAM_STATUS_PAYLOADS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"

namespace aqgate::upstream {

inline std::string DetailTypeUrl(const google::protobuf::Message& detail) {
  return "type.googleapis.com/" + detail.GetDescriptor()->full_name();
}

// Attaches `detail` to a non-OK `status`, replacing a detail of the same type.
inline void SetDetail(absl::Status& status, const google::protobuf::Message& detail) {
  status.SetPayload(DetailTypeUrl(detail), absl::Cord(detail.SerializeAsString()));
}

// The detail of type T carried by `status`, if any.
template <typename T>
std::optional<T> GetDetail(const absl::Status& status) {
  T detail;
  // absl::optional: Debian's abseil is not built on std::optional.
  auto payload = status.GetPayload(DetailTypeUrl(detail));
  if (!payload.has_value() || !detail.ParseFromString(std::string(*payload))) {
    return std::nullopt;
  }
  return detail;
}

// Error reasons (google.rpc.ErrorInfo.reason) and domains used by aqgate.
inline constexpr char kDomainGateway[] = "aqgate";  // the gateway's own errors
inline constexpr char kDomainUpstream[] = "arize";  // errors the upstream reported

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_STATUS_PAYLOADS_H_
