#include "tests/emulator/faults.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace aqgate::emulator {
namespace {

constexpr std::pair<FaultKind, const char*> kKinds[] = {
    {FaultKind::kStatus, "status"},
    {FaultKind::kLatency, "latency"},
    {FaultKind::kDropConnection, "drop_connection"},
    {FaultKind::kMalformedJson, "malformed_json"},
    {FaultKind::kTruncatedJson, "truncated_json"},
    {FaultKind::kOversizedBody, "oversized_body"},
    {FaultKind::kStall, "stall"},
};

absl::Status Bad(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("fault '", field, "' ", what));
}

absl::StatusOr<int64_t> NonNegative(const nlohmann::json& json, const char* key, int64_t fallback,
                                    int64_t max) {
  auto it = json.find(key);
  if (it == json.end()) return fallback;
  if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > max) {
    return Bad(key, absl::StrCat("must be an integer in [0, ", max, "]"));
  }
  return it->get<int64_t>();
}

absl::StatusOr<std::string> StringField(const nlohmann::json& json, const char* key,
                                        const std::string& fallback) {
  auto it = json.find(key);
  if (it == json.end()) return fallback;
  if (!it->is_string()) return Bad(key, "must be a string");
  return it->get<std::string>();
}

}  // namespace

absl::string_view FaultKindName(FaultKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "unknown";
}

absl::StatusOr<FaultSpec> ParseFaultSpec(const nlohmann::json& json) {
  if (!json.is_object()) return absl::InvalidArgumentError("a fault must be a JSON object");
  FaultSpec spec;
  absl::StatusOr<std::string> kind = StringField(json, "kind", "");
  if (!kind.ok()) return kind.status();
  bool known = false;
  for (const auto& [k, name] : kKinds) {
    if (*kind == name) {
      spec.kind = k;
      known = true;
    }
  }
  if (!known) return Bad("kind", "must be one of status, latency, drop_connection, "
                                 "malformed_json, truncated_json, oversized_body, stall");
  absl::StatusOr<int64_t> status = NonNegative(json, "status", 503, 599);
  if (!status.ok()) return status.status();
  if (*status < 100) return Bad("status", "must be an HTTP status");
  spec.status = static_cast<int>(*status);
  auto retry_after = json.find("retry_after");
  if (retry_after != json.end()) {
    if (retry_after->is_string()) {
      spec.retry_after = retry_after->get<std::string>();
    } else if (retry_after->is_number_integer()) {
      spec.retry_after = std::to_string(retry_after->get<int64_t>());
    } else {
      return Bad("retry_after", "must be a string or an integer");
    }
  }
  if (json.contains("count")) {
    absl::StatusOr<int64_t> count = NonNegative(json, "count", 0, int64_t{1} << 40);
    if (!count.ok()) return count.status();
    if (*count == 0) return Bad("count", "must be at least 1 (omit it for 'until cleared')");
    spec.count = *count;
  }
  absl::StatusOr<std::string> prefix = StringField(json, "path_prefix", spec.path_prefix);
  if (!prefix.ok()) return prefix.status();
  spec.path_prefix = *prefix;
  absl::StatusOr<std::string> method = StringField(json, "method", "");
  if (!method.ok()) return method.status();
  spec.method = *method;
  absl::StatusOr<int64_t> latency = NonNegative(json, "latency_ms", 0, 600000);
  if (!latency.ok()) return latency.status();
  spec.latency_ms = *latency;
  absl::StatusOr<int64_t> oversize = NonNegative(json, "oversize_bytes", spec.oversize_bytes,
                                                 int64_t{4} << 30);
  if (!oversize.ok()) return oversize.status();
  spec.oversize_bytes = *oversize;
  absl::StatusOr<int64_t> stall = NonNegative(json, "stall_ms", spec.stall_ms, 3600000);
  if (!stall.ok()) return stall.status();
  spec.stall_ms = *stall;
  return spec;
}

void FaultInjector::Add(FaultSpec spec) {
  absl::MutexLock lock(&mu_);
  faults_.push_back(std::move(spec));
}

void FaultInjector::Clear() {
  absl::MutexLock lock(&mu_);
  faults_.clear();
}

std::optional<FaultSpec> FaultInjector::Take(absl::string_view method,
                                             absl::string_view raw_path) {
  absl::MutexLock lock(&mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!absl::StartsWith(raw_path, it->path_prefix)) continue;
    if (!it->method.empty() && !absl::EqualsIgnoreCase(it->method, method)) continue;
    FaultSpec taken = *it;
    if (it->count.has_value() && --*it->count == 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

}  // namespace aqgate::emulator
