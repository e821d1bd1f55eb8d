// Who is calling: the user an API key belongs to, and the spaces they reach.
#ifndef AQGATE_TESTS_EMULATOR_CALLER_H_
#define AQGATE_TESTS_EMULATOR_CALLER_H_

#include <cstdint>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tests/emulator/sqlite_db.h"

namespace aqgate::emulator {

struct Caller {
  int64_t user_n = 0;
  std::string email;
  bool all_spaces = false;
  std::set<int64_t> spaces;

  bool CanAccess(int64_t space_n) const { return all_spaces || spaces.count(space_n) > 0; }
};

// From an "Authorization: Bearer <key>" header; 401 when missing or unknown.
// The key never appears in an error.
absl::StatusOr<Caller> Authenticate(SqliteDb& db, absl::string_view authorization);

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_CALLER_H_
