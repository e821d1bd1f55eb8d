#include <optional>
#include <vector>

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

namespace aqgate::emulator {
namespace {

constexpr size_t kMaxDeleteIds = 100;

}  // namespace

absl::StatusOr<ApiResponse> ListRecords(const HandlerInput& in, const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(int64_t limit, LimitParam(in.request, 500));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> cursor, QueryParam(in.request, "cursor"));
  int64_t after = 0;
  if (cursor.has_value()) {
    std::optional<int64_t> position = ParseCursor("records", *cursor);
    if (!position.has_value()) return BadRequest("cursor", "'cursor' is not a valid cursor");
    after = *position;
  }
  ApiResponse response;
  AQ_ASSIGN_OR_RETURN(response.body, ListRecordsBody(in.db, queue, after, limit));
  return response;
}

absl::StatusOr<ApiResponse> AddRecords(const HandlerInput& in, const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(in.request.body));
  auto sources = body.find("record_sources");
  if (sources == body.end() || sources->is_null()) {
    return BadRequest("record_sources", "'record_sources' is required");
  }
  if (sources->is_array() && sources->empty()) {
    return BadRequest("record_sources", "'record_sources' needs at least one source");
  }
  AQ_ASSIGN_OR_RETURN(std::vector<NewRecord> records,
                       ResolveRecordSources(in.db, queue.space_n, *sources, "record_sources"));
  AQ_ASSIGN_OR_RETURN(std::string created, InsertRecords(in.db, queue, records));
  ApiResponse response;
  response.status = 201;
  response.body = absl::StrCat("{\"record_sources\":", created, "}");
  return response;
}

absl::StatusOr<ApiResponse> DeleteRecordsHandler(const HandlerInput& in,
                                                 const std::string& queue_id) {
  AQ_ASSIGN_OR_RETURN(QueueRow queue, LoadQueueForCaller(in.db, in.caller, queue_id));
  AQ_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(in.request.body));
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> ids,
                       OptionalStringList(body, "record_ids", 1, kMaxDeleteIds));
  if (!ids.has_value()) return BadRequest("record_ids", "'record_ids' is required");
  AQ_RETURN_IF_ERROR(DeleteRecords(in.db, queue, *ids));
  ApiResponse response;
  response.status = 204;
  return response;
}

}  // namespace aqgate::emulator
