#include "tests/emulator/seed_loader.h"

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/emulator/ids.h"
#include "tests/emulator/span_generator.h"
#include "service/common/status_macros.h"
#include "tests/emulator/time_util.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

constexpr int64_t kDefaultCreatedMs = 1767225600000;  // 2026-01-01T00:00:00Z
constexpr int64_t kDefaultWindowStartMs = 1772323200000;  // 2026-03-01T00:00:00Z
constexpr int64_t kDayMs = 86400000;

absl::Status SeedError(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("seed ", where, ": ", what));
}

absl::StatusOr<std::string> RequiredString(const json& object, const char* key,
                                           absl::string_view where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return SeedError(where, absl::StrCat("'", key, "' must be a non-empty string"));
  }
  return it->get<std::string>();
}

std::string OptionalString(const json& object, const char* key, const std::string& fallback) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

absl::StatusOr<int64_t> OptionalTime(const json& object, const char* key, int64_t fallback,
                                     absl::string_view where) {
  auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string()) return SeedError(where, absl::StrCat("'", key, "' must be a string"));
  std::optional<int64_t> ms = ParseRfc3339Millis(it->get_ref<const std::string&>());
  if (!ms.has_value()) return SeedError(where, absl::StrCat("'", key, "' is not RFC 3339"));
  return *ms;
}

const json& ArrayOrEmpty(const json& object, const char* key) {
  static const json kEmpty = json::array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

class Loader {
 public:
  explicit Loader(SqliteDb& db) : db_(db) {}

  absl::Status Load(const json& seed) {
    if (!seed.is_object()) return SeedError("(root)", "must be an object");
    AQ_RETURN_IF_ERROR(LoadOrganizations(ArrayOrEmpty(seed, "organizations")));
    AQ_RETURN_IF_ERROR(LoadUsers(ArrayOrEmpty(seed, "users")));
    AQ_RETURN_IF_ERROR(LoadConfigs(ArrayOrEmpty(seed, "annotation_configs")));
    const json& projects = ArrayOrEmpty(seed, "projects");
    for (size_t i = 0; i < projects.size(); ++i) {
      AQ_RETURN_IF_ERROR(LoadProject(projects[i], absl::StrCat("projects[", i, "]")));
    }
    const json& datasets = ArrayOrEmpty(seed, "datasets");
    for (size_t i = 0; i < datasets.size(); ++i) {
      AQ_RETURN_IF_ERROR(LoadDataset(datasets[i], absl::StrCat("datasets[", i, "]")));
    }
    auto synthetic = seed.find("synthetic");
    if (synthetic != seed.end()) AQ_RETURN_IF_ERROR(LoadSynthetic(*synthetic));
    return db_.Exec("INSERT OR REPLACE INTO meta(key, value) VALUES('seeded', '1')");
  }

 private:
  absl::StatusOr<int64_t> SpaceNumber(const json& object, absl::string_view where) {
    AQ_ASSIGN_OR_RETURN(auto name, RequiredString(object, "space", where));
    auto it = spaces_.find(name);
    if (it == spaces_.end()) return SeedError(where, absl::StrCat("unknown space '", name, "'"));
    return it->second;
  }

  absl::Status LoadOrganizations(const json& organizations) {
    AQ_ASSIGN_OR_RETURN(auto org_stmt, db_.Prepare("INSERT INTO organizations(name) VALUES(?)"));
    AQ_ASSIGN_OR_RETURN(auto space_stmt, db_.Prepare("INSERT INTO spaces(org_n, name, description, created_ms, "
                                "is_private) VALUES(?, ?, ?, ?, ?)"));
    for (size_t i = 0; i < organizations.size(); ++i) {
      std::string where = absl::StrCat("organizations[", i, "]");
      AQ_ASSIGN_OR_RETURN(auto org_name, RequiredString(organizations[i], "name", where));
      AQ_RETURN_IF_ERROR(org_stmt.Bind(1, org_name).Run());
      const int64_t org_n = db_.LastInsertRowId();
      const json& spaces = ArrayOrEmpty(organizations[i], "spaces");
      for (size_t j = 0; j < spaces.size(); ++j) {
        std::string space_where = absl::StrCat(where, ".spaces[", j, "]");
        AQ_ASSIGN_OR_RETURN(auto name, RequiredString(spaces[j], "name", space_where));
        AQ_ASSIGN_OR_RETURN(auto created, OptionalTime(spaces[j], "created_at", kDefaultCreatedMs, space_where));
        const bool is_private = spaces[j].value("is_private", false);
        AQ_RETURN_IF_ERROR(space_stmt.Bind(1, org_n)
                                 .Bind(2, name)
                                 .Bind(3, OptionalString(spaces[j], "description", ""))
                                 .Bind(4, created)
                                 .Bind(5, static_cast<int64_t>(is_private ? 1 : 0))
                                 .Run());
        if (!spaces_.emplace(name, db_.LastInsertRowId()).second) {
          return SeedError(space_where, "duplicate space name");
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status LoadUsers(const json& users) {
    AQ_ASSIGN_OR_RETURN(auto user_stmt, db_.Prepare("INSERT INTO users(email, all_spaces) VALUES(?, ?)"));
    AQ_ASSIGN_OR_RETURN(auto key_stmt, db_.Prepare("INSERT INTO api_keys(key, user_n) VALUES(?, ?)"));
    AQ_ASSIGN_OR_RETURN(auto access_stmt, db_.Prepare("INSERT INTO user_spaces(user_n, space_n) VALUES(?, ?)"));
    for (size_t i = 0; i < users.size(); ++i) {
      std::string where = absl::StrCat("users[", i, "]");
      AQ_ASSIGN_OR_RETURN(auto email, RequiredString(users[i], "email", where));
      auto spaces = users[i].find("spaces");
      const bool all = spaces != users[i].end() && spaces->is_string() && *spaces == "*";
      AQ_RETURN_IF_ERROR(user_stmt.Bind(1, email).Bind(2, static_cast<int64_t>(all)).Run());
      const int64_t user_n = db_.LastInsertRowId();
      users_.emplace(email, user_n);
      for (const json& key : ArrayOrEmpty(users[i], "api_keys")) {
        if (!key.is_string() || key.get_ref<const std::string&>().empty()) {
          return SeedError(where, "api_keys must be non-empty strings");
        }
        AQ_RETURN_IF_ERROR(key_stmt.Bind(1, key.get<std::string>()).Bind(2, user_n).Run());
      }
      if (!all) {
        for (const json& space : ArrayOrEmpty(users[i], "spaces")) {
          auto it = space.is_string() ? spaces_.find(space.get<std::string>()) : spaces_.end();
          if (it == spaces_.end()) return SeedError(where, "unknown space in 'spaces'");
          AQ_RETURN_IF_ERROR(access_stmt.Bind(1, user_n).Bind(2, it->second).Run());
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status LoadConfigs(const json& configs) {
    AQ_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO configs(space_n, name, type, json) VALUES(?, ?, ?, '')"));
    AQ_ASSIGN_OR_RETURN(auto update, db_.Prepare("UPDATE configs SET json = ? WHERE n = ?"));
    for (size_t i = 0; i < configs.size(); ++i) {
      std::string where = absl::StrCat("annotation_configs[", i, "]");
      const json& config = configs[i];
      AQ_ASSIGN_OR_RETURN(auto space_n, SpaceNumber(config, where));
      AQ_ASSIGN_OR_RETURN(auto name, RequiredString(config, "name", where));
      AQ_ASSIGN_OR_RETURN(auto type, RequiredString(config, "type", where));
      AQ_ASSIGN_OR_RETURN(auto created, OptionalTime(config, "created_at", kDefaultCreatedMs, where));
      AQ_RETURN_IF_ERROR(stmt.Bind(1, space_n).Bind(2, name).Bind(3, type).Run());
      const int64_t n = db_.LastInsertRowId();
      json out = {{"id", MintId(kKindConfig, n)},
                  {"name", name},
                  {"created_at", FormatRfc3339Millis(created)},
                  {"space_id", MintId(kKindSpace, space_n)},
                  {"type", type}};
      if (type == "CONTINUOUS") {
        if (!config.contains("minimum_score") || !config["minimum_score"].is_number() ||
            !config.contains("maximum_score") || !config["maximum_score"].is_number() ||
            config["minimum_score"].get<double>() >= config["maximum_score"].get<double>()) {
          return SeedError(where, "CONTINUOUS needs numeric minimum_score < maximum_score");
        }
        out["minimum_score"] = config["minimum_score"];
        out["maximum_score"] = config["maximum_score"];
      } else if (type == "CATEGORICAL") {
        const json& values = ArrayOrEmpty(config, "values");
        if (values.empty()) return SeedError(where, "CATEGORICAL needs values");
        out["values"] = json::array();
        for (const json& value : values) {
          if (!value.is_object() || !value.contains("label") || !value["label"].is_string()) {
            return SeedError(where, "each value needs a string label");
          }
          json v = {{"label", value["label"]}};
          if (value.contains("score")) v["score"] = value["score"];
          out["values"].push_back(std::move(v));
        }
      } else if (type != "FREEFORM") {
        return SeedError(where, "type must be CONTINUOUS, CATEGORICAL or FREEFORM");
      }
      if (type != "FREEFORM" && config.contains("optimization_direction")) {
        out["optimization_direction"] = config["optimization_direction"];
      }
      AQ_RETURN_IF_ERROR(update.Bind(1, out.dump()).Bind(2, n).Run());
      configs_[{space_n, name}] = n;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<int64_t> InsertProject(int64_t space_n, const std::string& name) {
    AQ_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO projects(space_n, name) VALUES(?, ?)"));
    AQ_RETURN_IF_ERROR(stmt.Bind(1, space_n).Bind(2, name).Run());
    return db_.LastInsertRowId();
  }

  absl::Status InsertSpan(Statement& stmt, int64_t project_n, const json& span,
                          absl::string_view where) {
    if (!span.is_object()) return SeedError(where, "span must be an object");
    AQ_ASSIGN_OR_RETURN(auto span_id, RequiredString(span, "span_id", where));
    AQ_ASSIGN_OR_RETURN(auto trace_id, RequiredString(span, "trace_id", where));
    AQ_ASSIGN_OR_RETURN(auto start_text, RequiredString(span, "start_time", where));
    std::optional<int64_t> start = ParseRfc3339Millis(start_text);
    if (!start.has_value()) return SeedError(where, "start_time is not RFC 3339");
    auto parent = span.find("parent_id");
    const bool is_root = parent == span.end() || parent->is_null() ||
                         (parent->is_string() && parent->get_ref<const std::string&>().empty());
    auto evaluations = span.find("evaluations");
    std::string evals = evaluations != span.end() && evaluations->is_array()
                            ? evaluations->dump()
                            : std::string("[]");
    return stmt.Bind(1, project_n)
        .Bind(2, span_id)
        .Bind(3, trace_id)
        .Bind(4, static_cast<int64_t>(is_root))
        .Bind(5, *start)
        .Bind(6, SpanRecordData(span).dump())
        .Bind(7, evals)
        .Run();
  }

  absl::StatusOr<Statement> PrepareSpanInsert() {
    return db_.Prepare(
        "INSERT INTO spans(project_n, span_id, trace_id, is_root, start_ms, data_json, "
        "evals_json) VALUES(?, ?, ?, ?, ?, ?, ?)");
  }

  absl::Status LoadProject(const json& project, const std::string& where) {
    AQ_ASSIGN_OR_RETURN(auto space_n, SpaceNumber(project, where));
    AQ_ASSIGN_OR_RETURN(auto name, RequiredString(project, "name", where));
    AQ_ASSIGN_OR_RETURN(auto project_n, InsertProject(space_n, name));
    AQ_ASSIGN_OR_RETURN(auto stmt, PrepareSpanInsert());
    const json& spans = ArrayOrEmpty(project, "spans");
    for (size_t i = 0; i < spans.size(); ++i) {
      AQ_RETURN_IF_ERROR(
          InsertSpan(stmt, project_n, spans[i], absl::StrCat(where, ".spans[", i, "]")));
    }
    return absl::OkStatus();
  }

  absl::Status LoadDataset(const json& dataset, const std::string& where) {
    AQ_ASSIGN_OR_RETURN(auto space_n, SpaceNumber(dataset, where));
    AQ_ASSIGN_OR_RETURN(auto name, RequiredString(dataset, "name", where));
    AQ_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO datasets(space_n, name) VALUES(?, ?)"));
    AQ_RETURN_IF_ERROR(stmt.Bind(1, space_n).Bind(2, name).Run());
    const int64_t dataset_n = db_.LastInsertRowId();
    AQ_ASSIGN_OR_RETURN(auto version_stmt, db_.Prepare("INSERT INTO dataset_versions(dataset_n, name, created_ms) "
                                      "VALUES(?, ?, ?)"));
    AQ_ASSIGN_OR_RETURN(auto example_stmt, db_.Prepare("INSERT INTO examples(version_n, example_n, data_json) "
                                      "VALUES(?, ?, ?)"));
    AQ_ASSIGN_OR_RETURN(auto max_example, db_.Prepare("SELECT COALESCE(MAX(example_n), 0) FROM examples"));
    std::map<std::string, int64_t> example_numbers;  // example "key" -> example number
    const json& versions = ArrayOrEmpty(dataset, "versions");
    if (versions.empty()) return SeedError(where, "needs at least one version");
    for (size_t v = 0; v < versions.size(); ++v) {
      std::string version_where = absl::StrCat(where, ".versions[", v, "]");
      AQ_ASSIGN_OR_RETURN(auto version_name, RequiredString(versions[v], "name", version_where));
      AQ_ASSIGN_OR_RETURN(auto created, OptionalTime(versions[v], "created_at",
                                                  kDefaultCreatedMs + static_cast<int64_t>(v),
                                                  version_where));
      AQ_RETURN_IF_ERROR(
          version_stmt.Bind(1, dataset_n).Bind(2, version_name).Bind(3, created).Run());
      const int64_t version_n = db_.LastInsertRowId();
      const json& examples = ArrayOrEmpty(versions[v], "examples");
      for (size_t e = 0; e < examples.size(); ++e) {
        std::string example_where = absl::StrCat(version_where, ".examples[", e, "]");
        AQ_ASSIGN_OR_RETURN(auto key, RequiredString(examples[e], "key", example_where));
        auto data = examples[e].find("data");
        if (data == examples[e].end() || !data->is_object()) {
          return SeedError(example_where, "'data' must be an object");
        }
        auto [it, inserted] = example_numbers.emplace(key, 0);
        if (inserted) {
          AQ_ASSIGN_OR_RETURN(auto has_row, max_example.Step());
          it->second = (has_row ? max_example.Int(0) : 0) + 1;
          max_example.Reset();
        }
        json record = *data;
        record["example_id"] = MintId(kKindExample, it->second);
        AQ_RETURN_IF_ERROR(
            example_stmt.Bind(1, version_n).Bind(2, it->second).Bind(3, record.dump()).Run());
      }
    }
    return absl::OkStatus();
  }

  // "synthetic": {"space", "project_name", "project_spans", "start_time",
  // "end_time", "queues": [{"name", "space", "records", "annotation_configs",
  // "annotators", "assignment_method"}]}
  absl::Status LoadSynthetic(const json& synthetic) {
    if (!synthetic.is_object()) return SeedError("synthetic", "must be an object");
    if (spaces_.empty()) return SeedError("synthetic", "needs at least one space");
    const std::string default_space = OptionalString(synthetic, "space", spaces_.begin()->first);
    auto space = spaces_.find(default_space);
    if (space == spaces_.end()) return SeedError("synthetic", "unknown space");
    const int64_t spans = synthetic.value("project_spans", int64_t{0});
    int64_t project_n = 0;
    int64_t first_row = 0;
    int64_t span_rows = 0;
    if (spans > 0) {
      AQ_ASSIGN_OR_RETURN(auto start, OptionalTime(synthetic, "start_time", kDefaultWindowStartMs,
                                                "synthetic"));
      AQ_ASSIGN_OR_RETURN(auto end, OptionalTime(synthetic, "end_time", start + kDayMs, "synthetic"));
      AQ_ASSIGN_OR_RETURN(auto n, InsertProject(space->second, OptionalString(synthetic, "project_name",
                                                         "bench-project")));
      project_n = n;
      AQ_ASSIGN_OR_RETURN(auto stmt, PrepareSpanInsert());
      SpanGeneratorOptions options;
      options.span_count = spans;
      options.window_start_ms = start;
      options.window_end_ms = end;
      options.seed = 7;
      absl::Status status;
      GenerateSpans(options, [&](const json& span) {
        if (status.ok()) status = InsertSpan(stmt, project_n, span, "synthetic span");
        if (first_row == 0) first_row = db_.LastInsertRowId();
      });
      AQ_RETURN_IF_ERROR(status);
      span_rows = spans;
    } else {
      // Without a synthetic project, synthetic queues cycle over all spans.
      AQ_ASSIGN_OR_RETURN(auto bounds, db_.Prepare("SELECT MIN(row), COUNT(*) FROM spans"));
      AQ_ASSIGN_OR_RETURN(auto has_row, bounds.Step());
      if (has_row) {
        first_row = bounds.Int(0);
        span_rows = bounds.Int(1);
      }
    }
    const json& queues = ArrayOrEmpty(synthetic, "queues");
    for (size_t i = 0; i < queues.size(); ++i) {
      AQ_RETURN_IF_ERROR(LoadSyntheticQueue(queues[i], absl::StrCat("synthetic.queues[", i, "]"),
                                              default_space, first_row, span_rows));
    }
    return absl::OkStatus();
  }

  absl::Status LoadSyntheticQueue(const json& queue, const std::string& where,
                                  const std::string& default_space, int64_t first_row,
                                  int64_t span_rows) {
    AQ_ASSIGN_OR_RETURN(auto name, RequiredString(queue, "name", where));
    auto space = spaces_.find(OptionalString(queue, "space", default_space));
    if (space == spaces_.end()) return SeedError(where, "unknown space");
    const int64_t records = queue.value("records", int64_t{0});
    if (records > 0 && span_rows == 0) return SeedError(where, "records need spans to point at");
    const std::string assignment = OptionalString(queue, "assignment_method", "ALL");
    AQ_ASSIGN_OR_RETURN(auto stmt, db_.Prepare("INSERT INTO queues(space_n, name, instructions, "
                                            "assignment, created_ms, updated_ms) "
                                            "VALUES(?, ?, ?, ?, ?, ?)"));
    const int64_t now = kDefaultCreatedMs + kDayMs;
    AQ_RETURN_IF_ERROR(stmt.Bind(1, space->second)
                             .Bind(2, name)
                             .Bind(3, OptionalString(queue, "instructions",
                                                     "Synthetic queue for benchmarks."))
                             .Bind(4, assignment)
                             .Bind(5, now)
                             .Bind(6, now)
                             .Run());
    const int64_t queue_n = db_.LastInsertRowId();
    AQ_ASSIGN_OR_RETURN(auto config_stmt, db_.Prepare("INSERT INTO queue_configs(queue_n, pos, "
                                                   "config_n) VALUES(?, ?, ?)"));
    int64_t pos = 0;
    for (const json& config : ArrayOrEmpty(queue, "annotation_configs")) {
      auto it = config.is_string() ? configs_.find({space->second, config.get<std::string>()})
                                   : configs_.end();
      if (it == configs_.end()) return SeedError(where, "unknown annotation config");
      AQ_RETURN_IF_ERROR(config_stmt.Bind(1, queue_n).Bind(2, pos++).Bind(3, it->second).Run());
    }
    AQ_ASSIGN_OR_RETURN(auto annotator_stmt, db_.Prepare("INSERT INTO queue_annotators(queue_n, "
                                                      "pos, user_n) VALUES(?, ?, ?)"));
    json assigned = json::array();
    pos = 0;
    for (const json& email : ArrayOrEmpty(queue, "annotators")) {
      auto it = email.is_string() ? users_.find(email.get<std::string>()) : users_.end();
      if (it == users_.end()) return SeedError(where, "unknown annotator");
      AQ_RETURN_IF_ERROR(
          annotator_stmt.Bind(1, queue_n).Bind(2, pos++).Bind(3, it->second).Run());
      assigned.push_back({{"user", {{"id", MintId(kKindUser, it->second)}, {"email", it->first}}},
                          {"completion_status", "PENDING"}});
    }
    const std::string assigned_json = assigned.dump();
    AQ_ASSIGN_OR_RETURN(auto record_stmt, db_.Prepare("INSERT INTO records(queue_n, source_type, granularity, "
                                      "span_row, annotations_json, assigned_json) "
                                      "VALUES(?, 'SPANS', 'SPAN', ?, '[]', ?)"));
    for (int64_t i = 0; i < records; ++i) {
      AQ_RETURN_IF_ERROR(record_stmt.Bind(1, queue_n)
                               .Bind(2, first_row + i % span_rows)
                               .Bind(3, assigned_json)
                               .Run());
    }
    return absl::OkStatus();
  }

  SqliteDb& db_;
  std::map<std::string, int64_t> spaces_;
  std::map<std::string, int64_t> users_;
  std::map<std::pair<int64_t, std::string>, int64_t> configs_;
};

}  // namespace

absl::Status LoadSeed(Store& store, const nlohmann::json& seed) {
  absl::StatusOr<bool> seeded = store.IsSeeded();
  if (!seeded.ok()) return seeded.status();
  if (*seeded) return absl::OkStatus();
  absl::MutexLock lock(&store.mutex());
  SqliteDb& db = store.db();
  return InTransaction(db, [&]() -> absl::Status {
    try {
      return Loader(db).Load(seed);
    } catch (const nlohmann::json::exception& e) {
      // A value of the wrong JSON type somewhere in the seed.
      return absl::InvalidArgumentError(absl::StrCat("seed: ", e.what()));
    }
  });
}

absl::StatusOr<nlohmann::json> ReadSeedFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read seed file ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json seed = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (seed.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat("seed file ", path, " is not valid JSON"));
  }
  return seed;
}

}  // namespace aqgate::emulator
