#include "service/core/status_conversion.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::core {
namespace {

constexpr absl::string_view kGoogleRpcTypeUrlPrefix = "type.googleapis.com/google.rpc.";

}  // namespace

absl::Status GatewayError(absl::StatusCode code, absl::string_view reason,
                          absl::string_view message,
                          const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  google::rpc::ErrorInfo info;
  info.set_domain(upstream::kDomainGateway);
  info.set_reason(std::string(reason));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  upstream::SetDetail(status, info);
  return status;
}

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view request_id) {
  if (status.ok()) return grpc::Status::OK;

  google::rpc::ErrorInfo info;
  if (std::optional<google::rpc::ErrorInfo> existing =
          upstream::GetDetail<google::rpc::ErrorInfo>(status)) {
    info = *std::move(existing);
  } else {
    info.set_domain(upstream::kDomainGateway);
    info.set_reason(absl::StatusCodeToString(status.code()));
  }
  if (!request_id.empty()) (*info.mutable_metadata())["request_id"] = std::string(request_id);

  google::rpc::Status wire;
  wire.set_code(static_cast<int>(status.code()));
  wire.set_message(std::string(status.message()));
  // ErrorInfo first: it is the detail every client looks for.
  wire.add_details()->PackFrom(info);
  const std::string info_url = upstream::DetailTypeUrl(info);
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (type_url == info_url || !absl::StartsWith(type_url, kGoogleRpcTypeUrlPrefix)) return;
    google::protobuf::Any* any = wire.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()), wire.SerializeAsString());
}

}  // namespace aqgate::core
