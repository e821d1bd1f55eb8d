#include "service/upstream/retry_after.h"

#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"

namespace aqgate::upstream {
namespace {

// Longer than any sane Retry-After; bigger values are treated as malformed.
constexpr int64_t kMaxDeltaSeconds = int64_t{365} * 24 * 3600;

constexpr const char* kDateFormats[] = {
    "%a, %d %b %Y %H:%M:%S GMT",  // IMF-fixdate
    "%A, %d-%b-%y %H:%M:%S GMT",  // obsolete RFC 850
    "%a %b %e %H:%M:%S %Y",       // obsolete asctime
};

}  // namespace

std::optional<absl::Duration> ParseRetryAfter(absl::string_view value, absl::Time now) {
  value = absl::StripAsciiWhitespace(value);
  if (value.empty()) return std::nullopt;

  bool all_digits = true;
  for (char c : value) all_digits = all_digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    if (value.size() > 12) return std::nullopt;
    int64_t seconds = 0;
    if (!absl::SimpleAtoi(value, &seconds) || seconds > kMaxDeltaSeconds) return std::nullopt;
    return absl::Seconds(seconds);
  }
  // A date must start with a weekday name; this also rejects "-1", "1.5", "5s".
  if (!absl::ascii_isalpha(static_cast<unsigned char>(value.front()))) return std::nullopt;

  const std::string text(value);
  for (const char* format : kDateFormats) {
    absl::Time when;
    std::string error;
    if (absl::ParseTime(format, text, absl::UTCTimeZone(), &when, &error)) {
      if (when <= now) return absl::ZeroDuration();
      absl::Duration delay = when - now;
      if (delay > absl::Seconds(kMaxDeltaSeconds)) return std::nullopt;
      return delay;
    }
  }
  return std::nullopt;
}

}  // namespace aqgate::upstream
