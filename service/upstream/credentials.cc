#include "service/upstream/credentials.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/rpc/error_details.pb.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {
namespace {

constexpr char kRedacted[] = "[REDACTED]";

bool IsHeaderSafe(absl::string_view key) {
  for (char c : key) {
    if (c <= 0x20 || c >= 0x7f) return false;  // visible ASCII only (RFC 6750 b64token-ish)
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> SelectApiKey(absl::string_view call_key, absl::string_view default_key) {
  absl::string_view key = call_key.empty() ? default_key : call_key;
  if (key.empty()) {
    return GatewayError(absl::StatusCode::kUnauthenticated, kReasonMissingApiKey,
                        "no Arize API key: send `authorization: Bearer <key>` metadata or "
                        "configure the gateway's default key");
  }
  if (!IsHeaderSafe(key)) {
    return GatewayError(absl::StatusCode::kUnauthenticated, kReasonMissingApiKey,
                        "the Arize API key contains characters not allowed in an HTTP header");
  }
  return std::string(key);
}

std::string BearerAuthorization(absl::string_view key) { return absl::StrCat("Bearer ", key); }

void RedactSecret(absl::Status& status, absl::string_view secret) {
  if (status.ok() || secret.empty()) return;
  const std::string secret_text(secret);
  auto scrub = [&secret_text](const std::string& text) {
    return absl::StrReplaceAll(text, {{secret_text, kRedacted}});
  };
  absl::Status redacted(status.code(), scrub(std::string(status.message())));
  status.ForEachPayload([&redacted](absl::string_view type_url, const absl::Cord& payload) {
    redacted.SetPayload(type_url, payload);
  });
  if (std::optional<google::rpc::ErrorInfo> info = GetDetail<google::rpc::ErrorInfo>(redacted)) {
    for (auto& [key, value] : *info->mutable_metadata()) value = scrub(value);
    SetDetail(redacted, *info);
  }
  if (std::optional<google::rpc::BadRequest> bad = GetDetail<google::rpc::BadRequest>(redacted)) {
    for (auto& violation : *bad->mutable_field_violations()) {
      violation.set_description(scrub(violation.description()));
      violation.set_field(scrub(violation.field()));
    }
    SetDetail(redacted, *bad);
  }
  status = std::move(redacted);
}

}  // namespace aqgate::upstream
