#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/handlers.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "tests/emulator/queue_model.h"
#include "tests/emulator/record_model.h"
#include "tests/emulator/request_fields.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxAnnotations = 500;
constexpr size_t kMaxAssignees = 100;

struct AnnotationInput {
  std::string name;
  std::optional<double> score;
  std::optional<std::string> label;
  std::optional<std::string> text;
};

absl::StatusOr<AnnotationInput> ParseAnnotation(const json& item, const std::string& prefix) {
  if (!item.is_object()) return BadRequest(prefix, absl::StrCat("'", prefix, "' must be an object"));
  AnnotationInput out;
  auto name = item.find("name");
  if (name == item.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
    const std::string field = prefix + ".name";
    return BadRequest(field, absl::StrCat("'", field, "' is required"));
  }
  out.name = name->get<std::string>();
  for (const char* key : {"score", "label", "text"}) {
    auto it = item.find(key);
    if (it == item.end()) continue;
    const std::string field = absl::StrCat(prefix, ".", key);
    if (it->is_null()) {
      return BadRequest(field, absl::StrCat("'", field, "' cannot be null: omit it to keep it"));
    }
    if (std::string(key) == "score") {
      if (!it->is_number()) return BadRequest(field, absl::StrCat("'", field, "' must be a number"));
      out.score = it->get<double>();
    } else {
      if (!it->is_string()) return BadRequest(field, absl::StrCat("'", field, "' must be a string"));
      (std::string(key) == "label" ? out.label : out.text) = it->get<std::string>();
    }
  }
  return out;
}

// Checks the annotation's values against its config (422 naming the field).
absl::Status ValidateAgainstConfig(const AnnotationInput& input, const json& config,
                                   const std::string& prefix) {
  const std::string type = config.value("type", "");
  if (type == "CATEGORICAL" && input.label.has_value()) {
    bool known = false;
    for (const json& value : config["values"]) known = known || value.value("label", "") == *input.label;
    if (!known) {
      const std::string field = prefix + ".label";
      return Unprocessable(field, absl::StrCat("'", field, "' is not a label of config '",
                                               input.name, "'"));
    }
  }
  if (type == "CONTINUOUS" && input.score.has_value()) {
    const double min = config.value("minimum_score", 0.0);
    const double max = config.value("maximum_score", 0.0);
    if (*input.score < min || *input.score > max) {
      const std::string field = prefix + ".score";
      return Unprocessable(field, absl::StrCat("'", field, "' must be between ", min, " and ", max));
    }
  }
  if (type == "FREEFORM" && (input.score.has_value() || input.label.has_value())) {
    const std::string field = prefix + (input.score.has_value() ? ".score" : ".label");
    return Unprocessable(field, absl::StrCat("'", field, "': config '", input.name,
                                             "' is FREEFORM and takes text only"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ApiResponse> AnnotateRecord(const HandlerInput& in, const std::string& queue_id,
                                           const std::string& record_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(RecordState record, LoadRecord(in.db, queue, record_id));
  AQ_ASSIGN_OR_RETURN(json body, ParseJsonObject(in.request.body));
  auto annotations = body.find("annotations");
  if (annotations == body.end() || !annotations->is_array()) {
    return BadRequest("annotations", "'annotations' is required and must be an array");
  }
  if (annotations->empty() || annotations->size() > kMaxAnnotations) {
    return BadRequest("annotations", "'annotations' must have between 1 and 500 items");
  }
  AQ_ASSIGN_OR_RETURN(std::vector<json> configs, QueueConfigs(in.db, queue.n));
  std::map<std::string, const json*> by_name;
  for (const json& config : configs) by_name[config.value("name", "")] = &config;
  std::vector<AnnotationInput> inputs;
  for (size_t i = 0; i < annotations->size(); ++i) {
    const std::string prefix = absl::StrCat("annotations[", i, "]");
    AQ_ASSIGN_OR_RETURN(AnnotationInput input, ParseAnnotation((*annotations)[i], prefix));
    auto config = by_name.find(input.name);
    if (config == by_name.end()) {
      const std::string field = prefix + ".name";
      return Unprocessable(field, absl::StrCat("'", field, "': '", input.name,
                                               "' is not an annotation config of the queue"));
    }
    AQ_RETURN_IF_ERROR(ValidateAgainstConfig(input, *config->second, prefix));
    inputs.push_back(std::move(input));
  }

  // Upsert by (config name, annotator): omitted values stay as they were.
  json stored = json::parse(record.annotations_json);
  const json annotator = UserJson({in.caller.user_n, in.caller.email});
  const std::string now = FormatRfc3339Millis(NowMillis());
  std::vector<size_t> touched;
  for (const AnnotationInput& input : inputs) {
    size_t index = stored.size();
    for (size_t i = 0; i < stored.size(); ++i) {
      if (stored[i].value("name", "") == input.name && stored[i].contains("annotator") &&
          stored[i]["annotator"].value("id", "") == annotator["id"]) {
        index = i;
        break;
      }
    }
    if (index == stored.size()) stored.push_back({{"name", input.name}});
    json& target = stored[index];
    if (input.score.has_value()) target["score"] = *input.score;
    if (input.label.has_value()) target["label"] = *input.label;
    if (input.text.has_value()) target["text"] = *input.text;
    target["updated_at"] = now;
    target["annotator"] = annotator;
    bool seen = false;
    for (size_t t : touched) seen = seen || t == index;
    if (!seen) touched.push_back(index);
  }
  record.annotations_json = stored.dump();
  // The caller's own assignment, if any, is now complete.
  json assigned = json::parse(record.assigned_json);
  for (json& entry : assigned) {
    if (entry["user"].value("id", "") == annotator["id"]) entry["completion_status"] = "COMPLETED";
  }
  record.assigned_json = assigned.dump();
  AQ_RETURN_IF_ERROR(SaveRecordState(in.db, record));

  json result = json::array();
  for (size_t t : touched) result.push_back(stored[t]);
  std::string identity = RecordIdentityJson(queue, record);
  identity.pop_back();  // reopen the object
  ApiResponse response;
  response.body = absl::StrCat(identity, ",\"annotations\":", result.dump(), "}");
  return response;
}

absl::StatusOr<ApiResponse> AssignRecord(const HandlerInput& in, const std::string& queue_id,
                                         const std::string& record_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(RecordState record, LoadRecord(in.db, queue, record_id));
  AQ_ASSIGN_OR_RETURN(json body, ParseJsonObject(in.request.body));
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> emails,
                       OptionalStringList(body, "assigned_user_emails", 0, kMaxAssignees));
  if (!emails.has_value()) {
    return BadRequest("assigned_user_emails", "'assigned_user_emails' is required");
  }
  AQ_ASSIGN_OR_RETURN(std::vector<UserRef> users,
                       ResolveEmails(in.db, queue.space_n, *emails, "assigned_user_emails"));
  // Replaces the assignment; everyone (re-)assigned starts PENDING.
  json assigned = json::array();
  for (const UserRef& user : users) {
    assigned.push_back({{"user", UserJson(user)}, {"completion_status", "PENDING"}});
  }
  record.assigned_json = assigned.dump();
  AQ_RETURN_IF_ERROR(SaveRecordState(in.db, record));
  std::string identity = RecordIdentityJson(queue, record);
  identity.pop_back();
  ApiResponse response;
  response.body = absl::StrCat(identity, ",\"assigned_users\":", record.assigned_json, "}");
  return response;
}

}  // namespace aqgate::emulator
