#include "tests/emulator/request_fields.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tests/emulator/problem.h"

namespace aqgate::emulator {

absl::StatusOr<nlohmann::json> ParseJsonObject(absl::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body.begin(), body.end(), nullptr,
                                                /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return BadRequest("body", "the request body is not valid JSON");
  if (!parsed.is_object()) return BadRequest("body", "the request body must be a JSON object");
  return parsed;
}

absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& object,
                                                          const std::string& key,
                                                          const std::string& field) {
  const std::string& name = field.empty() ? key : field;
  auto it = object.find(key);
  if (it == object.end()) return std::optional<std::string>();
  if (!it->is_string()) return BadRequest(name, absl::StrCat("'", name, "' must be a string"));
  return std::optional<std::string>(it->get<std::string>());
}

absl::StatusOr<std::string> RequiredString(const nlohmann::json& object, const std::string& key) {
  absl::StatusOr<std::optional<std::string>> value = OptionalString(object, key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return BadRequest(key, absl::StrCat("'", key, "' is required"));
  return **value;
}

absl::StatusOr<std::optional<std::vector<std::string>>> OptionalStringList(
    const nlohmann::json& object, const std::string& key, size_t min, size_t max,
    const std::string& field) {
  const std::string& name = field.empty() ? key : field;
  auto it = object.find(key);
  if (it == object.end()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return BadRequest(name, absl::StrCat("'", name, "' must be an array"));
  if (it->size() < min || it->size() > max) {
    return BadRequest(name, absl::StrCat("'", name, "' must have between ", min, " and ", max,
                                        " items (got ", it->size(), ")"));
  }
  std::vector<std::string> out;
  out.reserve(it->size());
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return BadRequest(absl::StrCat(name, "[", i, "]"),
                        absl::StrCat("'", name, "[", i, "]' must be a string"));
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

absl::Status CheckLength(const std::string& value, const std::string& field, size_t min,
                         size_t max) {
  size_t code_points = 0;
  for (unsigned char c : value) code_points += (c & 0xC0) != 0x80;
  if (code_points < min || code_points > max) {
    return BadRequest(field, absl::StrCat("'", field, "' must be between ", min, " and ", max,
                                          " characters (got ", code_points, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> QueryParam(const ApiRequest& request,
                                                      const std::string& key) {
  auto range = request.query.equal_range(key);
  if (range.first == range.second) return std::optional<std::string>();
  if (std::next(range.first) != range.second) {
    return BadRequest(key, absl::StrCat("query parameter '", key, "' given more than once"));
  }
  return std::optional<std::string>(range.first->second);
}

absl::StatusOr<int64_t> LimitParam(const ApiRequest& request, int64_t max) {
  absl::StatusOr<std::optional<std::string>> text = QueryParam(request, "limit");
  if (!text.ok()) return text.status();
  if (!text->has_value()) return 50;
  int64_t limit = 0;
  if (!absl::SimpleAtoi(**text, &limit) || limit < 1 || limit > max) {
    return BadRequest("limit", absl::StrCat("'limit' must be an integer between 1 and ", max));
  }
  return limit;
}

}  // namespace aqgate::emulator
