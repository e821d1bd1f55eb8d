#include "service/upstream/gateway_errors.h"

#include <optional>
#include <string>

#include "google/rpc/error_details.pb.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {

absl::Status GatewayError(absl::StatusCode code, absl::string_view reason,
                          absl::string_view message, const ErrorMetadata& metadata) {
  absl::Status status(code, message);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kDomainGateway);
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  SetDetail(status, info);
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  std::optional<google::rpc::ErrorInfo> info = GetDetail<google::rpc::ErrorInfo>(status);
  return info.has_value() ? info->reason() : std::string();
}

void SetErrorMetadata(absl::Status& status, absl::string_view key, absl::string_view value) {
  if (status.ok()) return;
  google::rpc::ErrorInfo info =
      GetDetail<google::rpc::ErrorInfo>(status).value_or(google::rpc::ErrorInfo());
  if (info.domain().empty()) info.set_domain(kDomainGateway);
  (*info.mutable_metadata())[std::string(key)] = std::string(value);
  SetDetail(status, info);
}

}  // namespace aqgate::upstream
