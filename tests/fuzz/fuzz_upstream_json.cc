// Fuzzes every upstream response decoder with the same bytes: whatever the
// upstream sends, a decoder returns a value or a clean error (INTERNAL,
// UPSTREAM_BAD_RESPONSE); it never crashes, leaks or hits UB. The record
// page's fast decoder (simdjson, json_record_page.h) is also checked against
// the reference DOM decoder: it must never accept a body the reference
// rejects, and what it accepts must decode to the same records.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "service/upstream/json_decode.h"
#include "service/upstream/json_parse.h"
#include "service/upstream/json_record_page.h"
#include "tests/testing_util/deterministic_bytes.h"

namespace {

using ::aqgate::testing_util::DeterministicBytes;

// A failure must be INTERNAL: anything else would tell the caller the
// wrong story about whose fault it is.
template <typename T>
void CheckClean(const absl::StatusOr<T>& result) {
  if (!result.ok() && result.status().code() != absl::StatusCode::kInternal) std::abort();
}

void CheckFastRecordPage(absl::string_view body) {
  namespace up = ::aqgate::upstream;
  const std::optional<up::RecordPage> fast = up::TryDecodeRecordPage(body);
  if (!fast.has_value()) return;
  const absl::StatusOr<up::RecordPage> reference = up::DecodeRecordPageDom(body);
  if (!reference.ok()) std::abort();  // accepted what the reference rejects
  if (fast->next_cursor != reference->next_cursor || fast->records.size() != reference->records.size()) {
    std::abort();
  }
  for (size_t i = 0; i < fast->records.size(); ++i) {
    if (DeterministicBytes(fast->records[i]) != DeterministicBytes(reference->records[i])) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace up = ::aqgate::upstream;
  const absl::string_view body(reinterpret_cast<const char*>(data), size);
  CheckClean(up::ParseUpstreamJson(body));
  CheckClean(up::DecodeQueue(body));
  CheckClean(up::DecodeQueuePage(body));
  CheckClean(up::DecodeRecordPage(body));
  CheckClean(up::DecodeRecordPageDom(body));
  CheckFastRecordPage(body);
  CheckClean(up::DecodeAddedRecords(body));
  CheckClean(up::DecodeAnnotateSnapshot(body));
  CheckClean(up::DecodeAssignSnapshot(body));
  CheckClean(up::DecodeSpacePage(body));
  return 0;
}
