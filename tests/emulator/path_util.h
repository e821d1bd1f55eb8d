// Splitting a request target the way the API does: the raw path is split on
// '/', then each segment is percent-decoded exactly once (so an ID holding
// '/' arrives as %2F and stays one segment).
#ifndef AQGATE_TESTS_EMULATOR_PATH_UTIL_H_
#define AQGATE_TESTS_EMULATOR_PATH_UTIL_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace aqgate::emulator {

// nullopt when a segment holds a malformed escape ("%zz", "%4").
std::optional<std::string> PercentDecode(absl::string_view text);
std::optional<std::vector<std::string>> DecodePathSegments(absl::string_view raw_path);
// The path part of a request target (before '?').
absl::string_view PathOfTarget(absl::string_view target);
absl::string_view QueryOfTarget(absl::string_view target);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_PATH_UTIL_H_
