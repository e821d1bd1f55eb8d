// Typed access to request JSON and query parameters. Every failure is a 400
// (BadRequest) naming the field.
#ifndef AQGATE_TESTS_EMULATOR_REQUEST_FIELDS_H_
#define AQGATE_TESTS_EMULATOR_REQUEST_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/api_types.h"

namespace aqgate::emulator {

// The body as a JSON object.
absl::StatusOr<nlohmann::json> ParseJsonObject(absl::string_view body);

// Absent -> nullopt; present with another type (or null) -> 400.
// `field` names the key in errors (defaults to `key`), e.g. "record_sources[0].span_ids".
absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                          const std::string& key,
                                                          const std::string& field = "");
absl::StatusOr<std::string> RequiredString(const nlohmann::json& object, const std::string& key);
// A string list field; absent -> nullopt; its size must be in [min, max].
absl::StatusOr<std::optional<std::vector<std::string>>> OptionalStringList(
    const nlohmann::json& object, const std::string& key, size_t min, size_t max,
    const std::string& field = "");
// A length check counted in Unicode code points.
absl::Status CheckLength(const std::string& value, const std::string& field, size_t min,
                         size_t max);

// A single-valued query parameter; repeated -> 400.
absl::StatusOr<std::optional<std::string>> QueryParam(const ApiRequest& request,
                                                      const std::string& key);
// `limit` in [1, max], default 50.
absl::StatusOr<int64_t> LimitParam(const ApiRequest& request, int64_t max);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_REQUEST_FIELDS_H_
