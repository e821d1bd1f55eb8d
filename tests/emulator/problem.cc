#include "tests/emulator/problem.h"

#include <optional>

#include "absl/strings/cord.h"
#include "nlohmann/json.hpp"

namespace aqgate::emulator {
namespace {

constexpr char kFieldPayload[] = "aqgate.emulator/field";
constexpr char kDocs[] = "https://arize.com/docs/ax/rest-reference/errors#";

absl::Status WithField(absl::Status status, absl::string_view field) {
  if (!field.empty()) status.SetPayload(kFieldPayload, absl::Cord(field));
  return status;
}

struct ProblemKind {
  const char* title;
  const char* anchor;
};

ProblemKind KindOf(int http_status) {
  switch (http_status) {
    case 400: return {"Invalid request parameters", "invalid-request"};
    case 401: return {"Authentication required", "authentication-required"};
    case 403: return {"Access forbidden", "access-forbidden"};
    case 404: return {"Resource not found", "resource-not-found"};
    case 405: return {"Method not allowed", "method-not-allowed"};
    case 409: return {"Resource conflict", "resource-conflict"};
    case 422: return {"Unprocessable Entity", "unprocessable-entity"};
    case 429: return {"Rate limit exceeded", "rate-limit-exceeded"};
    case 500: return {"Internal Server Error", "internal-error"};
    case 502: return {"Bad Gateway", "bad-gateway"};
    case 503: return {"Service Unavailable", "service-unavailable"};
    case 504: return {"Gateway Timeout", "gateway-timeout"};
    default: return {"Error", "error"};
  }
}

nlohmann::json Problem(int http_status, absl::string_view detail, absl::string_view instance) {
  ProblemKind kind = KindOf(http_status);
  return {{"type", std::string(kDocs) + kind.anchor},
          {"title", kind.title},
          {"status", http_status},
          {"detail", std::string(detail)},
          {"instance", std::string(instance)}};
}

}  // namespace

absl::Status BadRequest(absl::string_view field, absl::string_view detail) {
  return WithField(absl::InvalidArgumentError(detail), field);
}
absl::Status Unprocessable(absl::string_view field, absl::string_view detail) {
  return WithField(absl::FailedPreconditionError(detail), field);
}
absl::Status Unauthenticated(absl::string_view detail) {
  return absl::UnauthenticatedError(detail);
}
absl::Status Forbidden(absl::string_view detail) { return absl::PermissionDeniedError(detail); }
absl::Status NotFound(absl::string_view detail) { return absl::NotFoundError(detail); }
absl::Status Conflict(absl::string_view field, absl::string_view detail) {
  return WithField(absl::AlreadyExistsError(detail), field);
}

int HttpStatusOf(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk: return 200;
    case absl::StatusCode::kInvalidArgument: return 400;
    case absl::StatusCode::kFailedPrecondition: return 422;
    case absl::StatusCode::kUnauthenticated: return 401;
    case absl::StatusCode::kPermissionDenied: return 403;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kAlreadyExists: return 409;
    case absl::StatusCode::kResourceExhausted: return 429;
    default: return 500;
  }
}

std::string ProblemJson(const absl::Status& status, absl::string_view instance) {
  const int http_status = HttpStatusOf(status);
  // Internal errors keep their details in the emulator's own log.
  nlohmann::json body = Problem(
      http_status, http_status == 500 ? "internal error" : status.message(), instance);
  auto field = status.GetPayload(kFieldPayload);
  if (field.has_value()) {
    body["invalid_params"] = nlohmann::json::array(
        {{{"name", std::string(*field)}, {"reason", std::string(status.message())}}});
  }
  return body.dump();
}

std::string ProblemJsonForStatus(int http_status, absl::string_view detail,
                                 absl::string_view instance) {
  return Problem(http_status, detail, instance).dump();
}

}  // namespace aqgate::emulator
