#include "tests/emulator/record_model.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "service/common/status_macros.h"

namespace aqgate::emulator {
namespace {

constexpr char kRecordColumns[] =
    "SELECT r.n, r.source_type, r.granularity, COALESCE(s.data_json, e.data_json, '{}'), "
    "r.annotations_json, COALESCE(s.evals_json, '[]'), r.assigned_json FROM records r "
    "LEFT JOIN spans s ON s.row = r.span_row LEFT JOIN examples e ON e.row = r.example_row ";

void AppendIdentity(std::string& out, absl::string_view queue_id, int64_t n,
                    absl::string_view source_type, absl::string_view granularity) {
  absl::StrAppend(&out, "{\"id\":\"", MintId(kKindRecord, n), "\",\"annotation_queue_id\":\"",
                  queue_id, "\",\"source_type\":\"", source_type, "\",\"granularity\":");
  if (granularity.empty()) {
    out += "null";
  } else {
    absl::StrAppend(&out, "\"", granularity, "\"");
  }
}

// Appends one full record from a row of kRecordColumns.
void AppendRecordRow(std::string& out, absl::string_view queue_id, const Statement& row) {
  AppendIdentity(out, queue_id, row.Int(0), row.TextView(1), row.TextView(2));
  absl::StrAppend(&out, ",\"data\":", row.TextView(3), ",\"annotations\":", row.TextView(4),
                  ",\"trace_annotations\":[],\"evaluations\":", row.TextView(5),
                  ",\"assigned_users\":", row.TextView(6), "}");
}

std::string AssignedJson(const std::vector<UserRef>& users) {
  nlohmann::json assigned = nlohmann::json::array();
  for (const UserRef& user : users) {
    assigned.push_back({{"user", UserJson(user)}, {"completion_status", "PENDING"}});
  }
  return assigned.dump();
}

}  // namespace

absl::StatusOr<std::string> InsertRecords(SqliteDb& db, const QueueRow& queue,
                                          const std::vector<NewRecord>& records) {
  AQ_ASSIGN_OR_RETURN(std::vector<UserRef> annotators, QueueAnnotators(db, queue.n));
  const bool random = queue.assignment == "RANDOM";
  const std::string all_assigned = AssignedJson(annotators);
  AQ_ASSIGN_OR_RETURN(Statement insert,
                       db.Prepare("INSERT INTO records(queue_n, source_type, granularity, "
                                  "span_row, example_row, annotations_json, assigned_json) "
                                  "VALUES(?, ?, ?, ?, ?, '[]', ?)"));
  std::vector<int64_t> created;
  created.reserve(records.size());
  for (const NewRecord& record : records) {
    insert.Bind(1, queue.n).Bind(2, absl::string_view(record.from_span ? "SPANS" : "DATASET"));
    if (record.from_span) {
      insert.Bind(3, absl::string_view(record.trace_granularity ? "TRACE" : "SPAN"))
          .Bind(4, record.span_row)
          .BindNull(5);
    } else {
      insert.BindNull(3).BindNull(4).Bind(5, record.example_row);
    }
    if (random && !annotators.empty()) {
      // One annotator per record, spread evenly and reproducibly.
      const size_t pick = (queue.n * 31 + created.size()) % annotators.size();
      insert.Bind(6, AssignedJson({annotators[pick]}));
    } else {
      insert.Bind(6, all_assigned);
    }
    AQ_RETURN_IF_ERROR(insert.Run());
    created.push_back(db.LastInsertRowId());
  }
  const std::string queue_id = MintId(kKindQueue, queue.n);
  std::string out = "[";
  if (!created.empty()) {
    AQ_ASSIGN_OR_RETURN(
        Statement select,
        db.Prepare(absl::StrCat(kRecordColumns, "WHERE r.queue_n = ? AND r.n >= ? AND r.n <= ? "
                                                "ORDER BY r.n")));
    select.Bind(1, queue.n).Bind(2, created.front()).Bind(3, created.back());
    bool first = true;
    while (true) {
      AQ_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      if (!first) out += ",";
      first = false;
      AppendRecordRow(out, queue_id, select);
    }
  }
  out += "]";
  return out;
}

absl::StatusOr<std::string> ListRecordsBody(SqliteDb& db, const QueueRow& queue, int64_t after,
                                            int64_t limit) {
  AQ_ASSIGN_OR_RETURN(
      Statement select,
      db.Prepare(absl::StrCat(kRecordColumns,
                              "WHERE r.queue_n = ? AND r.n > ? ORDER BY r.n LIMIT ?")));
  select.Bind(1, queue.n).Bind(2, after).Bind(3, limit + 1);
  const std::string queue_id = MintId(kKindQueue, queue.n);
  std::string out = "{\"records\":[";
  out.reserve(static_cast<size_t>(limit) * 1500);
  int64_t count = 0;
  int64_t last = 0;
  bool has_more = false;
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (count == limit) {
      has_more = true;
      break;
    }
    if (count > 0) out += ",";
    AppendRecordRow(out, queue_id, select);
    last = select.Int(0);
    ++count;
  }
  out += "],\"pagination\":{\"has_more\":";
  if (has_more) {
    absl::StrAppend(&out, "true,\"next_cursor\":\"", MintCursor("records", last), "\"}}");
  } else {
    out += "false}}";
  }
  return out;
}

absl::StatusOr<RecordState> LoadRecord(SqliteDb& db, const QueueRow& queue,
                                       const std::string& record_id) {
  std::optional<int64_t> n = ParseId(kKindRecord, record_id);
  if (!n.has_value()) return NotFound("annotation queue record not found");
  AQ_ASSIGN_OR_RETURN(Statement stmt,
                       db.Prepare("SELECT source_type, granularity, annotations_json, "
                                  "assigned_json FROM records WHERE n = ? AND queue_n = ?"));
  stmt.Bind(1, *n).Bind(2, queue.n);
  AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return NotFound("annotation queue record not found in this queue");
  RecordState state;
  state.n = *n;
  state.from_span = stmt.TextView(0) == "SPANS";
  state.trace_granularity = stmt.TextView(1) == "TRACE";
  state.annotations_json = stmt.Text(2);
  state.assigned_json = stmt.Text(3);
  return state;
}

absl::Status SaveRecordState(SqliteDb& db, const RecordState& record) {
  AQ_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("UPDATE records SET annotations_json = ?, "
                                                  "assigned_json = ? WHERE n = ?"));
  return stmt.Bind(1, record.annotations_json)
      .Bind(2, record.assigned_json)
      .Bind(3, record.n)
      .Run();
}

absl::Status DeleteRecords(SqliteDb& db, const QueueRow& queue,
                           const std::vector<std::string>& record_ids) {
  AQ_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("DELETE FROM records WHERE n = ? AND queue_n = ?"));
  for (const std::string& id : record_ids) {
    std::optional<int64_t> n = ParseId(kKindRecord, id);
    if (!n.has_value()) continue;  // unknown IDs are silently ignored
    AQ_RETURN_IF_ERROR(stmt.Bind(1, *n).Bind(2, queue.n).Run());
  }
  return absl::OkStatus();
}

std::string RecordIdentityJson(const QueueRow& queue, const RecordState& record) {
  std::string out;
  AppendIdentity(out, MintId(kKindQueue, queue.n), record.n,
                 record.from_span ? "SPANS" : "DATASET",
                 record.from_span ? (record.trace_granularity ? "TRACE" : "SPAN") : "");
  out += "}";
  return out;
}

}  // namespace aqgate::emulator
