// Fault injection: faults armed by flag or by POST /_admin/faults apply to
// the next N matching /v2 requests (or until cleared).
//   status           answer with `status` (+ Retry-After) without acting
//   latency          add latency_ms, then answer normally
//   drop_connection  act, send headers and half the body, close the socket
//   malformed_json   answer 200 with a body that is not JSON, without acting
//   truncated_json   act, then send the first half of the JSON body (complete
//                    HTTP message, unparseable JSON)
//   oversized_body   answer 200 with a valid JSON body of oversize_bytes
//   stall            act, send headers and half the body, wait stall_ms, then
//                    the rest
// A 204 (the deletes) has no body: the body faults (drop_connection,
// truncated_json, stall) act and answer a complete 204.
#ifndef AQGATE_TESTS_EMULATOR_FAULTS_H_
#define AQGATE_TESTS_EMULATOR_FAULTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"

namespace aqgate::emulator {

enum class FaultKind {
  kStatus,
  kLatency,
  kDropConnection,
  kMalformedJson,
  kTruncatedJson,
  kOversizedBody,
  kStall,
};

struct FaultSpec {
  FaultKind kind = FaultKind::kStatus;
  int status = 503;
  std::string retry_after;           // sent as Retry-After when non-empty
  std::optional<int64_t> count;      // remaining matches; nullopt = until cleared
  std::string path_prefix = "/v2/";  // matched against the raw path
  std::string method;                // empty = any
  int64_t latency_ms = 0;
  int64_t oversize_bytes = 32LL << 20;
  int64_t stall_ms = 30000;
};

absl::string_view FaultKindName(FaultKind kind);
// From the admin/flag JSON form; InvalidArgument naming the bad field.
absl::StatusOr<FaultSpec> ParseFaultSpec(const nlohmann::json& json);

class FaultInjector {
 public:
  void Add(FaultSpec spec);
  void Clear();
  // The first armed fault matching the request, consuming one of its count.
  std::optional<FaultSpec> Take(absl::string_view method, absl::string_view raw_path);

 private:
  absl::Mutex mu_;
  std::vector<FaultSpec> faults_ ABSL_GUARDED_BY(mu_);
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_FAULTS_H_
