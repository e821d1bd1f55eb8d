// Annotation queues in the store: lookup, JSON shape, and resolution of the
// config IDs and annotator emails a create/update names.
#ifndef AQGATE_TESTS_EMULATOR_QUEUE_MODEL_H_
#define AQGATE_TESTS_EMULATOR_QUEUE_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tests/emulator/caller.h"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

struct QueueRow {
  int64_t n = 0;
  int64_t space_n = 0;
  std::string name;
  std::optional<std::string> instructions;
  std::string assignment;  // "ALL" | "RANDOM"
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

struct UserRef {
  int64_t n = 0;
  std::string email;
};

// The active queue with ID `queue_id`: 404 when the ID is malformed, unknown
// or deleted, 403 when the caller cannot reach its space.
absl::StatusOr<QueueRow> LoadQueueForCaller(SqliteDb& db, const Caller& caller,
                                            const std::string& queue_id);
absl::StatusOr<nlohmann::json> QueueJson(SqliteDb& db, const QueueRow& queue);
absl::StatusOr<std::vector<UserRef>> QueueAnnotators(SqliteDb& db, int64_t queue_n);
// Name -> config JSON for the queue's configs.
absl::StatusOr<std::vector<nlohmann::json>> QueueConfigs(SqliteDb& db, int64_t queue_n);

// Config IDs that must all be configs of `space_n` (400 malformed, 422 otherwise).
absl::StatusOr<std::vector<int64_t>> ResolveConfigIds(SqliteDb& db, int64_t space_n,
                                                      const std::vector<std::string>& ids,
                                                      const std::string& field);
// Emails of existing users with access to `space_n` (422 otherwise); case
// insensitive, duplicates collapsed, order kept.
absl::StatusOr<std::vector<UserRef>> ResolveEmails(SqliteDb& db, int64_t space_n,
                                                   const std::vector<std::string>& emails,
                                                   const std::string& field);

absl::Status ReplaceQueueConfigs(SqliteDb& db, int64_t queue_n, const std::vector<int64_t>& configs);
absl::Status ReplaceQueueAnnotators(SqliteDb& db, int64_t queue_n,
                                    const std::vector<UserRef>& annotators);
// 409 when an active queue of the space already has `name` (other than `self_n`).
absl::Status CheckNameFree(SqliteDb& db, int64_t space_n, const std::string& name, int64_t self_n);

nlohmann::json UserJson(const UserRef& user);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_QUEUE_MODEL_H_
