// Every flag of aqctl, defined once with absl/flags. Which flags a
// subcommand accepts is decided by the command table (command_table.h);
// parsing per subcommand is done by flag_parser.h on top of absl's
// reflection API. Names use underscores in C++ and are written with dashes
// on the command line (--space-id); both spellings are accepted.
#ifndef AQGATE_CLIENT_CLI_FLAGS_H_
#define AQGATE_CLIENT_CLI_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace aqgate::cli {

// A flag that may be given several times; each occurrence adds values.
// Occurrences are joined with '\n' by the parser before absl parses them.
struct RepeatedFlag {
  std::vector<std::string> values;
};
bool AbslParseFlag(absl::string_view text, RepeatedFlag* flag, std::string* error);
std::string AbslUnparseFlag(const RepeatedFlag& flag);

// Every value of a repeated flag, each occurrence also split at commas,
// empty pieces dropped ("--record-id a,b --record-id c" -> a, b, c).
std::vector<std::string> CommaListValues(const RepeatedFlag& flag);

// An optional string flag's value as written on the command line. absl reads
// an empty value ("--instructions=") of a std::optional flag as unset; when
// the flag was given, this returns "" instead.
std::optional<std::string> GivenString(const std::optional<std::string>& value, bool given);

}  // namespace aqgate::cli

// Connection and output (every subcommand).
ABSL_DECLARE_FLAG(std::string, target);
ABSL_DECLARE_FLAG(bool, tls);
ABSL_DECLARE_FLAG(std::string, ca_file);
ABSL_DECLARE_FLAG(absl::Duration, timeout);
ABSL_DECLARE_FLAG(std::string, request_id);
ABSL_DECLARE_FLAG(std::string, output);
// Addressing.
ABSL_DECLARE_FLAG(std::string, id);
ABSL_DECLARE_FLAG(std::string, name);
ABSL_DECLARE_FLAG(std::string, space);
ABSL_DECLARE_FLAG(std::string, space_id);
// Paging.
ABSL_DECLARE_FLAG(int32_t, limit);
ABSL_DECLARE_FLAG(std::string, cursor);
ABSL_DECLARE_FLAG(bool, all);
// Queue fields.
ABSL_DECLARE_FLAG(std::optional<std::string>, new_name);
ABSL_DECLARE_FLAG(std::optional<std::string>, instructions);
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, annotation_config_id);
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, annotator_email);
ABSL_DECLARE_FLAG(std::string, assignment_method);
ABSL_DECLARE_FLAG(bool, force);
// Record sources.
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, spans);
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, traces);
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, examples);
ABSL_DECLARE_FLAG(std::string, from_file);
// Records.
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, record_id);
ABSL_DECLARE_FLAG(std::string, config_name);
ABSL_DECLARE_FLAG(std::optional<double>, score);
ABSL_DECLARE_FLAG(std::optional<std::string>, label);
ABSL_DECLARE_FLAG(std::optional<std::string>, text);
ABSL_DECLARE_FLAG(aqgate::cli::RepeatedFlag, user_email);
ABSL_DECLARE_FLAG(bool, clear);
// Streaming.
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(int32_t, page_size);
ABSL_DECLARE_FLAG(std::string, resume_token);
ABSL_DECLARE_FLAG(int32_t, max_retries);

#endif  // AQGATE_CLIENT_CLI_FLAGS_H_
