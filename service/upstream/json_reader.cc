#include "service/upstream/json_reader.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace aqgate::upstream {
namespace {

constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
constexpr int64_t kMaxExactInteger = int64_t{1} << 53;

absl::string_view TypeName(const Json& value) {
  if (IsBigInteger(value)) return "number";
  return value.type_name();
}

absl::Status WrongType(const std::string& path, absl::string_view expected, const Json& value) {
  return BadResponse(path, absl::StrCat("expected ", expected, ", got ", TypeName(value)));
}

}  // namespace

absl::StatusOr<ObjectReader> ObjectReader::Make(const Json& value, std::string path) {
  if (!value.is_object()) return WrongType(path, "an object", value);
  return ObjectReader(&value, std::move(path));
}

std::string ObjectReader::PathOf(absl::string_view key) const {
  return absl::StrCat(path_, ".", key);
}

const Json* ObjectReader::Find(absl::string_view key) const {
  // Heterogeneous lookup (the DOM's map compares with std::less<>): no
  // std::string temporary per member read.
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) return nullptr;
  return &*it;
}

absl::StatusOr<std::string> ObjectReader::RequiredString(absl::string_view key) const {
  const Json* value = Find(key);
  if (value == nullptr) return BadResponse(PathOf(key), "required string is missing");
  if (!value->is_string()) return WrongType(PathOf(key), "a string", *value);
  return value->get<std::string>();
}

absl::StatusOr<std::optional<std::string>> ObjectReader::OptionalString(
    absl::string_view key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return WrongType(PathOf(key), "a string", *value);
  return std::optional<std::string>(value->get<std::string>());
}

absl::StatusOr<double> ObjectReader::RequiredNumber(absl::string_view key) const {
  absl::StatusOr<std::optional<double>> value = OptionalNumber(key);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return BadResponse(PathOf(key), "required number is missing");
  return **value;
}

absl::StatusOr<std::optional<double>> ObjectReader::OptionalNumber(absl::string_view key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<double>();
  if (value->is_number()) return std::optional<double>(value->get<double>());
  if (IsBigInteger(*value)) {
    // A score beyond 2^64 has no exact double anyway; the nearest is right.
    return std::optional<double>(std::strtod(BigIntegerDigits(*value).c_str(), nullptr));
  }
  return WrongType(PathOf(key), "a number", *value);
}

absl::StatusOr<std::optional<bool>> ObjectReader::OptionalBool(absl::string_view key) const {
  const Json* value = Find(key);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return WrongType(PathOf(key), "a boolean", *value);
  return std::optional<bool>(value->get<bool>());
}

absl::Status ObjectReader::OptionalTimestamp(absl::string_view key,
                                             google::protobuf::Timestamp* out) const {
  const Json* value = Find(key);
  if (value == nullptr) return absl::OkStatus();
  if (!value->is_string()) return WrongType(PathOf(key), "an RFC 3339 date-time string", *value);
  if (!ParseRfc3339(value->get_ref<const std::string&>(), out)) {
    return BadResponse(PathOf(key), "not an RFC 3339 date-time");
  }
  return absl::OkStatus();
}

absl::Status ObjectReader::RequiredTimestamp(absl::string_view key,
                                             google::protobuf::Timestamp* out) const {
  if (Find(key) == nullptr) return BadResponse(PathOf(key), "required date-time is missing");
  return OptionalTimestamp(key, out);
}

absl::Status ObjectReader::ForEach(
    absl::string_view key,
    const std::function<absl::Status(const Json&, const std::string&)>& each) const {
  const Json* value = Find(key);
  if (value == nullptr) return absl::OkStatus();
  if (!value->is_array()) return WrongType(PathOf(key), "an array", *value);
  std::size_t index = 0;
  for (const Json& element : *value) {
    absl::Status status = each(element, absl::StrCat(PathOf(key), "[", index++, "]"));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() >= kMinTimestampSeconds &&
         timestamp.seconds() <= kMaxTimestampSeconds && timestamp.nanos() >= 0 &&
         timestamp.nanos() < 1000000000;
}

bool ParseRfc3339(absl::string_view text, google::protobuf::Timestamp* out) {
  absl::Time time;
  std::string error;
  // RFC3339_full: "%Y-%m-%d%ET%H:%M:%E*S%Ez" - 'T' or 't', optional
  // fraction, 'Z'/'z' or a numeric offset.
  if (text.size() < 20 || !absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return false;
  const int64_t seconds = absl::ToUnixSeconds(time);
  const int64_t nanos = absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds));
  google::protobuf::Timestamp parsed;
  parsed.set_seconds(seconds);
  parsed.set_nanos(static_cast<int32_t>(nanos));
  if (!IsValidTimestamp(parsed)) return false;
  *out = parsed;
  return true;
}

std::string FormatRfc3339(const google::protobuf::Timestamp& timestamp) {
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  // %E4Y: RFC 3339 years have four digits, so year 999 is "0999".
  return absl::FormatTime("%E4Y-%m-%dT%H:%M:%E*SZ", time, absl::UTCTimeZone());
}

void JsonToProtoValue(const Json& value, google::protobuf::Value* out) {
  switch (value.type()) {
    case Json::value_t::null:
      out->set_null_value(google::protobuf::NULL_VALUE);
      return;
    case Json::value_t::boolean:
      out->set_bool_value(value.get<bool>());
      return;
    case Json::value_t::number_integer: {
      const int64_t number = value.get<int64_t>();
      if (number >= -kMaxExactInteger && number <= kMaxExactInteger) {
        out->set_number_value(static_cast<double>(number));
      } else {
        out->set_string_value(absl::StrCat(number));
      }
      return;
    }
    case Json::value_t::number_unsigned: {
      const uint64_t number = value.get<uint64_t>();
      if (number <= static_cast<uint64_t>(kMaxExactInteger)) {
        out->set_number_value(static_cast<double>(number));
      } else {
        out->set_string_value(absl::StrCat(number));
      }
      return;
    }
    case Json::value_t::number_float:
      out->set_number_value(value.get<double>());
      return;
    case Json::value_t::binary:
      out->set_string_value(BigIntegerDigits(value));
      return;
    case Json::value_t::string:
      out->set_string_value(value.get<std::string>());
      return;
    case Json::value_t::array: {
      auto* list = out->mutable_list_value();
      for (const Json& element : value) JsonToProtoValue(element, list->add_values());
      return;
    }
    case Json::value_t::object: {
      auto* fields = out->mutable_struct_value()->mutable_fields();
      for (const auto& [key, element] : value.items()) JsonToProtoValue(element, &(*fields)[key]);
      return;
    }
    case Json::value_t::discarded:
      out->set_null_value(google::protobuf::NULL_VALUE);
      return;
  }
}

void JsonToProtoValue(Json&& value, google::protobuf::Value* out) {
  switch (value.type()) {
    case Json::value_t::string:
      out->set_string_value(std::move(value.get_ref<Json::string_t&>()));
      return;
    case Json::value_t::array: {
      Json::array_t& elements = value.get_ref<Json::array_t&>();
      auto* list = out->mutable_list_value()->mutable_values();
      list->Reserve(static_cast<int>(elements.size()));
      for (Json& element : elements) JsonToProtoValue(std::move(element), list->Add());
      return;
    }
    case Json::value_t::object: {
      Json::object_t& members = value.get_ref<Json::object_t&>();
      auto* fields = out->mutable_struct_value()->mutable_fields();
      while (!members.empty()) {
        // extract() releases the node, so its (const) key can be moved too.
        auto node = members.extract(members.begin());
        JsonToProtoValue(std::move(node.mapped()), &(*fields)[std::move(node.key())]);
      }
      return;
    }
    default:
      JsonToProtoValue(static_cast<const Json&>(value), out);
      return;
  }
}

}  // namespace aqgate::upstream
