#include "tests/emulator/admin_ids.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/ids.h"
#include "service/common/status_macros.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

// Runs `sql` (columns: n, key) and maps key -> MintId(kind, n).
absl::Status Directory(SqliteDb& db, const char* sql, const char* kind, json& out) {
  AQ_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  out = json::object();
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return absl::OkStatus();
    out[stmt.Text(1)] = MintId(kind, stmt.Int(0));
  }
}

}  // namespace

absl::StatusOr<std::string> AdminIdsJson(Store& store) {
  absl::MutexLock lock(&store.mutex());
  SqliteDb& db = store.db();
  json out;
  AQ_RETURN_IF_ERROR(Directory(db, "SELECT n, name FROM organizations", kKindOrganization,
                                out["organizations"]));
  AQ_RETURN_IF_ERROR(Directory(db, "SELECT n, name FROM spaces", kKindSpace, out["spaces"]));
  AQ_RETURN_IF_ERROR(Directory(db, "SELECT n, email FROM users", kKindUser, out["users"]));
  AQ_RETURN_IF_ERROR(Directory(db,
                                "SELECT c.n, s.name || '/' || c.name FROM configs c JOIN spaces s "
                                "ON s.n = c.space_n",
                                kKindConfig, out["annotation_configs"]));
  AQ_RETURN_IF_ERROR(Directory(db,
                                "SELECT p.n, s.name || '/' || p.name FROM projects p JOIN spaces s "
                                "ON s.n = p.space_n",
                                kKindProject, out["projects"]));
  out["datasets"] = json::object();
  AQ_ASSIGN_OR_RETURN(Statement datasets,
                       db.Prepare("SELECT d.n, s.name || '/' || d.name FROM datasets d JOIN "
                                  "spaces s ON s.n = d.space_n"));
  while (true) {
    AQ_ASSIGN_OR_RETURN(bool row, datasets.Step());
    if (!row) break;
    const int64_t dataset_n = datasets.Int(0);
    json entry = {{"id", MintId(kKindDataset, dataset_n)}};
    AQ_RETURN_IF_ERROR(Directory(
        db,
        absl::StrCat("SELECT n, name FROM dataset_versions WHERE dataset_n = ", dataset_n).c_str(),
        kKindDatasetVersion, entry["versions"]));
    AQ_ASSIGN_OR_RETURN(
        Statement examples,
        db.Prepare("SELECT example_n FROM examples WHERE version_n = (SELECT MAX(n) FROM "
                   "dataset_versions WHERE dataset_n = ?) ORDER BY example_n"));
    examples.Bind(1, dataset_n);
    entry["examples"] = json::array();
    while (true) {
      AQ_ASSIGN_OR_RETURN(bool example, examples.Step());
      if (!example) break;
      entry["examples"].push_back(MintId(kKindExample, examples.Int(0)));
    }
    out["datasets"][datasets.Text(1)] = std::move(entry);
  }
  return out.dump();
}

}  // namespace aqgate::emulator
