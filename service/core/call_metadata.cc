#include "service/core/call_metadata.h"

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "service/core/status_conversion.h"

namespace aqgate::core {
namespace {

constexpr size_t kMaxRequestIdChars = 128;

absl::string_view ToView(const grpc::string_ref& ref) {
  return absl::string_view(ref.data(), ref.size());
}

bool ValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdChars) return false;
  for (char c : id) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

std::string NewRequestId() {
  static absl::Mutex* const mu = new absl::Mutex();
  static absl::BitGen* const gen = new absl::BitGen();
  absl::MutexLock lock(mu);
  const uint64_t high = absl::Uniform<uint64_t>(*gen);
  const uint64_t low = absl::Uniform<uint64_t>(*gen);
  return absl::StrFormat("%016x%016x", high, low);
}

absl::Status Unauthenticated(absl::string_view reason, absl::string_view message) {
  return GatewayError(absl::StatusCode::kUnauthenticated, reason, message);
}

}  // namespace

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("x-request-id");
  if (it != metadata.end() && ValidRequestId(ToView(it->second))) {
    return std::string(ToView(it->second));
  }
  return NewRequestId();
}

std::optional<absl::Time> CallerDeadline(const grpc::ServerContextBase& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  // gRPC reports "no deadline" as a time point at (or near) the end of time.
  if (deadline >= std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 100)) {
    return std::nullopt;
  }
  return absl::FromChrono(deadline);
}

absl::Time DeadlineOf(const grpc::ServerContextBase& context, absl::Duration fallback) {
  return CallerDeadline(context).value_or(absl::Now() + fallback);
}

absl::Status ReadCredentials(const grpc::ServerContextBase& context, bool require_caller_key,
                             upstream::CallContext& ctx) {
  const auto& metadata = context.client_metadata();
  auto range = metadata.equal_range("authorization");
  if (range.first == range.second) {
    if (require_caller_key) {
      return Unauthenticated("CALLER_KEY_REQUIRED",
                             "this gateway requires `authorization: Bearer <Arize API key>` "
                             "metadata on every call");
    }
    return absl::OkStatus();
  }
  if (std::next(range.first) != range.second) {
    return Unauthenticated("MALFORMED_AUTHORIZATION", "more than one authorization metadata value");
  }
  absl::string_view value = ToView(range.first->second);
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return Unauthenticated("MALFORMED_AUTHORIZATION",
                           "authorization metadata must be `Bearer <Arize API key>`");
  }
  absl::string_view key = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  bool printable = !key.empty();
  for (char c : key) {
    if (c <= ' ' || c > '~') printable = false;
  }
  if (!printable) {
    return Unauthenticated("MALFORMED_AUTHORIZATION",
                           "authorization metadata must be `Bearer <Arize API key>`");
  }
  ctx.api_key = std::string(key);
  return absl::OkStatus();
}

}  // namespace aqgate::core
