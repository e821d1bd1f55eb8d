// Strict JSON parsing of upstream bodies with nlohmann-json.
//
// Why nlohmann-json (not protobuf's JSON support): the upstream's JSON is
// not the proto3 JSON mapping of our messages (discriminated unions by
// `type` / `record_type`, snake_case enums like "SPANS", `data` with
// arbitrary values, problem+json), so a hand-written mapping is needed
// either way, and nlohmann gives it strict typed access: every value is
// checked with is_string()/is_number()... before use, so a wrong type is a
// clean error naming the JSON path, never an exception or a default value.
// Its SAX interface hands us the literal text of numbers too large for 64
// bits, so integers are never silently rounded, and its parser is
// iterative (no stack overflow on deep input). It is fast (a single pass,
// no reflection) and a header-only Debian package.
#ifndef AQGATE_SERVICE_UPSTREAM_JSON_PARSE_H_
#define AQGATE_SERVICE_UPSTREAM_JSON_PARSE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace aqgate::upstream {

using Json = nlohmann::json;

// Nesting deeper than this is rejected (bounds every recursive walk).
inline constexpr int kMaxJsonDepth = 64;

// Parses `body` as one JSON document. An integer literal beyond the 64-bit
// range is kept exactly: it is stored as a Json *binary* value holding its
// decimal digits (binary values cannot come from JSON text, so the marker
// is unambiguous); see BigIntegerDigits(). Errors are INTERNAL with reason
// UPSTREAM_BAD_RESPONSE.
absl::StatusOr<Json> ParseUpstreamJson(absl::string_view body);

// The digits of an integer literal too large for 64 bits, if `value` is one.
bool IsBigInteger(const Json& value);
std::string BigIntegerDigits(const Json& value);

// INTERNAL, reason UPSTREAM_BAD_RESPONSE, metadata json_path = `path`.
absl::Status BadResponse(absl::string_view path, absl::string_view what);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_JSON_PARSE_H_
