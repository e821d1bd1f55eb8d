#include "service/upstream/json_encode.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/json_parse.h"
#include "service/upstream/json_reader.h"
#include "service/common/status_macros.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;

absl::Status InvalidRequest(absl::string_view field, absl::string_view what) {
  return GatewayError(absl::StatusCode::kInvalidArgument, kReasonInvalidRequest,
                      absl::StrCat(field, ": ", what), {{"field", std::string(field)}});
}

absl::StatusOr<std::string> Timestamp(const google::protobuf::Timestamp& timestamp,
                                      absl::string_view field) {
  if (!IsValidTimestamp(timestamp)) {
    return InvalidRequest(field, "timestamp outside 0001-01-01..9999-12-31");
  }
  return FormatRfc3339(timestamp);
}

Json StringArray(const std::vector<std::string>& values) {
  Json array = Json::array();
  for (const std::string& value : values) array.push_back(value);
  return array;
}

template <typename Repeated>
Json StringArray(const Repeated& values) {
  Json array = Json::array();
  for (const std::string& value : values) array.push_back(value);
  return array;
}

absl::StatusOr<Json> EncodeSource(const v1::RecordSource& source, const std::string& field) {
  Json json = Json::object();
  switch (source.source_case()) {
    case v1::RecordSource::kSpans: {
      const v1::SpanSource& spans = source.spans();
      json["record_type"] = "SPAN";
      json["project_id"] = spans.project_id();
      AQ_ASSIGN_OR_RETURN(json["start_time"], Timestamp(spans.start_time(), field + ".spans.start_time"));
      AQ_ASSIGN_OR_RETURN(json["end_time"], Timestamp(spans.end_time(), field + ".spans.end_time"));
      json["span_ids"] = StringArray(spans.span_ids());
      return json;
    }
    case v1::RecordSource::kTraces: {
      const v1::TraceSource& traces = source.traces();
      json["record_type"] = "TRACE";
      json["project_id"] = traces.project_id();
      AQ_ASSIGN_OR_RETURN(json["start_time"], Timestamp(traces.start_time(), field + ".traces.start_time"));
      AQ_ASSIGN_OR_RETURN(json["end_time"], Timestamp(traces.end_time(), field + ".traces.end_time"));
      json["trace_ids"] = StringArray(traces.trace_ids());
      return json;
    }
    case v1::RecordSource::kExamples: {
      const v1::ExampleSource& examples = source.examples();
      json["record_type"] = "EXAMPLE";
      json["dataset_id"] = examples.dataset_id();
      if (!examples.dataset_version_id().empty()) {
        json["dataset_version_id"] = examples.dataset_version_id();
      }
      if (examples.example_ids_size() > 0) json["example_ids"] = StringArray(examples.example_ids());
      return json;
    }
    case v1::RecordSource::SOURCE_NOT_SET:
      break;
  }
  return InvalidRequest(field, "a record source must be spans, traces or examples");
}

absl::StatusOr<Json> EncodeSources(const std::vector<v1::RecordSource>& sources) {
  Json array = Json::array();
  for (std::size_t i = 0; i < sources.size(); ++i) {
    AQ_ASSIGN_OR_RETURN(Json source, EncodeSource(sources[i], absl::StrCat("record_sources[", i, "]")));
    array.push_back(std::move(source));
  }
  return array;
}

// Serializes; strings that are not UTF-8 are refused, not mangled.
absl::StatusOr<std::string> Dump(const Json& json) {
  try {
    return json.dump();
  } catch (const Json::type_error&) {
    return InvalidRequest("request", "a string is not valid UTF-8");
  }
}

}  // namespace

absl::StatusOr<std::string> EncodeCreateQueue(const CreateQueueParams& params) {
  Json json = Json::object();
  json["name"] = params.name;
  json["space_id"] = params.space_id;
  json["annotation_config_ids"] = StringArray(params.annotation_config_ids);
  json["annotator_emails"] = StringArray(params.annotator_emails);
  if (params.instructions.has_value()) json["instructions"] = *params.instructions;
  switch (params.assignment_method) {
    case v1::ASSIGNMENT_METHOD_ALL: json["assignment_method"] = "ALL"; break;
    case v1::ASSIGNMENT_METHOD_RANDOM: json["assignment_method"] = "RANDOM"; break;
    default: break;  // UNSPECIFIED (or unknown): not sent, the upstream default applies
  }
  if (!params.record_sources.empty()) {
    AQ_ASSIGN_OR_RETURN(json["record_sources"], EncodeSources(params.record_sources));
  }
  return Dump(json);
}

absl::StatusOr<std::string> EncodeUpdateQueue(const UpdateQueueParams& params) {
  Json json = Json::object();
  if (params.name.has_value()) json["name"] = *params.name;
  if (params.instructions.has_value()) {
    if (params.instructions->empty()) {
      json["instructions"] = nullptr;
    } else {
      json["instructions"] = *params.instructions;
    }
  }
  if (params.annotation_config_ids.has_value()) {
    json["annotation_config_ids"] = StringArray(*params.annotation_config_ids);
  }
  if (params.annotator_emails.has_value()) {
    json["annotator_emails"] = StringArray(*params.annotator_emails);
  }
  return Dump(json);
}

absl::StatusOr<std::string> EncodeAddRecords(const std::vector<v1::RecordSource>& sources) {
  Json json = Json::object();
  AQ_ASSIGN_OR_RETURN(json["record_sources"], EncodeSources(sources));
  return Dump(json);
}

absl::StatusOr<std::string> EncodeDeleteRecords(const std::vector<std::string>& record_ids) {
  Json json = Json::object();
  json["record_ids"] = StringArray(record_ids);
  return Dump(json);
}

absl::StatusOr<std::string> EncodeAnnotate(const std::vector<v1::AnnotationInput>& annotations) {
  Json array = Json::array();
  for (std::size_t i = 0; i < annotations.size(); ++i) {
    const v1::AnnotationInput& annotation = annotations[i];
    if (annotation.has_score() && !std::isfinite(annotation.score())) {
      return InvalidRequest(absl::StrCat("annotations[", i, "].score"), "not a finite number");
    }
    Json item = Json::object();
    item["name"] = annotation.name();
    if (annotation.has_score()) item["score"] = annotation.score();
    if (annotation.has_label()) item["label"] = annotation.label();
    if (annotation.has_text()) item["text"] = annotation.text();
    array.push_back(std::move(item));
  }
  Json json = Json::object();
  json["annotations"] = std::move(array);
  return Dump(json);
}

absl::StatusOr<std::string> EncodeAssign(const std::vector<std::string>& emails) {
  Json json = Json::object();
  json["assigned_user_emails"] = StringArray(emails);
  return Dump(json);
}

}  // namespace aqgate::upstream
