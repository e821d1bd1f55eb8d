// Typed, path-aware access to one JSON object of an upstream body. Every
// accessor checks the type first; a mismatch is BadResponse naming the JSON
// path ("$.records[2].data"). Absent and null are the same thing for
// optional members (the upstream omits or nulls optional values).
#ifndef AQGATE_SERVICE_UPSTREAM_JSON_READER_H_
#define AQGATE_SERVICE_UPSTREAM_JSON_READER_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "service/upstream/json_parse.h"

namespace aqgate::upstream {

class ObjectReader {
 public:
  // Fails unless `value` is an object. `value` must outlive the reader.
  static absl::StatusOr<ObjectReader> Make(const Json& value, std::string path);

  const std::string& path() const { return path_; }
  std::string PathOf(absl::string_view key) const;

  // nullptr when the member is absent or null.
  const Json* Find(absl::string_view key) const;

  absl::StatusOr<std::string> RequiredString(absl::string_view key) const;
  absl::StatusOr<std::optional<std::string>> OptionalString(absl::string_view key) const;
  absl::StatusOr<double> RequiredNumber(absl::string_view key) const;
  absl::StatusOr<std::optional<double>> OptionalNumber(absl::string_view key) const;
  absl::StatusOr<std::optional<bool>> OptionalBool(absl::string_view key) const;
  // RFC 3339 date-time; absent/null leaves `out` unset.
  absl::Status OptionalTimestamp(absl::string_view key, google::protobuf::Timestamp* out) const;
  absl::Status RequiredTimestamp(absl::string_view key, google::protobuf::Timestamp* out) const;
  // Calls `each` for every element of an array member; absent/null = none.
  absl::Status ForEach(absl::string_view key,
                       const std::function<absl::Status(const Json&, const std::string&)>& each) const;

 private:
  ObjectReader(const Json* object, std::string path) : object_(object), path_(std::move(path)) {}

  const Json* object_;
  std::string path_;
};

// Parses an RFC 3339 date-time ("2026-03-01T00:00:00Z", offsets and
// fractions up to nanoseconds allowed) into a Timestamp in its valid range.
bool ParseRfc3339(absl::string_view text, google::protobuf::Timestamp* out);
// Formats as "2026-03-01T00:00:00Z" (fraction only when non-zero).
std::string FormatRfc3339(const google::protobuf::Timestamp& timestamp);
// Whether `timestamp` is within 0001-01-01..9999-12-31 with valid nanos.
bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp);

// Converts any JSON value into a google.protobuf.Value. Integers within
// +/-2^53 become numbers; larger ones (including beyond 64 bits) become the
// string of their decimal digits, so no value is ever rounded.
void JsonToProtoValue(const Json& value, google::protobuf::Value* out);
// The same, moving strings and object keys out of `value` instead of
// copying them (the decode of a page owns its DOM; this saves an
// allocation and a copy per string). `value` is left valid but unspecified.
void JsonToProtoValue(Json&& value, google::protobuf::Value* out);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_JSON_READER_H_
