#include "service/upstream/logging_transport.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "service/common/log.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {

std::string UrlPathForLogs(absl::string_view url) {
  std::size_t start = url.find("://");
  start = start == absl::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == absl::string_view::npos) return "/";
  absl::string_view path = url.substr(start);
  path = path.substr(0, path.find_first_of("?#"));
  return std::string(path);
}

void LoggingTransport::Send(HttpRequest request, absl::Time deadline,
                            std::shared_ptr<Cancellation> cancellation, HttpCallback done) {
  std::string method(HttpMethodName(request.method));
  std::string path = UrlPathForLogs(request.url);
  std::string request_id = request.Header("x-request-id").value_or("");
  const absl::Time start = clock_->Now();
  if (LogEnabled(LogLevel::kDebug)) {
    // Where a call that never finishes started. Header names only: values
    // (Authorization) are secrets.
    std::string header_names;
    for (const auto& [name, value] : request.headers) {
      absl::StrAppend(&header_names, header_names.empty() ? "" : ",", name);
    }
    Log(LogLevel::kDebug, "upstream_request",
        {{"method", method},
         {"path", path},
         {"headers", header_names},
         {"body_bytes", absl::StrCat(request.body.size())},
         {"idempotent", request.idempotency == Idempotency::kIdempotent ? "true" : "false"},
         {"request_id", request_id}});
  }
  Scheduler* clock = clock_;
  inner_->Send(
      std::move(request), deadline, std::move(cancellation),
      [=, done = std::move(done)](absl::StatusOr<HttpResponse> result) mutable {
        const std::string latency_ms =
            absl::StrCat(absl::ToInt64Milliseconds(clock->Now() - start));
        if (result.ok()) {
          Log(result->status >= 500 ? LogLevel::kWarning : LogLevel::kInfo, "upstream_call",
              {{"method", method},
               {"path", path},
               {"http_status", absl::StrCat(result->status)},
               {"attempts", absl::StrCat(result->attempts)},
               {"latency_ms", latency_ms},
               {"request_id", request_id}});
        } else {
          std::optional<google::rpc::ErrorInfo> info =
              GetDetail<google::rpc::ErrorInfo>(result.status());
          std::string attempts = "1";
          if (info.has_value() && info->metadata().count("attempts") > 0) {
            attempts = info->metadata().at("attempts");
          }
          Log(LogLevel::kWarning, "upstream_call",
              {{"method", method},
               {"path", path},
               {"code", absl::StatusCodeToString(result.status().code())},
               {"reason", info.has_value() ? info->reason() : std::string()},
               {"attempts", attempts},
               {"latency_ms", latency_ms},
               {"request_id", request_id}});
        }
        std::move(done)(std::move(result));
      });
}

}  // namespace aqgate::upstream
