// The subcommand handlers (one file per group: queue_commands.cc,
// record_commands.cc, stream_command.cc, record_action_commands.cc).
#ifndef AQGATE_CLIENT_CLI_COMMANDS_H_
#define AQGATE_CLIENT_CLI_COMMANDS_H_

#include "absl/status/status.h"
#include "client/cli/command_table.h"

namespace aqgate::cli {

absl::Status RunList(CommandContext& context);
absl::Status RunGet(CommandContext& context);
absl::Status RunCreate(CommandContext& context);
absl::Status RunUpdate(CommandContext& context);
absl::Status RunDelete(CommandContext& context);
absl::Status RunListRecords(CommandContext& context);
absl::Status RunAddRecords(CommandContext& context);
absl::Status RunDeleteRecords(CommandContext& context);
absl::Status RunStreamRecords(CommandContext& context);
absl::Status RunAnnotateRecord(CommandContext& context);
absl::Status RunAssignRecord(CommandContext& context);

// Shared by the handlers: record sources from --spans/--traces/--examples
// and --from-file (usage errors for malformed ones).
absl::StatusOr<std::vector<v1::RecordSource>> SourcesFromFlags();

// Prints the page token hint on stderr when there are more pages.
void PrintNextPageHint(CommandContext& context, const std::string& token);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_COMMANDS_H_
