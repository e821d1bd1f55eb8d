#include "tests/emulator/queue_model.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {

absl::StatusOr<QueueRow> LoadQueueForCaller(SqliteDb& db, const Caller& caller,
                                            const std::string& queue_id) {
  std::optional<int64_t> n = ParseId(kKindQueue, queue_id);
  if (!n.has_value()) return NotFound("annotation queue not found");
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("SELECT n, space_n, name, instructions, assignment, created_ms, "
                                  "updated_ms FROM queues WHERE n = ? AND deleted = 0"));
  stmt.Bind(1, *n);
  AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return NotFound("annotation queue not found");
  QueueRow row;
  row.n = stmt.Int(0);
  row.space_n = stmt.Int(1);
  row.name = stmt.Text(2);
  if (!stmt.IsNull(3)) row.instructions = stmt.Text(3);
  row.assignment = stmt.Text(4);
  row.created_ms = stmt.Int(5);
  row.updated_ms = stmt.Int(6);
  if (!caller.CanAccess(row.space_n)) {
    return Forbidden("the API key's user has no access to this annotation queue's space");
  }
  return row;
}

nlohmann::json UserJson(const UserRef& user) {
  return {{"id", MintId(kKindUser, user.n)}, {"email", user.email}};
}

absl::StatusOr<std::vector<UserRef>> QueueAnnotators(SqliteDb& db, int64_t queue_n) {
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("SELECT u.n, u.email FROM queue_annotators a JOIN users u ON "
                                  "u.n = a.user_n WHERE a.queue_n = ? ORDER BY a.pos"));
  stmt.Bind(1, queue_n);
  std::vector<UserRef> users;
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    users.push_back({stmt.Int(0), stmt.Text(1)});
  }
  return users;
}

absl::StatusOr<std::vector<nlohmann::json>> QueueConfigs(SqliteDb& db, int64_t queue_n) {
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("SELECT c.json FROM queue_configs q JOIN configs c ON "
                                  "c.n = q.config_n WHERE q.queue_n = ? ORDER BY q.pos"));
  stmt.Bind(1, queue_n);
  std::vector<nlohmann::json> configs;
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    configs.push_back(nlohmann::json::parse(stmt.TextView(0)));
  }
  return configs;
}

absl::StatusOr<nlohmann::json> QueueJson(SqliteDb& db, const QueueRow& queue) {
  nlohmann::json out = {{"id", MintId(kKindQueue, queue.n)},
                        {"name", queue.name},
                        {"space_id", MintId(kKindSpace, queue.space_n)}};
  if (queue.instructions.has_value()) out["instructions"] = *queue.instructions;
  AQ_ASSIGN_OR_RETURN(std::vector<nlohmann::json> configs, QueueConfigs(db, queue.n));
  out["annotation_configs"] = configs;
  AQ_ASSIGN_OR_RETURN(std::vector<UserRef> annotators, QueueAnnotators(db, queue.n));
  out["annotators"] = nlohmann::json::array();
  for (const UserRef& user : annotators) out["annotators"].push_back(UserJson(user));
  out["created_at"] = FormatRfc3339Millis(queue.created_ms);
  out["updated_at"] = FormatRfc3339Millis(queue.updated_ms);
  return out;
}

absl::StatusOr<std::vector<int64_t>> ResolveConfigIds(SqliteDb& db, int64_t space_n,
                                                      const std::vector<std::string>& ids,
                                                      const std::string& field) {
  AQ_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT space_n FROM configs WHERE n = ?"));
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    std::optional<int64_t> n = ParseId(kKindConfig, ids[i]);
    if (!n.has_value()) {
      return BadRequest(item, absl::StrCat("'", item, "' is not an annotation config ID"));
    }
    stmt.Bind(1, *n);
    AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
    const bool same_space = found && stmt.Int(0) == space_n;
    stmt.Reset();
    if (!same_space) {
      return Unprocessable(item, absl::StrCat("'", item,
                                              "' is not an annotation config of the queue's space"));
    }
    if (seen.insert(*n).second) out.push_back(*n);
  }
  return out;
}

absl::StatusOr<std::vector<UserRef>> ResolveEmails(SqliteDb& db, int64_t space_n,
                                                   const std::vector<std::string>& emails,
                                                   const std::string& field) {
  AQ_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT u.n, u.email, u.all_spaces OR EXISTS(SELECT 1 FROM user_spaces s "
                 "WHERE s.user_n = u.n AND s.space_n = ?) FROM users u WHERE u.email = ?"));
  std::vector<UserRef> out;
  std::set<int64_t> seen;
  for (size_t i = 0; i < emails.size(); ++i) {
    const std::string item = absl::StrCat(field, "[", i, "]");
    const std::string email(absl::StripAsciiWhitespace(emails[i]));
    if (email.empty() || email.find('@') == std::string::npos) {
      return BadRequest(item, absl::StrCat("'", item, "' is not an email address"));
    }
    stmt.Bind(1, space_n).Bind(2, email);
    AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) {
      stmt.Reset();
      return Unprocessable(item, absl::StrCat("'", item, "': no user with this email"));
    }
    UserRef user{stmt.Int(0), stmt.Text(1)};
    const bool has_access = stmt.Int(2) != 0;
    stmt.Reset();
    if (!has_access) {
      return Unprocessable(item, absl::StrCat("'", item, "': the user has no access to the space"));
    }
    if (seen.insert(user.n).second) out.push_back(std::move(user));
  }
  return out;
}

absl::Status ReplaceQueueConfigs(SqliteDb& db, int64_t queue_n,
                                 const std::vector<int64_t>& configs) {
  AQ_ASSIGN_OR_RETURN(Statement del, db.Prepare("DELETE FROM queue_configs WHERE queue_n = ?"));
  AQ_RETURN_IF_ERROR(del.Bind(1, queue_n).Run());
  AQ_ASSIGN_OR_RETURN(Statement ins, db.Prepare("INSERT INTO queue_configs(queue_n, pos, "
                                                 "config_n) VALUES(?, ?, ?)"));
  for (size_t i = 0; i < configs.size(); ++i) {
    AQ_RETURN_IF_ERROR(
        ins.Bind(1, queue_n).Bind(2, static_cast<int64_t>(i)).Bind(3, configs[i]).Run());
  }
  return absl::OkStatus();
}

absl::Status ReplaceQueueAnnotators(SqliteDb& db, int64_t queue_n,
                                    const std::vector<UserRef>& annotators) {
  AQ_ASSIGN_OR_RETURN(Statement del,
                       db.Prepare("DELETE FROM queue_annotators WHERE queue_n = ?"));
  AQ_RETURN_IF_ERROR(del.Bind(1, queue_n).Run());
  AQ_ASSIGN_OR_RETURN(Statement ins, db.Prepare("INSERT INTO queue_annotators(queue_n, pos, "
                                                 "user_n) VALUES(?, ?, ?)"));
  for (size_t i = 0; i < annotators.size(); ++i) {
    AQ_RETURN_IF_ERROR(
        ins.Bind(1, queue_n).Bind(2, static_cast<int64_t>(i)).Bind(3, annotators[i].n).Run());
  }
  return absl::OkStatus();
}

absl::Status CheckNameFree(SqliteDb& db, int64_t space_n, const std::string& name,
                           int64_t self_n) {
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("SELECT n FROM queues WHERE space_n = ? AND name = ? AND "
                                  "deleted = 0 AND n != ?"));
  stmt.Bind(1, space_n).Bind(2, name).Bind(3, self_n);
  AQ_ASSIGN_OR_RETURN(bool taken, stmt.Step());
  if (taken) {
    return Conflict("name", "an active annotation queue with this name already exists in the space");
  }
  return absl::OkStatus();
}

}  // namespace aqgate::emulator
