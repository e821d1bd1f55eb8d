#include "tests/emulator/store.h"

namespace aqgate::emulator {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organizations(n INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS spaces(
  n INTEGER PRIMARY KEY, org_n INTEGER NOT NULL, name TEXT NOT NULL,
  description TEXT NOT NULL, created_ms INTEGER NOT NULL, is_private INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users(
  n INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE, all_spaces INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys(key TEXT PRIMARY KEY, user_n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS user_spaces(
  user_n INTEGER NOT NULL, space_n INTEGER NOT NULL, PRIMARY KEY(user_n, space_n));
CREATE TABLE IF NOT EXISTS configs(
  n INTEGER PRIMARY KEY, space_n INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
  json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS projects(n INTEGER PRIMARY KEY, space_n INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS spans(
  row INTEGER PRIMARY KEY, project_n INTEGER NOT NULL, span_id TEXT NOT NULL,
  trace_id TEXT NOT NULL, is_root INTEGER NOT NULL, start_ms INTEGER NOT NULL,
  data_json TEXT NOT NULL, evals_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS spans_by_span ON spans(project_n, span_id);
CREATE INDEX IF NOT EXISTS spans_by_trace ON spans(project_n, trace_id);
CREATE TABLE IF NOT EXISTS datasets(n INTEGER PRIMARY KEY, space_n INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dataset_versions(
  n INTEGER PRIMARY KEY, dataset_n INTEGER NOT NULL, name TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS examples(
  row INTEGER PRIMARY KEY, version_n INTEGER NOT NULL, example_n INTEGER NOT NULL,
  data_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS examples_by_version ON examples(version_n, example_n);
CREATE TABLE IF NOT EXISTS queues(
  n INTEGER PRIMARY KEY, space_n INTEGER NOT NULL, name TEXT NOT NULL, instructions TEXT,
  assignment TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS queues_active_name ON queues(space_n, name) WHERE deleted = 0;
CREATE TABLE IF NOT EXISTS queue_configs(
  queue_n INTEGER NOT NULL, pos INTEGER NOT NULL, config_n INTEGER NOT NULL,
  PRIMARY KEY(queue_n, pos));
CREATE TABLE IF NOT EXISTS queue_annotators(
  queue_n INTEGER NOT NULL, pos INTEGER NOT NULL, user_n INTEGER NOT NULL,
  PRIMARY KEY(queue_n, pos));
-- AUTOINCREMENT: a deleted record's ID is never handed out again, as upstream.
CREATE TABLE IF NOT EXISTS records(
  n INTEGER PRIMARY KEY AUTOINCREMENT, queue_n INTEGER NOT NULL, source_type TEXT NOT NULL,
  granularity TEXT, span_row INTEGER, example_row INTEGER,
  annotations_json TEXT NOT NULL DEFAULT '[]', assigned_json TEXT NOT NULL DEFAULT '[]');
CREATE INDEX IF NOT EXISTS records_by_queue ON records(queue_n);
)sql";

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path) {
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path);
  if (!db.ok()) return db.status();
  SqliteDb& conn = **db;
  // WAL + NORMAL: a committed transaction is in the WAL before COMMIT
  // returns, so killing the process cannot lose it (only power loss could).
  if (path != ":memory:") {
    if (absl::Status s = conn.Exec("PRAGMA journal_mode=WAL"); !s.ok()) return s;
  }
  for (const char* pragma : {"PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=OFF",
                             "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"}) {
    if (absl::Status s = conn.Exec(pragma); !s.ok()) return s;
  }
  if (absl::Status s = conn.Exec(kSchema); !s.ok()) return s;
  return std::unique_ptr<Store>(new Store(std::move(*db)));
}

absl::StatusOr<bool> Store::IsSeeded() {
  absl::MutexLock lock(&mu_);
  absl::StatusOr<Statement> stmt = db_->Prepare("SELECT value FROM meta WHERE key = 'seeded'");
  if (!stmt.ok()) return stmt.status();
  return stmt->Step();
}

}  // namespace aqgate::emulator
