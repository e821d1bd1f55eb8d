#include "service/upstream/http_error_mapping.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"
#include "nlohmann/json.hpp"
#include "service/upstream/retry_after.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {
namespace {

using nlohmann::json;

// Upstream text is copied into errors; bound it so a huge body cannot
// bloat every log line and status.
constexpr std::size_t kMaxTextBytes = 1024;

std::string Bounded(const std::string& text) {
  if (text.size() <= kMaxTextBytes) return text;
  return text.substr(0, kMaxTextBytes) + "...";
}

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return "";
  return Bounded(it->get<std::string>());
}

// The first string among `keys` in `object`.
std::string FirstString(const json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    std::string value = StringField(object, key);
    if (!value.empty()) return value;
  }
  return "";
}

void AddFieldViolations(const json& problem, google::rpc::BadRequest& bad_request) {
  for (const char* list_key : {"invalid-params", "invalid_params", "errors"}) {
    auto it = problem.find(list_key);
    if (it == problem.end() || !it->is_array()) continue;
    for (const json& item : *it) {
      if (!item.is_object()) continue;
      std::string field = FirstString(item, {"name", "field", "pointer"});
      std::string reason = FirstString(item, {"reason", "message", "detail"});
      if (field.empty() && reason.empty()) continue;
      auto* violation = bad_request.add_field_violations();
      violation->set_field(field);
      violation->set_description(reason);
    }
  }
}

}  // namespace

absl::StatusCode StatusCodeForHttpStatus(int http_status) {
  switch (http_status) {
    case 400:
    case 422: return absl::StatusCode::kInvalidArgument;
    case 401: return absl::StatusCode::kUnauthenticated;
    case 403: return absl::StatusCode::kPermissionDenied;
    case 404: return absl::StatusCode::kNotFound;
    case 409: return absl::StatusCode::kAlreadyExists;
    case 429: return absl::StatusCode::kResourceExhausted;
    case 500: return absl::StatusCode::kInternal;
    case 501: return absl::StatusCode::kUnimplemented;
    case 502:
    case 503: return absl::StatusCode::kUnavailable;
    case 504: return absl::StatusCode::kDeadlineExceeded;
    default: break;
  }
  if (http_status >= 400 && http_status < 500) return absl::StatusCode::kFailedPrecondition;
  if (http_status >= 500 && http_status < 600) return absl::StatusCode::kInternal;
  return absl::StatusCode::kUnknown;
}

std::string ReasonForHttpStatus(int http_status) {
  switch (http_status) {
    case 400: return "UPSTREAM_BAD_REQUEST";
    case 401: return "UPSTREAM_UNAUTHENTICATED";
    case 403: return "UPSTREAM_PERMISSION_DENIED";
    case 404: return "UPSTREAM_NOT_FOUND";
    case 409: return "UPSTREAM_CONFLICT";
    case 422: return "UPSTREAM_VALIDATION_FAILED";
    case 429: return "UPSTREAM_RATE_LIMITED";
    case 500: return "UPSTREAM_INTERNAL_ERROR";
    case 501: return "UPSTREAM_NOT_IMPLEMENTED";
    case 502: return "UPSTREAM_BAD_GATEWAY";
    case 503: return "UPSTREAM_UNAVAILABLE";
    case 504: return "UPSTREAM_GATEWAY_TIMEOUT";
    default: return absl::StrCat("UPSTREAM_HTTP_", http_status);
  }
}

absl::Status StatusFromHttpResponse(const HttpResponse& response, const ErrorContext& context) {
  google::rpc::ErrorInfo info;
  info.set_reason(ReasonForHttpStatus(response.status));
  info.set_domain(kDomainUpstream);
  auto& metadata = *info.mutable_metadata();
  metadata["http_status"] = absl::StrCat(response.status);
  metadata["attempts"] = absl::StrCat(response.attempts);
  if (!context.request_id.empty()) metadata["request_id"] = context.request_id;

  google::rpc::BadRequest bad_request;
  std::string title;
  std::string detail;
  json problem = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (problem.is_object()) {
    title = StringField(problem, "title");
    detail = StringField(problem, "detail");
    const std::pair<const char*, const char*> fields[] = {
        {"title", "problem_title"}, {"detail", "problem_detail"},
        {"type", "problem_type"}, {"instance", "problem_instance"}};
    for (const auto& [json_key, metadata_key] : fields) {
      std::string value = StringField(problem, json_key);
      if (!value.empty()) metadata[metadata_key] = value;
    }
    AddFieldViolations(problem, bad_request);
  }

  std::string message = absl::StrCat("upstream returned HTTP ", response.status);
  if (!title.empty()) absl::StrAppend(&message, " ", title);
  if (!detail.empty()) absl::StrAppend(&message, ": ", detail);

  absl::Status status(StatusCodeForHttpStatus(response.status), message);
  SetDetail(status, info);
  if (bad_request.field_violations_size() > 0) SetDetail(status, bad_request);
  if (std::optional<std::string> header = response.Header("retry-after")) {
    if (std::optional<absl::Duration> delay = ParseRetryAfter(*header, context.now)) {
      google::rpc::RetryInfo retry;
      absl::Duration remainder;
      const int64_t seconds = absl::IDivDuration(*delay, absl::Seconds(1), &remainder);
      retry.mutable_retry_delay()->set_seconds(seconds);
      retry.mutable_retry_delay()->set_nanos(
          static_cast<int32_t>(absl::ToInt64Nanoseconds(remainder)));
      SetDetail(status, retry);
    }
  }
  return status;
}

}  // namespace aqgate::upstream
