// The subcommands of aqctl: name, help text, examples, the flags each one
// accepts, and the function that runs it. Help and parsing both read this
// table, so a flag a command accepts is always in its help.
#ifndef AQGATE_CLIENT_CLI_COMMAND_TABLE_H_
#define AQGATE_CLIENT_CLI_COMMAND_TABLE_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "aqgate/client/annotation_queue_client.h"
#include "client/cli/io.h"
#include "client/cli/output_format.h"

namespace aqgate::cli {

// What a subcommand runs with.
struct CommandContext {
  Io& io;
  const client::AnnotationQueueClient& client;
  OutputFormat format;
  bool format_given;  // --output was on the command line
  std::set<std::string> seen_flags;  // flag names (underscores) given
  std::string api_key;  // for redaction only
};

using CommandHandler = absl::Status (*)(CommandContext& context);

// A flag a subcommand accepts, with help specific to that subcommand
// (empty = the flag's own help).
struct CommandFlag {
  std::string name;  // absl name, with underscores
  std::string help;
};

struct Command {
  std::string name;
  std::string summary;      // one line, for `aqctl --help`
  std::string usage;        // after "aqctl "
  std::string description;  // paragraphs
  std::vector<CommandFlag> flags;
  std::vector<std::string> examples;
  CommandHandler handler;
};

const std::vector<Command>& Commands();
const Command* FindCommand(const std::string& name);
// The flags every subcommand accepts (connection, output).
const std::vector<CommandFlag>& GlobalFlags();

// A usage error (exit code 2) from a command's own checks, e.g. a missing
// flag; the runner prints it with a pointer to the command's help.
absl::Status UsageError(const std::string& message);
bool IsUsageError(const absl::Status& status);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_COMMAND_TABLE_H_
