#include "tests/emulator/record_sources.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/problem.h"
#include "tests/emulator/request_fields.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

constexpr int64_t kMaxWindowMs = 7LL * 24 * 3600 * 1000;

// Field names inside a source are reported as "<prefix>.<name>".
std::string Field(const std::string& prefix, absl::string_view name) {
  return absl::StrCat(prefix, ".", name);
}

absl::StatusOr<int64_t> ResolveProject(SqliteDb& db, int64_t space_n, const nlohmann::json& source,
                                       const std::string& prefix) {
  const std::string field = Field(prefix, "project_id");
  auto it = source.find("project_id");
  if (it == source.end() || !it->is_string()) {
    return BadRequest(field, absl::StrCat("'", field, "' is required and must be a string"));
  }
  std::optional<int64_t> n = ParseId(kKindProject, it->get<std::string>());
  if (!n.has_value()) return BadRequest(field, absl::StrCat("'", field, "' is not a project ID"));
  AQ_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT space_n FROM projects WHERE n = ?"));
  stmt.Bind(1, *n);
  AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found || stmt.Int(0) != space_n) {
    return Unprocessable(field, absl::StrCat("'", field, "' is not a project of the queue's space"));
  }
  return *n;
}

struct Window {
  int64_t start_ms;
  int64_t end_ms;
};

absl::StatusOr<Window> ResolveWindow(const nlohmann::json& source, const std::string& prefix) {
  int64_t bounds[2] = {0, 0};
  const char* names[2] = {"start_time", "end_time"};
  for (int i = 0; i < 2; ++i) {
    const std::string field = Field(prefix, names[i]);
    auto it = source.find(names[i]);
    if (it == source.end() || !it->is_string()) {
      return BadRequest(field, absl::StrCat("'", field, "' is required (RFC 3339 date-time)"));
    }
    std::optional<int64_t> ms = ParseRfc3339Millis(it->get_ref<const std::string&>());
    if (!ms.has_value()) {
      return BadRequest(field, absl::StrCat("'", field, "' is not an RFC 3339 date-time"));
    }
    bounds[i] = *ms;
  }
  const std::string end_field = Field(prefix, "end_time");
  if (bounds[1] <= bounds[0]) {
    return Unprocessable(end_field, absl::StrCat("'", end_field, "' must be after start_time"));
  }
  if (bounds[1] - bounds[0] > kMaxWindowMs) {
    return Unprocessable(end_field,
                         absl::StrCat("'", end_field, "': the time range must not exceed 7 days"));
  }
  return Window{bounds[0], bounds[1]};
}

// Spans (by span ID) or trace roots (by trace ID) inside the window.
absl::Status ResolveSpans(SqliteDb& db, const nlohmann::json& source, const std::string& prefix,
                          bool traces, int64_t space_n, std::vector<NewRecord>& out) {
  AQ_ASSIGN_OR_RETURN(int64_t project_n, ResolveProject(db, space_n, source, prefix));
  AQ_ASSIGN_OR_RETURN(Window window, ResolveWindow(source, prefix));
  const std::string key = traces ? "trace_ids" : "span_ids";
  const std::string field = Field(prefix, key);
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> ids,
                       OptionalStringList(source, key, 1, kMaxRecordsPerRequest, field));
  if (!ids.has_value()) return BadRequest(field, absl::StrCat("'", field, "' is required"));
  AQ_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(traces ? "SELECT row FROM spans WHERE project_n = ? AND trace_id = ? AND "
                          "is_root = 1 AND start_ms >= ? AND start_ms <= ? ORDER BY row LIMIT 1"
                        : "SELECT row FROM spans WHERE project_n = ? AND span_id = ? AND "
                          "start_ms >= ? AND start_ms <= ? ORDER BY row LIMIT 1"));
  for (const std::string& id : *ids) {
    stmt.Bind(1, project_n).Bind(2, id).Bind(3, window.start_ms).Bind(4, window.end_ms);
    AQ_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) {
      NewRecord record;
      record.trace_granularity = traces;
      record.span_row = stmt.Int(0);
      out.push_back(record);
    }
    stmt.Reset();
  }
  return absl::OkStatus();
}

absl::Status ResolveExamples(SqliteDb& db, const nlohmann::json& source, const std::string& prefix,
                             int64_t space_n, std::vector<NewRecord>& out) {
  const std::string dataset_field = Field(prefix, "dataset_id");
  auto dataset = source.find("dataset_id");
  if (dataset == source.end() || !dataset->is_string()) {
    return BadRequest(dataset_field, absl::StrCat("'", dataset_field, "' is required"));
  }
  std::optional<int64_t> dataset_n = ParseId(kKindDataset, dataset->get<std::string>());
  if (!dataset_n.has_value()) {
    return BadRequest(dataset_field, absl::StrCat("'", dataset_field, "' is not a dataset ID"));
  }
  AQ_ASSIGN_OR_RETURN(Statement ds, db.Prepare("SELECT space_n FROM datasets WHERE n = ?"));
  ds.Bind(1, *dataset_n);
  AQ_ASSIGN_OR_RETURN(bool ds_found, ds.Step());
  if (!ds_found || ds.Int(0) != space_n) {
    return Unprocessable(dataset_field,
                         absl::StrCat("'", dataset_field, "' is not a dataset of the queue's space"));
  }
  const std::string version_field = Field(prefix, "dataset_version_id");
  AQ_ASSIGN_OR_RETURN(std::optional<std::string> version_id,
                       OptionalString(source, "dataset_version_id", version_field));
  int64_t version_n = 0;
  if (version_id.has_value()) {
    std::optional<int64_t> n = ParseId(kKindDatasetVersion, *version_id);
    if (!n.has_value()) {
      return BadRequest(version_field,
                        absl::StrCat("'", version_field, "' is not a dataset version ID"));
    }
    AQ_ASSIGN_OR_RETURN(Statement v, db.Prepare("SELECT dataset_n FROM dataset_versions WHERE n = ?"));
    v.Bind(1, *n);
    AQ_ASSIGN_OR_RETURN(bool found, v.Step());
    if (!found || v.Int(0) != *dataset_n) {
      return Unprocessable(version_field,
                           absl::StrCat("'", version_field, "' is not a version of the dataset"));
    }
    version_n = *n;
  } else {
    AQ_ASSIGN_OR_RETURN(Statement v,
                         db.Prepare("SELECT MAX(n) FROM dataset_versions WHERE dataset_n = ?"));
    v.Bind(1, *dataset_n);
    AQ_ASSIGN_OR_RETURN(bool found, v.Step());
    if (!found || v.IsNull(0)) return Unprocessable(dataset_field, "the dataset has no versions");
    version_n = v.Int(0);
  }
  const std::string examples_field = Field(prefix, "example_ids");
  AQ_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> example_ids,
                       OptionalStringList(source, "example_ids", 1, kMaxRecordsPerRequest,
                                          examples_field));
  if (!example_ids.has_value()) {
    // The whole dataset version, allowed only if it fits in one request.
    AQ_ASSIGN_OR_RETURN(Statement all, db.Prepare("SELECT row FROM examples WHERE version_n = ? "
                                                   "ORDER BY example_n LIMIT ?"));
    all.Bind(1, version_n).Bind(2, static_cast<int64_t>(kMaxRecordsPerRequest + 1));
    size_t count = 0;
    while (true) {
      AQ_ASSIGN_OR_RETURN(bool row, all.Step());
      if (!row) break;
      if (++count > kMaxRecordsPerRequest) {
        return Unprocessable(examples_field,
                             "the whole dataset has more than 500 examples: give example_ids");
      }
      NewRecord record;
      record.from_span = false;
      record.example_row = all.Int(0);
      out.push_back(record);
    }
    return absl::OkStatus();
  }
  AQ_ASSIGN_OR_RETURN(Statement one, db.Prepare("SELECT row FROM examples WHERE version_n = ? AND "
                                                 "example_n = ?"));
  for (size_t i = 0; i < example_ids->size(); ++i) {
    const std::string item = absl::StrCat(examples_field, "[", i, "]");
    std::optional<int64_t> n = ParseId(kKindExample, (*example_ids)[i]);
    if (!n.has_value()) return BadRequest(item, absl::StrCat("'", item, "' is not an example ID"));
    one.Bind(1, version_n).Bind(2, *n);
    AQ_ASSIGN_OR_RETURN(bool found, one.Step());
    if (!found) {
      one.Reset();
      return Unprocessable(item, absl::StrCat("'", item, "' is not an example of the version"));
    }
    NewRecord record;
    record.from_span = false;
    record.example_row = one.Int(0);
    out.push_back(record);
    one.Reset();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<NewRecord>> ResolveRecordSources(SqliteDb& db, int64_t space_n,
                                                            const nlohmann::json& sources,
                                                            const std::string& field) {
  if (!sources.is_array()) return BadRequest(field, absl::StrCat("'", field, "' must be an array"));
  if (sources.size() > kMaxSourcesPerRequest) {
    return BadRequest(field, absl::StrCat("'", field, "' allows at most 2 sources per request"));
  }
  std::vector<NewRecord> out;
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::string prefix = absl::StrCat(field, "[", i, "]");
    const nlohmann::json& source = sources[i];
    if (!source.is_object()) return BadRequest(prefix, absl::StrCat("'", prefix, "' must be an object"));
    auto type = source.find("record_type");
    const std::string type_field = Field(prefix, "record_type");
    if (type == source.end() || !type->is_string()) {
      return BadRequest(type_field, absl::StrCat("'", type_field, "' is required"));
    }
    const std::string kind = absl::AsciiStrToUpper(type->get<std::string>());
    if (kind == "SPAN" || kind == "TRACE") {
      AQ_RETURN_IF_ERROR(ResolveSpans(db, source, prefix, kind == "TRACE", space_n, out));
    } else if (kind == "EXAMPLE") {
      AQ_RETURN_IF_ERROR(ResolveExamples(db, source, prefix, space_n, out));
    } else {
      return BadRequest(type_field,
                        absl::StrCat("'", type_field, "' must be SPAN, TRACE or EXAMPLE"));
    }
    if (out.size() > kMaxRecordsPerRequest) {
      return Unprocessable(field, "a request may add at most 500 records in total");
    }
  }
  return out;
}

}  // namespace aqgate::emulator
