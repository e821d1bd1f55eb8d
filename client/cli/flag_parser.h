// Per-subcommand command-line parsing on top of absl/flags: finds the
// subcommand, accepts only the flags that subcommand (or every subcommand)
// takes, and lets absl parse and store each value. Accepts --flag=value,
// --flag value, --bool / --nobool, dashes or underscores in names, and
// repeated occurrences of repeatable flags.
#ifndef AQGATE_CLIENT_CLI_FLAG_PARSER_H_
#define AQGATE_CLIENT_CLI_FLAG_PARSER_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/cli/command_table.h"

namespace aqgate::cli {

struct ParsedCommandLine {
  const Command* command = nullptr;  // null: no subcommand (tool help)
  bool help = false;                 // --help, -h or `aqctl help [command]`
  std::set<std::string> seen_flags;  // names with underscores
};

// Parses args (without the program name) and sets the absl flags.
// INVALID_ARGUMENT describes a usage error (unknown command or flag,
// missing or malformed value, a non-repeatable flag given twice).
absl::StatusOr<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& args);

// "space_id" -> "space-id".
std::string DashedName(const std::string& name);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_FLAG_PARSER_H_
