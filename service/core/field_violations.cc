#include "service/core/field_violations.h"

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "service/core/status_conversion.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::core {

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message =
      violations_.size() == 1
          ? absl::StrCat("invalid request: ", violations_[0].first, ": ", violations_[0].second)
          : absl::StrCat("invalid request: ", violations_.size(), " invalid fields, first ",
                         violations_[0].first, ": ", violations_[0].second);
  absl::Status status = GatewayError(absl::StatusCode::kInvalidArgument, "INVALID_ARGUMENT",
                                     message);
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations_) {
    google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
  }
  upstream::SetDetail(status, bad_request);
  return status;
}

absl::Status InvalidField(std::string field, std::string description) {
  FieldViolations violations;
  violations.Add(std::move(field), std::move(description));
  return violations.ToStatus();
}

}  // namespace aqgate::core
