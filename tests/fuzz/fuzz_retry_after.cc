// Fuzzes the Retry-After parser: never crashes, and a parsed delay is never
// negative.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "service/upstream/retry_after.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view value(reinterpret_cast<const char*>(data), size);
  for (absl::Time now : {absl::UnixEpoch(), absl::FromUnixSeconds(1767225600),
                         absl::InfinitePast(), absl::InfiniteFuture()}) {
    std::optional<absl::Duration> delay = aqgate::upstream::ParseRetryAfter(value, now);
    if (delay.has_value() && *delay < absl::ZeroDuration()) std::abort();
  }
  return 0;
}
