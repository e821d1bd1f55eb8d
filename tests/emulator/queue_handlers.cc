#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/handlers.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "tests/emulator/queue_model.h"
#include "tests/emulator/record_model.h"
#include "tests/emulator/record_sources.h"
#include "tests/emulator/request_fields.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

constexpr size_t kMaxNameLength = 255;
constexpr size_t kMaxInstructionsLength = 5000;
constexpr size_t kMaxListItems = 1000;

ApiResponse JsonResponse(int status, const nlohmann::json& body) {
  ApiResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

// The space a create names: 400 malformed, 404 unknown, 403 without access.
absl::StatusOr<int64_t> ResolveSpaceForCreate(const HandlerInput& in, const std::string& space_id) {
  std::optional<int64_t> n = ParseId(kKindSpace, space_id);
  if (!n.has_value()) return BadRequest("space_id", "'space_id' is not a space ID");
  AQ_ASSIGN_OR_RETURN(Statement stmt, in.db.Prepare("SELECT 1 FROM spaces WHERE n = ?"));
  stmt.Bind(1, *n);
  AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return NotFound("space not found");
  if (!in.caller.CanAccess(*n)) return Forbidden("the API key's user has no access to the space");
  return *n;
}

int64_t UpdatedNow(int64_t previous) {
  int64_t now = NowMillis();
  return now > previous ? now : previous + 1;
}

}  // namespace

absl::StatusOr<ApiResponse> ListQueues(const HandlerInput& in) {
  AQ_ASSIGN_OR_RETURN(int64_t limit, LimitParam(in.request, 100));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> space_id, QueryParam(in.request, "space_id"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> space_name, QueryParam(in.request, "space_name"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> name, QueryParam(in.request, "name"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> cursor, QueryParam(in.request, "cursor"));
  std::optional<int64_t> before;
  if (cursor.has_value()) {
    before = ParseCursor("queues", *cursor);
    if (!before.has_value()) return BadRequest("cursor", "'cursor' is not a valid cursor");
  }
  std::optional<int64_t> space_n;
  if (space_id.has_value() && !space_id->empty()) {
    space_n = ParseId(kKindSpace, *space_id);
    if (!space_n.has_value()) return BadRequest("space_id", "'space_id' is not a space ID");
    AQ_ASSIGN_OR_RETURN(Statement exists, in.db.Prepare("SELECT 1 FROM spaces WHERE n = ?"));
    exists.Bind(1, *space_n);
    AQ_ASSIGN_OR_RETURN(bool found, exists.Step());
    if (!found) return NotFound("space not found");
    if (!in.caller.CanAccess(*space_n)) {
      return Forbidden("the API key's user has no access to the space");
    }
  }
  AQ_ASSIGN_OR_RETURN(
      Statement stmt,
      in.db.Prepare(
          "SELECT q.n, q.space_n, q.name, q.instructions, q.assignment, q.created_ms, "
          "q.updated_ms FROM queues q JOIN spaces s ON s.n = q.space_n WHERE q.deleted = 0 "
          "AND (?1 IS NULL OR q.n < ?1) AND (?2 IS NULL OR q.space_n = ?2) "
          "AND (?3 IS NULL OR instr(lower(s.name), lower(?3)) > 0) "
          "AND (?4 IS NULL OR instr(lower(q.name), lower(?4)) > 0) "
          "AND (?5 = 1 OR q.space_n IN (SELECT space_n FROM user_spaces WHERE user_n = ?6)) "
          "ORDER BY q.n DESC LIMIT ?7"));
  if (before.has_value()) {
    stmt.Bind(1, *before);
  } else {
    stmt.BindNull(1);
  }
  if (space_n.has_value()) {
    stmt.Bind(2, *space_n);
  } else {
    stmt.BindNull(2);
  }
  stmt.BindOptional(3, space_name)
      .BindOptional(4, name)
      .Bind(5, static_cast<int64_t>(in.caller.all_spaces))
      .Bind(6, in.caller.user_n)
      .Bind(7, limit + 1);
  std::vector<QueueRow> rows;
  bool has_more = false;
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<int64_t>(rows.size()) == limit) {
      has_more = true;
      break;
    }
    QueueRow queue;
    queue.n = stmt.Int(0);
    queue.space_n = stmt.Int(1);
    queue.name = stmt.Text(2);
    if (!stmt.IsNull(3)) queue.instructions = stmt.Text(3);
    queue.assignment = stmt.Text(4);
    queue.created_ms = stmt.Int(5);
    queue.updated_ms = stmt.Int(6);
    rows.push_back(std::move(queue));
  }
  nlohmann::json queues = nlohmann::json::array();
  for (const QueueRow& queue : rows) {
    AQ_ASSIGN_OR_RETURN(nlohmann::json json, QueueJson(in.db, queue));
    queues.push_back(std::move(json));
  }
  nlohmann::json pagination = {{"has_more", has_more}};
  if (has_more) pagination["next_cursor"] = MintCursor("queues", rows.back().n);
  return JsonResponse(200, {{"annotation_queues", queues}, {"pagination", pagination}});
}

absl::StatusOr<ApiResponse> CreateQueue(const HandlerInput& in) {
  AQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(in.request.body));
  AQ_ASSIGN_OR_RETURN(std::string name, RequiredString(body, "name"));
  AQ_RETURN_IF_ERROR(CheckLength(name, "name", 1, kMaxNameLength));
  AQ_ASSIGN_OR_RETURN(std::string space_id, RequiredString(body, "space_id"));
  std::optional<std::string> instructions;
  if (body.contains("instructions") && !body["instructions"].is_null()) {
    AQ_ASSIGN_OR_RETURN(instructions, OptionalString(body, "instructions"));
    AQ_RETURN_IF_ERROR(CheckLength(*instructions, "instructions", 0, kMaxInstructionsLength));
    if (instructions->empty()) instructions.reset();
  }
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> config_ids,
                       OptionalStringList(body, "annotation_config_ids", 1, kMaxListItems));
  if (!config_ids.has_value()) {
    return BadRequest("annotation_config_ids", "'annotation_config_ids' is required");
  }
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> emails,
                       OptionalStringList(body, "annotator_emails", 1, kMaxListItems));
  if (!emails.has_value()) return BadRequest("annotator_emails", "'annotator_emails' is required");
  std::string assignment = "ALL";
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> method,
                       OptionalString(body, "assignment_method"));
  if (method.has_value()) {
    assignment = absl::AsciiStrToUpper(*method);
    if (assignment != "ALL" && assignment != "RANDOM") {
      return BadRequest("assignment_method", "'assignment_method' must be ALL or RANDOM");
    }
  }
  // The schema's record_sources, or the prose example's records.
  std::string sources_field = "record_sources";
  auto sources = body.find(sources_field);
  if (sources == body.end() || sources->is_null()) {
    sources_field = "records";
    sources = body.find(sources_field);
  }
  const bool has_sources = sources != body.end() && !sources->is_null();

  AQ_ASSIGN_OR_RETURN(int64_t space_n, ResolveSpaceForCreate(in, space_id));
  AQ_ASSIGN_OR_RETURN(std::vector<int64_t> configs,
                       ResolveConfigIds(in.db, space_n, *config_ids, "annotation_config_ids"));
  AQ_ASSIGN_OR_RETURN(std::vector<UserRef> annotators,
                       ResolveEmails(in.db, space_n, *emails, "annotator_emails"));
  std::vector<NewRecord> records;
  if (has_sources) {
    AQ_ASSIGN_OR_RETURN(records, ResolveRecordSources(in.db, space_n, *sources, sources_field));
  }
  AQ_RETURN_IF_ERROR(CheckNameFree(in.db, space_n, name, 0));

  QueueRow queue;
  queue.space_n = space_n;
  queue.name = name;
  queue.instructions = instructions;
  queue.assignment = assignment;
  queue.created_ms = NowMillis();
  queue.updated_ms = queue.created_ms;
  AQ_ASSIGN_OR_RETURN(Statement insert,
                       in.db.Prepare("INSERT INTO queues(space_n, name, instructions, assignment, "
                                     "created_ms, updated_ms) VALUES(?, ?, ?, ?, ?, ?)"));
  AQ_RETURN_IF_ERROR(insert.Bind(1, space_n)
                          .Bind(2, name)
                          .BindOptional(3, instructions)
                          .Bind(4, assignment)
                          .Bind(5, queue.created_ms)
                          .Bind(6, queue.updated_ms)
                          .Run());
  queue.n = in.db.LastInsertRowId();
  AQ_RETURN_IF_ERROR(ReplaceQueueConfigs(in.db, queue.n, configs));
  AQ_RETURN_IF_ERROR(ReplaceQueueAnnotators(in.db, queue.n, annotators));
  if (!records.empty()) {
    AQ_ASSIGN_OR_RETURN(std::string created, InsertRecords(in.db, queue, records));
    (void)created;
  }
  AQ_ASSIGN_OR_RETURN(nlohmann::json json, QueueJson(in.db, queue));
  return JsonResponse(201, json);
}

absl::StatusOr<ApiResponse> GetQueue(const HandlerInput& in, const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(nlohmann::json json, QueueJson(in.db, queue));
  return JsonResponse(200, json);
}

absl::StatusOr<ApiResponse> UpdateQueue(const HandlerInput& in, const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(in.request.body));
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> name, OptionalString(body, "name"));
  if (name.has_value()) AQ_RETURN_IF_ERROR(CheckLength(*name, "name", 1, kMaxNameLength));
  const bool has_instructions = body.contains("instructions");
  std::optional<std::string> instructions;
  if (has_instructions && !body["instructions"].is_null()) {
    AQ_ASSIGN_OR_RETURN(instructions, OptionalString(body, "instructions"));
    AQ_RETURN_IF_ERROR(CheckLength(*instructions, "instructions", 0, kMaxInstructionsLength));
    if (instructions->empty()) instructions.reset();  // "" clears
  }
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> config_ids,
                       OptionalStringList(body, "annotation_config_ids", 1, kMaxListItems));
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> emails,
                       OptionalStringList(body, "annotator_emails", 1, kMaxListItems));
  if (!name.has_value() && !has_instructions && !config_ids.has_value() && !emails.has_value()) {
    return BadRequest("body",
                      "give at least one of name, instructions, annotation_config_ids, "
                      "annotator_emails");
  }
  std::optional<std::vector<int64_t>> configs;
  if (config_ids.has_value()) {
    AQ_ASSIGN_OR_RETURN(configs, ResolveConfigIds(in.db, queue.space_n, *config_ids,
                                                   "annotation_config_ids"));
  }
  std::optional<std::vector<UserRef>> annotators;
  if (emails.has_value()) {
    AQ_ASSIGN_OR_RETURN(annotators,
                         ResolveEmails(in.db, queue.space_n, *emails, "annotator_emails"));
  }
  if (name.has_value()) {
    AQ_RETURN_IF_ERROR(CheckNameFree(in.db, queue.space_n, *name, queue.n));
    queue.name = *name;
  }
  if (has_instructions) queue.instructions = instructions;
  queue.updated_ms = UpdatedNow(queue.updated_ms);
  AQ_ASSIGN_OR_RETURN(Statement update,
                       in.db.Prepare("UPDATE queues SET name = ?, instructions = ?, "
                                     "updated_ms = ? WHERE n = ?"));
  AQ_RETURN_IF_ERROR(update.Bind(1, queue.name)
                          .BindOptional(2, queue.instructions)
                          .Bind(3, queue.updated_ms)
                          .Bind(4, queue.n)
                          .Run());
  if (configs.has_value()) AQ_RETURN_IF_ERROR(ReplaceQueueConfigs(in.db, queue.n, *configs));
  if (annotators.has_value()) {
    AQ_RETURN_IF_ERROR(ReplaceQueueAnnotators(in.db, queue.n, *annotators));
  }
  AQ_ASSIGN_OR_RETURN(nlohmann::json json, QueueJson(in.db, queue));
  return JsonResponse(200, json);
}

absl::StatusOr<ApiResponse> DeleteQueue(const HandlerInput& in, const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       in.db.Prepare("UPDATE queues SET deleted = 1, updated_ms = ? WHERE n = ?"));
  AQ_RETURN_IF_ERROR(stmt.Bind(1, UpdatedNow(queue.updated_ms)).Bind(2, queue.n).Run());
  ApiResponse response;
  response.status = 204;
  return response;
}

}  // namespace aqgate::emulator
