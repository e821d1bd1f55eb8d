// The one structured log line per RPC: method, status code, latency,
// upstream requests made, request ID. Never a key.
#ifndef AQGATE_SERVICE_CORE_RPC_LOG_H_
#define AQGATE_SERVICE_CORE_RPC_LOG_H_

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace aqgate::core {

class RpcLog {
 public:
  RpcLog(absl::string_view method, std::string request_id)
      : method_(method), request_id_(std::move(request_id)), start_(absl::Now()) {}

  const std::string& request_id() const { return request_id_; }
  void CountUpstreamCalls(int n) { upstream_calls_.fetch_add(n, std::memory_order_relaxed); }
  int upstream_calls() const { return upstream_calls_.load(std::memory_order_relaxed); }

  // Writes the line; call once, when the RPC ends.
  void Write(const absl::Status& status) const;

 private:
  const std::string method_;
  const std::string request_id_;
  const absl::Time start_;
  std::atomic<int> upstream_calls_{0};
};

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_RPC_LOG_H_
