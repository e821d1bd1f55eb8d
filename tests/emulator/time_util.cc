#include "tests/emulator/time_util.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace aqgate::emulator {

std::optional<int64_t> ParseRfc3339Millis(absl::string_view text) {
  if (text.size() < 20 || text.size() > 40) return std::nullopt;
  // Require the date-time separator RFC 3339 allows ('T' or 't').
  if (text[10] != 'T' && text[10] != 't') return std::nullopt;
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &time, &error)) return std::nullopt;
  return absl::ToUnixMillis(time);
}

std::string FormatRfc3339Millis(int64_t millis) {
  return absl::FormatTime("%E4Y-%m-%dT%H:%M:%E3SZ", absl::FromUnixMillis(millis), absl::UTCTimeZone());
}

int64_t NowMillis() { return absl::ToUnixMillis(absl::Now()); }

}  // namespace aqgate::emulator
