#include "client/cli/aqctl.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "aqgate/client/annotation_queue_client.h"
#include "client/cli/command_table.h"
#include "client/cli/error_printer.h"
#include "client/cli/exit_codes.h"
#include "client/cli/flag_parser.h"
#include "client/cli/flags.h"
#include "client/cli/help.h"

namespace aqgate::cli {
namespace {

int PrintUsageError(Io& io, const std::string& message, const Command* command) {
  io.err << "aqctl: " << message << "\n"
         << "Run 'aqctl " << (command == nullptr ? "" : command->name + " ") << "--help' for usage.\n";
  return kExitUsage;
}

}  // namespace

int RunAqctl(const std::vector<std::string>& args, Io& io) {
  absl::StatusOr<ParsedCommandLine> parsed = ParseCommandLine(args);
  if (!parsed.ok()) return PrintUsageError(io, std::string(parsed.status().message()), nullptr);
  const Command* command = parsed->command;
  if (parsed->help) {
    io.out << (command == nullptr ? ToolHelp() : CommandHelp(*command));
    return kExitOk;
  }
  if (command == nullptr) {
    io.err << ToolHelp();
    return kExitUsage;
  }

  OutputFormat format = io.out_is_tty ? OutputFormat::kTable : OutputFormat::kJson;
  bool format_given = parsed->seen_flags.count("output") > 0;
  if (format_given) {
    absl::StatusOr<OutputFormat> f = ParseOutputFormat(absl::GetFlag(FLAGS_output));
    if (!f.ok()) return PrintUsageError(io, std::string(f.status().message()), command);
    format = *f;
  }

  client::ClientOptions options;
  options.target = absl::GetFlag(FLAGS_target);
  if (options.target.empty() && io.getenv) options.target = io.getenv("AQGATE_TARGET").value_or("");
  if (options.target.empty()) {
    return PrintUsageError(io, "no gateway given: use --target HOST:PORT or set AQGATE_TARGET",
                           command);
  }
  options.ca_file = absl::GetFlag(FLAGS_ca_file);
  options.use_tls = absl::GetFlag(FLAGS_tls) || !options.ca_file.empty();
  if (io.getenv) options.api_key = io.getenv("ARIZE_API_KEY").value_or("");
  options.default_deadline = absl::GetFlag(FLAGS_timeout);
  if (options.default_deadline <= absl::ZeroDuration()) {
    return PrintUsageError(io, "--timeout must be positive", command);
  }
  options.request_id = absl::GetFlag(FLAGS_request_id);

  absl::StatusOr<client::AnnotationQueueClient> client =
      client::AnnotationQueueClient::Create(options);
  if (!client.ok()) {
    return PrintUsageError(io, Redact(std::string(client.status().message()), options.api_key),
                           command);
  }
  CommandContext context{io, *client, format, format_given, parsed->seen_flags, options.api_key};
  absl::Status status = command->handler(context);
  io.out.flush();
  if (status.ok()) return kExitOk;
  if (IsUsageError(status)) {
    return PrintUsageError(io, Redact(std::string(status.message()), options.api_key), command);
  }
  io.err << FormatError(status, options.api_key);
  return ExitCodeFor(status);
}

}  // namespace aqgate::cli
