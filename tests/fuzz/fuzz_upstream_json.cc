// Fuzzes every upstream response decoder with the same bytes: whatever the
// upstream sends, a decoder returns a value or a clean error (INTERNAL,
// UPSTREAM_BAD_RESPONSE); it never crashes, leaks or hits UB.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "service/upstream/json_decode.h"
#include "service/upstream/json_parse.h"

namespace {

// A failure must be INTERNAL: anything else would tell the caller the
// wrong story about whose fault it is.
template <typename T>
void CheckClean(const absl::StatusOr<T>& result) {
  if (!result.ok() && result.status().code() != absl::StatusCode::kInternal) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace up = ::aqgate::upstream;
  const absl::string_view body(reinterpret_cast<const char*>(data), size);
  CheckClean(up::ParseUpstreamJson(body));
  CheckClean(up::DecodeQueue(body));
  CheckClean(up::DecodeQueuePage(body));
  CheckClean(up::DecodeRecordPage(body));
  CheckClean(up::DecodeAddedRecords(body));
  CheckClean(up::DecodeAnnotateSnapshot(body));
  CheckClean(up::DecodeAssignSnapshot(body));
  CheckClean(up::DecodeSpacePage(body));
  return 0;
}
