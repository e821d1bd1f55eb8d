// The emulator's storage: one SQLite connection (WAL, synchronous=NORMAL, so
// an acknowledged write survives the process being killed) behind a mutex.
#ifndef AQGATE_TESTS_EMULATOR_STORE_H_
#define AQGATE_TESTS_EMULATOR_STORE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

class Store {
 public:
  // Opens `path` (":memory:" for a private in-memory database) and creates
  // the tables if they are missing.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& path);

  // True once a seed has been loaded (the seed loads only into an empty db).
  absl::StatusOr<bool> IsSeeded();

  absl::Mutex& mutex() ABSL_LOCK_RETURNED(mu_) { return mu_; }
  SqliteDb& db() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return *db_; }

 private:
  explicit Store(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  absl::Mutex mu_;
  std::unique_ptr<SqliteDb> db_ ABSL_PT_GUARDED_BY(mu_);
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_STORE_H_
