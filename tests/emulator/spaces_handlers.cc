#include <optional>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/handlers.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "tests/emulator/request_fields.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {

absl::StatusOr<ApiResponse> ListSpaces(const HandlerInput& in) {
  AQ_ASSIGN_OR_RETURN(int64_t limit, LimitParam(in.request, 100));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> name, QueryParam(in.request, "name"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> org_id, QueryParam(in.request, "org_id"));
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> cursor, QueryParam(in.request, "cursor"));
  int64_t after = 0;
  if (cursor.has_value()) {
    std::optional<int64_t> position = ParseCursor("spaces", *cursor);
    if (!position.has_value()) return BadRequest("cursor", "'cursor' is not a valid cursor");
    after = *position;
  }
  std::optional<int64_t> org_n;
  if (org_id.has_value()) {
    org_n = ParseId(kKindOrganization, *org_id);
    if (!org_n.has_value()) return BadRequest("org_id", "'org_id' is not an organization ID");
  }
  AQ_ASSIGN_OR_RETURN(
      Statement stmt,
      in.db.Prepare("SELECT n, name, description, created_ms, is_private FROM spaces WHERE n > ?1 "
                    "AND (?2 IS NULL OR instr(lower(name), lower(?2)) > 0) "
                    "AND (?3 IS NULL OR org_n = ?3) AND (?4 = 1 OR n IN (SELECT space_n FROM "
                    "user_spaces WHERE user_n = ?5)) ORDER BY n LIMIT ?6"));
  stmt.Bind(1, after).BindOptional(2, name);
  if (org_n.has_value()) {
    stmt.Bind(3, *org_n);
  } else {
    stmt.BindNull(3);
  }
  stmt.Bind(4, static_cast<int64_t>(in.caller.all_spaces))
      .Bind(5, in.caller.user_n)
      .Bind(6, limit + 1);
  nlohmann::json spaces = nlohmann::json::array();
  int64_t last = 0;
  bool has_more = false;
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    if (static_cast<int64_t>(spaces.size()) == limit) {
      has_more = true;
      break;
    }
    last = stmt.Int(0);
    spaces.push_back({{"id", MintId(kKindSpace, last)},
                      {"name", stmt.Text(1)},
                      {"description", stmt.Text(2)},
                      {"created_at", FormatRfc3339Millis(stmt.Int(3))},
                      {"is_private", stmt.Int(4) != 0}});
  }
  nlohmann::json pagination = {{"has_more", has_more}};
  if (has_more) pagination["next_cursor"] = MintCursor("spaces", last);
  ApiResponse response;
  response.body = nlohmann::json{{"spaces", spaces}, {"pagination", pagination}}.dump();
  return response;
}

}  // namespace aqgate::emulator
