// How aqctl reports a failed call on stderr: the gRPC status name, the
// message, every field violation, the ErrorInfo reason and request ID, and
// when to retry. Never the API key: any occurrence of it is masked.
#ifndef AQGATE_CLIENT_CLI_ERROR_PRINTER_H_
#define AQGATE_CLIENT_CLI_ERROR_PRINTER_H_

#include <string>

#include "absl/status/status.h"

namespace aqgate::cli {

// Lines ending in '\n', starting with "error: <CODE>: <message>".
std::string FormatError(const absl::Status& status, const std::string& api_key);

// `text` with every occurrence of `secret` replaced by "[REDACTED]".
std::string Redact(std::string text, const std::string& secret);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_ERROR_PRINTER_H_
