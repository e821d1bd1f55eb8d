#include "tests/emulator/caller.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "tests/emulator/problem.h"

namespace aqgate::emulator {

absl::StatusOr<Caller> Authenticate(SqliteDb& db, absl::string_view authorization) {
  absl::string_view header = absl::StripAsciiWhitespace(authorization);
  if (header.empty()) return Unauthenticated("missing API key: send 'Authorization: Bearer <key>'");
  if (!absl::StartsWithIgnoreCase(header, "bearer ")) {
    return Unauthenticated("the Authorization header must use the Bearer scheme");
  }
  absl::string_view key = absl::StripAsciiWhitespace(header.substr(7));
  absl::StatusOr<Statement> stmt = db.Prepare(
      "SELECT u.n, u.email, u.all_spaces FROM api_keys k JOIN users u ON u.n = k.user_n "
      "WHERE k.key = ?");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, key);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Unauthenticated("invalid API key");
  Caller caller;
  caller.user_n = stmt->Int(0);
  caller.email = stmt->Text(1);
  caller.all_spaces = stmt->Int(2) != 0;
  absl::StatusOr<Statement> spaces =
      db.Prepare("SELECT space_n FROM user_spaces WHERE user_n = ?");
  if (!spaces.ok()) return spaces.status();
  spaces->Bind(1, caller.user_n);
  for (absl::StatusOr<bool> more = spaces->Step(); more.ok() && *more; more = spaces->Step()) {
    caller.spaces.insert(spaces->Int(0));
  }
  return caller;
}

}  // namespace aqgate::emulator
