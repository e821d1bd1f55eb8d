#include "service/core/rpc_log.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "service/common/log.h"

namespace aqgate::core {

void RpcLog::Write(const absl::Status& status) const {
  const double latency_ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
  Log(LogLevel::kInfo, "rpc",
      {{"method", method_},
       {"code", absl::StatusCodeToString(status.code())},
       {"latency_ms", absl::StrFormat("%.3f", latency_ms)},
       {"upstream_calls", absl::StrCat(upstream_calls())},
       {"request_id", request_id_}});
}

}  // namespace aqgate::core
