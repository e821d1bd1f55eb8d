#include "service/upstream/json_record_page.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "service/upstream/json_parse.h"
#include "service/upstream/json_reader.h"
#include "service/upstream/wire_enums.h"
#include "simdjson.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;
using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr int64_t kMaxExactInteger = int64_t{1} << 53;
// Bodies up to this size reuse the thread's parser and buffers; a larger
// one gets its own, freed afterwards, so no thread keeps a huge tape.
constexpr size_t kMaxReusedCapacity = size_t{16} << 20;

// The parser and a padded copy of the body (simdjson reads up to
// SIMDJSON_PADDING bytes past the end), kept between pages.
struct Scratch {
  simdjson::dom::parser parser;
  std::string buffer;
};

// The members of one object named in `names`, as the reference decoder
// sees them: the last of duplicate keys wins, and null counts as absent.
template <size_t N>
class Members {
 public:
  Members(const simdjson::dom::object& object, const std::array<std::string_view, N>& names) {
    for (const simdjson::dom::key_value_pair field : object) {
      for (size_t i = 0; i < N; ++i) {
        if (field.key == names[i]) {
          present_[i] = !field.value.is_null();
          values_[i] = field.value;
          break;
        }
      }
    }
  }

  // nullptr when absent or null.
  const element* Get(size_t index) const { return present_[index] ? &values_[index] : nullptr; }

 private:
  std::array<element, N> values_{};
  std::array<bool, N> present_{};
};

// The readers below return false on anything the reference decoder would
// reject (the caller then runs it for the error message).

bool String(const element* value, std::string* out) {
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return false;
  out->assign(text.data(), text.size());
  return true;
}

bool RequiredString(const element* value, std::string* out) {
  return value != nullptr && String(value, out);
}

// Absent/null leaves `out` untouched; `set` receives the string otherwise.
template <typename Setter>
bool OptionalString(const element* value, Setter set) {
  if (value == nullptr) return true;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return false;
  set(text);
  return true;
}

// A number as a double. A floating -0 ("-0.0", "-1e-400") is left to the
// reference decoder: rare, and the one value whose sign hangs on how each
// parser reads the literal (both read the integer "-0" as 0).
bool Number(const element& value, double* out) {
  switch (value.type()) {
    case element_type::INT64:
      *out = static_cast<double>(value.get_int64().value_unsafe());
      return true;
    case element_type::UINT64:
      *out = static_cast<double>(value.get_uint64().value_unsafe());
      return true;
    case element_type::DOUBLE:
      *out = value.get_double().value_unsafe();
      return !(*out == 0 && std::signbit(*out));
    default:
      return false;
  }
}

template <typename Setter>
bool OptionalNumber(const element* value, Setter set) {
  if (value == nullptr) return true;
  double number = 0;
  if (!Number(*value, &number)) return false;
  set(number);
  return true;
}

bool OptionalTimestamp(const element* value, google::protobuf::Timestamp* out) {
  if (value == nullptr) return true;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return false;
  return ParseRfc3339(absl::string_view(text.data(), text.size()), out);
}

// Unknown or absent strings map to the zero value, UNSPECIFIED.
template <typename Enum, size_t N>
bool ReadEnum(const element* value, const EnumName<Enum> (&names)[N], Enum* out) {
  *out = static_cast<Enum>(0);
  if (value == nullptr) return true;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return false;
  *out = EnumFromName(text, names);
  return true;
}

// Calls `each` for every element of an optional array member.
template <typename Each>
bool ForEach(const element* value, Each each) {
  if (value == nullptr) return true;
  simdjson::dom::array array;
  if (value->get_array().get(array) != simdjson::SUCCESS) return false;
  for (const element item : array) {
    if (!each(item)) return false;
  }
  return true;
}

bool Object(const element& value, simdjson::dom::object* out) {
  return value.get_object().get(*out) == simdjson::SUCCESS;
}

// Any JSON value -> google.protobuf.Value, as JsonToProtoValue does:
// integers within +/-2^53 are numbers, larger ones their decimal digits.
bool ToProtoValue(const element& value, google::protobuf::Value* out) {
  switch (value.type()) {
    case element_type::NULL_VALUE:
      out->set_null_value(google::protobuf::NULL_VALUE);
      return true;
    case element_type::BOOL:
      out->set_bool_value(value.get_bool().value_unsafe());
      return true;
    case element_type::INT64: {
      const int64_t number = value.get_int64().value_unsafe();
      if (number >= -kMaxExactInteger && number <= kMaxExactInteger) {
        out->set_number_value(static_cast<double>(number));
      } else {
        out->set_string_value(absl::StrCat(number));
      }
      return true;
    }
    case element_type::UINT64: {
      const uint64_t number = value.get_uint64().value_unsafe();
      if (number <= static_cast<uint64_t>(kMaxExactInteger)) {
        out->set_number_value(static_cast<double>(number));
      } else {
        out->set_string_value(absl::StrCat(number));
      }
      return true;
    }
    case element_type::DOUBLE: {
      double number = 0;
      if (!Number(value, &number)) return false;
      out->set_number_value(number);
      return true;
    }
    case element_type::STRING: {
      const std::string_view text = value.get_string().value_unsafe();
      out->set_string_value(std::string(text.data(), text.size()));
      return true;
    }
    case element_type::ARRAY: {
      const simdjson::dom::array array = value.get_array().value_unsafe();
      auto* values = out->mutable_list_value()->mutable_values();
      values->Reserve(static_cast<int>(array.size()));
      for (const element item : array) {
        if (!ToProtoValue(item, values->Add())) return false;
      }
      return true;
    }
    case element_type::OBJECT: {
      const simdjson::dom::object object = value.get_object().value_unsafe();
      auto* fields = out->mutable_struct_value()->mutable_fields();
      for (const simdjson::dom::key_value_pair field : object) {
        google::protobuf::Value& slot = (*fields)[std::string(field.key.data(), field.key.size())];
        slot.Clear();  // a duplicate key: the last one wins, whole
        if (!ToProtoValue(field.value, &slot)) return false;
      }
      return true;
    }
  }
  return false;
}

bool DecodeUser(const element& value, v1::AnnotatorUser* out) {
  enum { kId, kEmail };
  simdjson::dom::object object;
  if (!Object(value, &object)) return false;
  const Members<2> members(object, {"id", "email"});
  return OptionalString(members.Get(kId), [out](std::string_view id) { out->set_id(std::string(id)); }) &&
         RequiredString(members.Get(kEmail), out->mutable_email());
}

bool DecodeAnnotation(const element& value, v1::Annotation* out) {
  enum { kName, kScore, kLabel, kText, kUpdatedAt, kAnnotator };
  simdjson::dom::object object;
  if (!Object(value, &object)) return false;
  const Members<6> members(object, {"name", "score", "label", "text", "updated_at", "annotator"});
  if (!RequiredString(members.Get(kName), out->mutable_name()) ||
      !OptionalNumber(members.Get(kScore), [out](double score) { out->set_score(score); }) ||
      !OptionalString(members.Get(kLabel),
                      [out](std::string_view label) { out->set_label(std::string(label)); }) ||
      !OptionalString(members.Get(kText), [out](std::string_view text) { out->set_text(std::string(text)); }) ||
      // Like the reference decoder, updated_at is present (maybe empty) always.
      !OptionalTimestamp(members.Get(kUpdatedAt), out->mutable_updated_at())) {
    return false;
  }
  const element* annotator = members.Get(kAnnotator);
  return annotator == nullptr || DecodeUser(*annotator, out->mutable_annotator());
}

bool DecodeEvaluation(const element& value, v1::Evaluation* out) {
  enum { kName, kScore, kLabel, kExplanation };
  simdjson::dom::object object;
  if (!Object(value, &object)) return false;
  const Members<4> members(object, {"name", "score", "label", "explanation"});
  return RequiredString(members.Get(kName), out->mutable_name()) &&
         OptionalNumber(members.Get(kScore), [out](double score) { out->set_score(score); }) &&
         OptionalString(members.Get(kLabel),
                        [out](std::string_view label) { out->set_label(std::string(label)); }) &&
         OptionalString(members.Get(kExplanation), [out](std::string_view explanation) {
           out->set_explanation(std::string(explanation));
         });
}

bool DecodeAssignedUser(const element& value, v1::AssignedUser* out) {
  enum { kUser, kCompletionStatus };
  simdjson::dom::object object;
  if (!Object(value, &object)) return false;
  const Members<2> members(object, {"user", "completion_status"});
  const element* user = members.Get(kUser);
  if (user == nullptr || !DecodeUser(*user, out->mutable_user())) return false;
  v1::CompletionStatus completion{};
  if (!ReadEnum(members.Get(kCompletionStatus), kCompletion, &completion)) return false;
  out->set_completion_status(completion);
  return true;
}

bool DecodeRecord(const element& value, v1::Record* out) {
  enum {
    kId,
    kQueueId,
    kSourceType,
    kGranularity,
    kData,
    kAnnotations,
    kTraceAnnotations,
    kEvaluations,
    kAssignedUsers
  };
  simdjson::dom::object object;
  if (!Object(value, &object)) return false;
  const Members<9> members(object, {"id", "annotation_queue_id", "source_type", "granularity", "data",
                                    "annotations", "trace_annotations", "evaluations",
                                    "assigned_users"});
  if (!RequiredString(members.Get(kId), out->mutable_id()) ||
      !RequiredString(members.Get(kQueueId), out->mutable_annotation_queue_id())) {
    return false;
  }
  v1::SourceType source_type{};
  v1::Granularity granularity{};
  if (!ReadEnum(members.Get(kSourceType), kSourceTypes, &source_type) ||
      !ReadEnum(members.Get(kGranularity), kGranularities, &granularity)) {
    return false;
  }
  out->set_source_type(source_type);
  out->set_granularity(granularity);
  if (const element* data = members.Get(kData)) {
    simdjson::dom::object fields_json;
    if (!Object(*data, &fields_json)) return false;
    auto* fields = out->mutable_data()->mutable_fields();
    for (const simdjson::dom::key_value_pair field : fields_json) {
      google::protobuf::Value& slot = (*fields)[std::string(field.key.data(), field.key.size())];
      slot.Clear();  // a duplicate key: the last one wins, whole
      if (!ToProtoValue(field.value, &slot)) return false;
    }
  }
  return ForEach(members.Get(kAnnotations),
                 [out](const element& item) { return DecodeAnnotation(item, out->add_annotations()); }) &&
         ForEach(members.Get(kTraceAnnotations),
                 [out](const element& item) {
                   return DecodeAnnotation(item, out->add_trace_annotations());
                 }) &&
         ForEach(members.Get(kEvaluations),
                 [out](const element& item) { return DecodeEvaluation(item, out->add_evaluations()); }) &&
         ForEach(members.Get(kAssignedUsers), [out](const element& item) {
           return DecodeAssignedUser(item, out->add_assigned_users());
         });
}

// {has_more, next_cursor?}; absent = a single page; has_more without a
// cursor is the reference decoder's error.
bool DecodeNextCursor(const element* pagination, std::string* out) {
  out->clear();
  if (pagination == nullptr) return true;
  enum { kHasMore, kNextCursor };
  simdjson::dom::object object;
  if (!Object(*pagination, &object)) return false;
  const Members<2> members(object, {"has_more", "next_cursor"});
  bool has_more = false;
  if (const element* value = members.Get(kHasMore)) {
    if (value->get_bool().get(has_more) != simdjson::SUCCESS) return false;
  }
  std::string cursor;
  if (!OptionalString(members.Get(kNextCursor), [&cursor](std::string_view text) { cursor = text; })) {
    return false;
  }
  if (!has_more) return true;
  if (cursor.empty()) return false;
  *out = std::move(cursor);
  return true;
}

std::optional<RecordPage> DecodeWith(Scratch& scratch, absl::string_view body) {
  if (scratch.parser.capacity() < body.size()) {
    // The depth bound is the reference parser's (kMaxJsonDepth).
    if (scratch.parser.allocate(body.size(), kMaxJsonDepth) != simdjson::SUCCESS) return std::nullopt;
  }
  scratch.buffer.resize(body.size() + simdjson::SIMDJSON_PADDING);
  if (!body.empty()) std::memcpy(scratch.buffer.data(), body.data(), body.size());
  element root;
  if (scratch.parser.parse(scratch.buffer.data(), body.size(), /*realloc_if_needed=*/false)
          .get(root) !=
      simdjson::SUCCESS) {
    return std::nullopt;
  }
  enum { kRecords, kPagination };
  simdjson::dom::object object;
  if (!Object(root, &object)) return std::nullopt;
  const Members<2> members(object, {"records", "pagination"});
  const element* records = members.Get(kRecords);
  simdjson::dom::array array;
  if (records == nullptr || records->get_array().get(array) != simdjson::SUCCESS) return std::nullopt;
  RecordPage page;
  page.records.reserve(array.size());
  for (const element item : array) {
    if (!DecodeRecord(item, &page.records.emplace_back())) return std::nullopt;
  }
  if (!DecodeNextCursor(members.Get(kPagination), &page.next_cursor)) return std::nullopt;
  return page;
}

}  // namespace

std::optional<RecordPage> TryDecodeRecordPage(absl::string_view body) {
  if (body.size() > kMaxReusedCapacity) {
    Scratch scratch;
    return DecodeWith(scratch, body);
  }
  thread_local Scratch scratch;
  return DecodeWith(scratch, body);
}

}  // namespace aqgate::upstream
