#include "client/cli/exit_codes.h"

namespace aqgate::cli {

ExitCode ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kAlreadyExists:
      return kExitInvalid;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitPermission;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
      return kExitUnavailable;
    default:
      return kExitOther;
  }
}

std::string ExitCodeHelp() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  other failure (INTERNAL, UNKNOWN, CANCELLED, declined confirmation, ...)\n"
         "  2  usage error: unknown flag, missing or malformed flag value\n"
         "  3  not found (NOT_FOUND)\n"
         "  4  invalid input (INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE,\n"
         "     ALREADY_EXISTS)\n"
         "  5  permission or authentication (PERMISSION_DENIED, UNAUTHENTICATED)\n"
         "  6  unavailable, try again later (UNAVAILABLE, DEADLINE_EXCEEDED,\n"
         "     RESOURCE_EXHAUSTED)\n";
}

}  // namespace aqgate::cli
