// The text of `aqctl --help` and `aqctl <command> --help`, generated from
// the command table and the absl flag definitions (so it cannot drift from
// what the parser accepts).
#ifndef AQGATE_CLIENT_CLI_HELP_H_
#define AQGATE_CLIENT_CLI_HELP_H_

#include <string>

#include "client/cli/command_table.h"

namespace aqgate::cli {

std::string ToolHelp();
std::string CommandHelp(const Command& command);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_HELP_H_
