// aqctl's exit codes: one per kind of failure a script may want to tell
// apart. The table is printed by `aqctl --help`.
#ifndef AQGATE_CLIENT_CLI_EXIT_CODES_H_
#define AQGATE_CLIENT_CLI_EXIT_CODES_H_

#include <string>

#include "absl/status/status.h"

namespace aqgate::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitOther = 1,         // any other failure (INTERNAL, CANCELLED, declined confirmation, ...)
  kExitUsage = 2,         // bad command line: unknown flag, missing or malformed value
  kExitNotFound = 3,      // NOT_FOUND
  kExitInvalid = 4,       // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS
  kExitPermission = 5,    // UNAUTHENTICATED, PERMISSION_DENIED
  kExitUnavailable = 6,   // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED
};

// The exit code of a failed RPC (kExitOk for OK).
ExitCode ExitCodeFor(const absl::Status& status);

// The table for --help.
std::string ExitCodeHelp();

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_EXIT_CODES_H_
