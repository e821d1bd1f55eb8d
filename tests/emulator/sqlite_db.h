// A small RAII wrapper over one SQLite connection and its prepared statements.
// Errors become absl::Status; nothing here knows about the emulator's tables.
#ifndef AQGATE_TESTS_EMULATOR_SQLITE_DB_H_
#define AQGATE_TESTS_EMULATOR_SQLITE_DB_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace aqgate::emulator {

class SqliteDb;

class Statement {
 public:
  // `owner` (may be null) takes the statement back for reuse on destruction.
  Statement(sqlite3* db, sqlite3_stmt* stmt, SqliteDb* owner = nullptr, std::string sql = "")
      : db_(db), stmt_(stmt), owner_(owner), sql_(std::move(sql)) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Binds are 1-based like SQLite's.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, absl::string_view value);
  Statement& BindNull(int index);
  Statement& BindOptional(int index, const std::optional<std::string>& value);

  // True when a row is available, false when done.
  absl::StatusOr<bool> Step();
  // Runs to completion (for statements without rows).
  absl::Status Run();
  void Reset();

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  absl::string_view TextView(int column) const;
  bool IsNull(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  SqliteDb* owner_;
  std::string sql_;
};

class SqliteDb {
 public:
  // Opens (creating if needed) `path`; ":memory:" for a private in-memory db.
  static absl::StatusOr<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  absl::Status Exec(absl::string_view sql);
  // Reuses an idle compiled statement of the same text when there is one:
  // compiling each query on every request was a tenth of the emulator's CPU
  // under load.
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  int64_t LastInsertRowId() const;
  int Changes() const;

 private:
  friend class Statement;
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  // Takes back a finished statement (reset, unbound) for the next Prepare.
  void Recycle(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_;
  std::mutex idle_mu_;
  std::map<std::string, std::vector<sqlite3_stmt*>, std::less<>> idle_;  // by SQL text
  size_t idle_count_ = 0;
};

// Runs `sql` inside BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when `body` fails.
template <typename Fn>
auto InTransaction(SqliteDb& db, Fn&& body) -> decltype(body()) {
  if (absl::Status s = db.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
  auto result = body();
  if (result.ok()) {
    if (absl::Status s = db.Exec("COMMIT"); !s.ok()) {
      db.Exec("ROLLBACK").IgnoreError();
      return s;
    }
  } else {
    db.Exec("ROLLBACK").IgnoreError();
  }
  return result;
}

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_SQLITE_DB_H_
