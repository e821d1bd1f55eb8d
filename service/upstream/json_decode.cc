#include "service/upstream/json_decode.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "service/common/status_macros.h"
#include "service/upstream/json_parse.h"
#include "service/upstream/json_reader.h"
#include "service/upstream/json_record_page.h"
#include "service/upstream/wire_enums.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;

// Unknown (or absent) strings map to the zero value, UNSPECIFIED.
template <typename Enum, std::size_t N>
absl::StatusOr<Enum> ReadEnum(const ObjectReader& reader, absl::string_view key,
                              const EnumName<Enum> (&names)[N]) {
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> text, reader.OptionalString(key));
  return text.has_value() ? EnumFromName(*text, names) : static_cast<Enum>(0);
}

absl::Status DecodeUser(const Json& json, const std::string& path, v1::AnnotatorUser* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> id, reader.OptionalString("id"));
  if (id.has_value()) out->set_id(*id);
  AQ_ASSIGN_OR_RETURN(*out->mutable_email(), reader.RequiredString("email"));
  return absl::OkStatus();
}

absl::Status DecodeConfig(const Json& json, const std::string& path, v1::AnnotationConfig* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_ASSIGN_OR_RETURN(*out->mutable_id(), reader.RequiredString("id"));
  AQ_ASSIGN_OR_RETURN(*out->mutable_name(), reader.RequiredString("name"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> space_id, reader.OptionalString("space_id"));
  if (space_id.has_value()) out->set_space_id(*space_id);
  AQ_RETURN_IF_ERROR(reader.OptionalTimestamp("created_at", out->mutable_created_at()));
  AQ_ASSIGN_OR_RETURN(std::string type, reader.RequiredString("type"));
  if (type == "CONTINUOUS") {
    v1::ContinuousConfig* config = out->mutable_continuous();
    AQ_ASSIGN_OR_RETURN(double minimum, reader.RequiredNumber("minimum_score"));
    AQ_ASSIGN_OR_RETURN(double maximum, reader.RequiredNumber("maximum_score"));
    config->set_minimum_score(minimum);
    config->set_maximum_score(maximum);
    AQ_ASSIGN_OR_RETURN(v1::OptimizationDirection direction,
                        ReadEnum(reader, "optimization_direction", kDirections));
    config->set_optimization_direction(direction);
  } else if (type == "CATEGORICAL") {
    v1::CategoricalConfig* config = out->mutable_categorical();
    if (reader.Find("values") == nullptr) {
      return BadResponse(reader.PathOf("values"), "required array is missing");
    }
    AQ_RETURN_IF_ERROR(reader.ForEach("values", [config](const Json& item, const std::string& item_path) {
      AQ_ASSIGN_OR_RETURN(ObjectReader value_reader, ObjectReader::Make(item, item_path));
      v1::CategoricalValue* value = config->add_values();
      AQ_ASSIGN_OR_RETURN(*value->mutable_label(), value_reader.RequiredString("label"));
      AQ_ASSIGN_OR_RETURN(std::optional<double> score, value_reader.OptionalNumber("score"));
      if (score.has_value()) value->set_score(*score);
      return absl::OkStatus();
    }));
    AQ_ASSIGN_OR_RETURN(v1::OptimizationDirection direction,
                        ReadEnum(reader, "optimization_direction", kDirections));
    config->set_optimization_direction(direction);
  } else if (type == "FREEFORM") {
    out->mutable_freeform();
  }
  // Any other type: a config kind this gateway does not know; kind unset.
  return absl::OkStatus();
}

absl::Status DecodeQueueObject(const Json& json, const std::string& path, v1::AnnotationQueue* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_ASSIGN_OR_RETURN(*out->mutable_id(), reader.RequiredString("id"));
  AQ_ASSIGN_OR_RETURN(*out->mutable_name(), reader.RequiredString("name"));
  AQ_ASSIGN_OR_RETURN(*out->mutable_space_id(), reader.RequiredString("space_id"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> instructions, reader.OptionalString("instructions"));
  if (instructions.has_value()) out->set_instructions(*instructions);
  AQ_RETURN_IF_ERROR(reader.ForEach("annotation_configs", [out](const Json& item, const std::string& p) {
    return DecodeConfig(item, p, out->add_annotation_configs());
  }));
  AQ_RETURN_IF_ERROR(reader.ForEach("annotators", [out](const Json& item, const std::string& p) {
    return DecodeUser(item, p, out->add_annotators());
  }));
  AQ_RETURN_IF_ERROR(reader.RequiredTimestamp("created_at", out->mutable_created_at()));
  AQ_RETURN_IF_ERROR(reader.RequiredTimestamp("updated_at", out->mutable_updated_at()));
  return absl::OkStatus();
}

// The name, and the optional score and label, of an annotation or evaluation.
template <typename Message>
absl::Status DecodeNameScoreLabel(const ObjectReader& reader, Message* out) {
  AQ_ASSIGN_OR_RETURN(*out->mutable_name(), reader.RequiredString("name"));
  AQ_ASSIGN_OR_RETURN(std::optional<double> score, reader.OptionalNumber("score"));
  if (score.has_value()) out->set_score(*score);
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> label, reader.OptionalString("label"));
  if (label.has_value()) out->set_label(*label);
  return absl::OkStatus();
}

absl::Status DecodeAnnotation(const Json& json, const std::string& path, v1::Annotation* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_RETURN_IF_ERROR(DecodeNameScoreLabel(reader, out));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> text, reader.OptionalString("text"));
  if (text.has_value()) out->set_text(*text);
  AQ_RETURN_IF_ERROR(reader.OptionalTimestamp("updated_at", out->mutable_updated_at()));
  if (const Json* annotator = reader.Find("annotator")) {
    AQ_RETURN_IF_ERROR(DecodeUser(*annotator, reader.PathOf("annotator"), out->mutable_annotator()));
  }
  return absl::OkStatus();
}

absl::Status DecodeEvaluation(const Json& json, const std::string& path, v1::Evaluation* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_RETURN_IF_ERROR(DecodeNameScoreLabel(reader, out));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> explanation, reader.OptionalString("explanation"));
  if (explanation.has_value()) out->set_explanation(*explanation);
  return absl::OkStatus();
}

absl::Status DecodeAssignedUser(const Json& json, const std::string& path, v1::AssignedUser* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  const Json* user = reader.Find("user");
  if (user == nullptr) return BadResponse(reader.PathOf("user"), "required object is missing");
  AQ_RETURN_IF_ERROR(DecodeUser(*user, reader.PathOf("user"), out->mutable_user()));
  AQ_ASSIGN_OR_RETURN(v1::CompletionStatus completion,
                      ReadEnum(reader, "completion_status", kCompletion));
  out->set_completion_status(completion);
  return absl::OkStatus();
}

// `json` is the page's own DOM: the strings of `data` are moved out of it.
absl::Status DecodeRecordObject(Json& json, const std::string& path, v1::Record* out) {
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, path));
  AQ_ASSIGN_OR_RETURN(*out->mutable_id(), reader.RequiredString("id"));
  AQ_ASSIGN_OR_RETURN(*out->mutable_annotation_queue_id(), reader.RequiredString("annotation_queue_id"));
  AQ_ASSIGN_OR_RETURN(v1::SourceType source_type, ReadEnum(reader, "source_type", kSourceTypes));
  out->set_source_type(source_type);
  AQ_ASSIGN_OR_RETURN(v1::Granularity granularity, ReadEnum(reader, "granularity", kGranularities));
  out->set_granularity(granularity);
  if (const Json* data = reader.Find("data")) {
    if (!data->is_object()) {
      return BadResponse(reader.PathOf("data"), "expected an object");
    }
    Json::object_t& members = json.at("data").get_ref<Json::object_t&>();
    auto* fields = out->mutable_data()->mutable_fields();
    while (!members.empty()) {
      // extract() releases the node, so its (const) key can be moved too.
      auto node = members.extract(members.begin());
      JsonToProtoValue(std::move(node.mapped()), &(*fields)[std::move(node.key())]);
    }
  }
  AQ_RETURN_IF_ERROR(reader.ForEach("annotations", [out](const Json& item, const std::string& p) {
    return DecodeAnnotation(item, p, out->add_annotations());
  }));
  AQ_RETURN_IF_ERROR(reader.ForEach("trace_annotations", [out](const Json& item, const std::string& p) {
    return DecodeAnnotation(item, p, out->add_trace_annotations());
  }));
  AQ_RETURN_IF_ERROR(reader.ForEach("evaluations", [out](const Json& item, const std::string& p) {
    return DecodeEvaluation(item, p, out->add_evaluations());
  }));
  AQ_RETURN_IF_ERROR(reader.ForEach("assigned_users", [out](const Json& item, const std::string& p) {
    return DecodeAssignedUser(item, p, out->add_assigned_users());
  }));
  return absl::OkStatus();
}

// Decodes the array member `key` of `object` (read through `reader`, which
// checks the types and names the paths) into `out`, moving the records'
// strings out of the DOM.
absl::Status DecodeRecordArray(Json& object, const ObjectReader& reader, absl::string_view key,
                               std::vector<v1::Record>* out) {
  const Json* array = reader.Find(key);
  if (array == nullptr) return absl::OkStatus();
  Json& elements = object.at(std::string(key));
  if (elements.is_array()) out->reserve(out->size() + elements.size());
  std::size_t index = 0;
  return reader.ForEach(key, [&](const Json& /*item*/, const std::string& path) {
    return DecodeRecordObject(elements[index++], path, &out->emplace_back());
  });
}

// {has_more, next_cursor?}: the next cursor, "" on the last page. An absent
// pagination object means a single page. has_more without a cursor is an
// error: silently ending the listing there would drop data.
absl::StatusOr<std::string> DecodeNextCursor(const ObjectReader& page) {
  const Json* pagination = page.Find("pagination");
  if (pagination == nullptr) return std::string();
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(*pagination, page.PathOf("pagination")));
  AQ_ASSIGN_OR_RETURN(std::optional<bool> has_more, reader.OptionalBool("has_more"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> cursor, reader.OptionalString("next_cursor"));
  if (!has_more.value_or(false)) return std::string();
  if (!cursor.has_value() || cursor->empty()) {
    return BadResponse(reader.PathOf("next_cursor"), "has_more is true but the cursor is missing");
  }
  return *cursor;
}

template <typename Snapshot>
absl::Status DecodeSnapshotHeader(const ObjectReader& reader, Snapshot* out) {
  AQ_ASSIGN_OR_RETURN(*out->mutable_record_id(), reader.RequiredString("id"));
  AQ_ASSIGN_OR_RETURN(*out->mutable_annotation_queue_id(), reader.RequiredString("annotation_queue_id"));
  AQ_ASSIGN_OR_RETURN(v1::SourceType source_type, ReadEnum(reader, "source_type", kSourceTypes));
  out->set_source_type(source_type);
  AQ_ASSIGN_OR_RETURN(v1::Granularity granularity, ReadEnum(reader, "granularity", kGranularities));
  out->set_granularity(granularity);
  return absl::OkStatus();
}

// Requires the top-level array member `key` (absent = a wrong shape).
absl::Status RequireArray(const ObjectReader& reader, absl::string_view key) {
  if (reader.Find(key) == nullptr) return BadResponse(reader.PathOf(key), "required array is missing");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::AnnotationQueue> DecodeQueue(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  v1::AnnotationQueue queue;
  AQ_RETURN_IF_ERROR(DecodeQueueObject(json, "$", &queue));
  return queue;
}

absl::StatusOr<QueuePage> DecodeQueuePage(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  QueuePage page;
  AQ_RETURN_IF_ERROR(RequireArray(reader, "annotation_queues"));
  AQ_RETURN_IF_ERROR(reader.ForEach("annotation_queues", [&page](const Json& item, const std::string& p) {
    return DecodeQueueObject(item, p, &page.queues.emplace_back());
  }));
  AQ_ASSIGN_OR_RETURN(page.next_cursor, DecodeNextCursor(reader));
  return page;
}

absl::StatusOr<RecordPage> DecodeRecordPage(absl::string_view body) {
  std::optional<RecordPage> page = TryDecodeRecordPage(body);
  if (page.has_value()) return *std::move(page);
  return DecodeRecordPageDom(body);
}

absl::StatusOr<RecordPage> DecodeRecordPageDom(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  RecordPage page;
  AQ_RETURN_IF_ERROR(RequireArray(reader, "records"));
  AQ_RETURN_IF_ERROR(DecodeRecordArray(json, reader, "records", &page.records));
  AQ_ASSIGN_OR_RETURN(page.next_cursor, DecodeNextCursor(reader));
  return page;
}

absl::StatusOr<std::vector<v1::Record>> DecodeAddedRecords(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  std::vector<v1::Record> records;
  AQ_RETURN_IF_ERROR(RequireArray(reader, "record_sources"));
  AQ_RETURN_IF_ERROR(DecodeRecordArray(json, reader, "record_sources", &records));
  return records;
}

absl::StatusOr<v1::AnnotateRecordResponse> DecodeAnnotateSnapshot(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  v1::AnnotateRecordResponse snapshot;
  AQ_RETURN_IF_ERROR(DecodeSnapshotHeader(reader, &snapshot));
  AQ_RETURN_IF_ERROR(reader.ForEach("annotations", [&snapshot](const Json& item, const std::string& p) {
    return DecodeAnnotation(item, p, snapshot.add_annotations());
  }));
  return snapshot;
}

absl::StatusOr<v1::AssignRecordResponse> DecodeAssignSnapshot(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  v1::AssignRecordResponse snapshot;
  AQ_RETURN_IF_ERROR(DecodeSnapshotHeader(reader, &snapshot));
  AQ_RETURN_IF_ERROR(reader.ForEach("assigned_users", [&snapshot](const Json& item, const std::string& p) {
    return DecodeAssignedUser(item, p, snapshot.add_assigned_users());
  }));
  return snapshot;
}

absl::StatusOr<SpacePage> DecodeSpacePage(absl::string_view body) {
  AQ_ASSIGN_OR_RETURN(Json json, ParseUpstreamJson(body));
  AQ_ASSIGN_OR_RETURN(ObjectReader reader, ObjectReader::Make(json, "$"));
  SpacePage page;
  AQ_RETURN_IF_ERROR(RequireArray(reader, "spaces"));
  AQ_RETURN_IF_ERROR(reader.ForEach("spaces", [&page](const Json& item, const std::string& p) {
    AQ_ASSIGN_OR_RETURN(ObjectReader space_reader, ObjectReader::Make(item, p));
    Space& space = page.spaces.emplace_back();
    AQ_ASSIGN_OR_RETURN(space.id, space_reader.RequiredString("id"));
    AQ_ASSIGN_OR_RETURN(space.name, space_reader.RequiredString("name"));
    return absl::OkStatus();
  }));
  AQ_ASSIGN_OR_RETURN(page.next_cursor, DecodeNextCursor(reader));
  return page;
}

}  // namespace aqgate::upstream
