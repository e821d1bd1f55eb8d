// RFC 3339 timestamps <-> milliseconds since the Unix epoch.
#ifndef AQGATE_TESTS_EMULATOR_TIME_UTIL_H_
#define AQGATE_TESTS_EMULATOR_TIME_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace aqgate::emulator {

// Accepts "Z" or a numeric offset and optional fractional seconds.
std::optional<int64_t> ParseRfc3339Millis(absl::string_view text);
// "2026-03-01T00:00:00.123Z" (milliseconds always present).
std::string FormatRfc3339Millis(int64_t millis);
int64_t NowMillis();

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_TIME_UTIL_H_
