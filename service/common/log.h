// aqgate's logging: one structured line per event (logfmt: key=value pairs)
// on stderr or a sink a test installs. abseil 20220623 has no absl/log, and
// gpr_log cannot carry fields, hence this small facility.
//
//   aqgate::Log(aqgate::LogLevel::kInfo, "rpc",
//               {{"method", "GetAnnotationQueue"}, {"status", "OK"}});
//   -> ts=2026-12-03T16:40:00.123Z level=info event=rpc method=GetAnnotationQueue status=OK
//
// Never pass a secret as a field value: nothing here can tell a key apart.
#ifndef AQGATE_SERVICE_COMMON_LOG_H_
#define AQGATE_SERVICE_COMMON_LOG_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace aqgate {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

using LogField = std::pair<absl::string_view, std::string>;

// Lines below this level are dropped. Default: kInfo.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
// Parses "debug", "info", "warning" or "error".
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// Replaces where lines go (default: stderr). A null sink restores stderr.
// The sink gets one complete line without the trailing newline, and may be
// called from any thread (calls are serialized).
using LogSink = std::function<void(const std::string& line)>;
void SetLogSink(LogSink sink);

bool LogEnabled(LogLevel level);
void Log(LogLevel level, absl::string_view event, std::initializer_list<LogField> fields = {});

// The logfmt form of one value: bare when it is safe, else quoted with \" \\ \n escaped.
std::string LogfmtValue(absl::string_view value);

}  // namespace aqgate

#endif  // AQGATE_SERVICE_COMMON_LOG_H_
