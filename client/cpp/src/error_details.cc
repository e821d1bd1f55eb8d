#include "aqgate/client/error_details.h"

#include "absl/strings/cord.h"
#include "google/rpc/status.pb.h"

namespace aqgate::client {

std::string ErrorDetailTypeUrl(const google::protobuf::Message& detail) {
  return "type.googleapis.com/" + detail.GetDescriptor()->full_name();
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // grpc::StatusCode and absl::StatusCode share their numbering.
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (status.error_details().empty()) return result;
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return result;
  for (const google::protobuf::Any& detail : rich.details()) {
    result.SetPayload(detail.type_url(), absl::Cord(detail.value()));
  }
  return result;
}

}  // namespace aqgate::client
