#include "client/cli/error_printer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "aqgate/client/error_details.h"
#include "google/protobuf/util/time_util.h"

namespace aqgate::cli {

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  return absl::StrReplaceAll(text, {{secret, "[REDACTED]"}});
}

std::string FormatError(const absl::Status& status, const std::string& api_key) {
  std::string out = absl::StrCat("error: ", absl::StatusCodeToString(status.code()), ": ",
                                 status.message(), "\n");
  if (auto bad = client::GetErrorDetail<google::rpc::BadRequest>(status)) {
    for (const auto& v : bad->field_violations()) {
      absl::StrAppend(&out, "  field ", v.field(), ": ", v.description(), "\n");
    }
  }
  if (auto info = client::GetErrorDetail<google::rpc::ErrorInfo>(status)) {
    absl::StrAppend(&out, "  reason: ", info->reason());
    if (!info->domain().empty()) absl::StrAppend(&out, " (", info->domain(), ")");
    absl::StrAppend(&out, "\n");
    auto it = info->metadata().find("request_id");
    if (it != info->metadata().end()) absl::StrAppend(&out, "  request id: ", it->second, "\n");
    it = info->metadata().find("detail");
    if (it != info->metadata().end() && it->second != status.message()) {
      absl::StrAppend(&out, "  detail: ", it->second, "\n");
    }
  }
  if (auto retry = client::GetErrorDetail<google::rpc::RetryInfo>(status)) {
    absl::StrAppend(&out, "  retry after: ",
                    google::protobuf::util::TimeUtil::ToString(retry->retry_delay()), "\n");
  }
  return Redact(std::move(out), api_key);
}

}  // namespace aqgate::cli
