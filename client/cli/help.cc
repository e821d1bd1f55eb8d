#include "client/cli/help.h"

#include <algorithm>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/str_cat.h"
#include "client/cli/exit_codes.h"
#include "client/cli/flag_parser.h"
#include "client/cli/flags.h"

namespace aqgate::cli {
namespace {

std::string ValueHint(const absl::CommandLineFlag& flag) {
  if (flag.IsOfType<bool>()) return "";
  if (flag.IsOfType<int32_t>()) return "=N";
  if (flag.IsOfType<absl::Duration>()) return "=DURATION";
  if (flag.IsOfType<std::optional<double>>()) return "=NUMBER";
  return "=VALUE";
}

std::string FlagLines(const std::vector<CommandFlag>& flags) {
  std::vector<std::pair<std::string, std::string>> lines;
  size_t width = 0;
  for (const CommandFlag& f : flags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(f.name);
    if (flag == nullptr) continue;
    std::string left = absl::StrCat("--", DashedName(f.name), ValueHint(*flag));
    std::string help = f.help.empty() ? flag->Help() : f.help;
    std::string def = flag->DefaultValue();
    if (!def.empty() && !flag->IsOfType<bool>() && !flag->IsOfType<RepeatedFlag>()) {
      absl::StrAppend(&help, " (default ", def, ")");
    }
    width = std::max(width, left.size());
    lines.emplace_back(std::move(left), std::move(help));
  }
  std::string out;
  for (const auto& [left, help] : lines) {
    absl::StrAppend(&out, "  ", left, std::string(width - left.size() + 2, ' '), help, "\n");
  }
  return out;
}

constexpr char kConnection[] =
    "Connection: --target or $AQGATE_TARGET names the gateway; the Arize API key is read\n"
    "from $ARIZE_API_KEY (never from a flag, so it stays out of shell history) and sent\n"
    "as `authorization: Bearer` metadata. Without it the gateway uses its own key.\n";

}  // namespace

std::string ToolHelp() {
  std::string out =
      "aqctl - the command-line client of aqgate, the gRPC gateway for Arize AX\n"
      "annotation queues.\n\n"
      "Usage: aqctl <command> [flags]\n"
      "       aqctl <command> --help    flags and examples of one command\n\n"
      "Commands:\n";
  size_t width = 0;
  for (const Command& c : Commands()) width = std::max(width, c.name.size());
  for (const Command& c : Commands()) {
    absl::StrAppend(&out, "  ", c.name, std::string(width - c.name.size() + 2, ' '), c.summary,
                    "\n");
  }
  absl::StrAppend(&out, "\nFlags of every command:\n", FlagLines(GlobalFlags()), "\n");
  absl::StrAppend(&out,
                  "Queues are named by --id, or by --name with the space given by --space (name)\n"
                  "or --space-id (ID); aqctl never guesses which one a string is.\n\n",
                  kConnection, "\n", ExitCodeHelp(),
                  "\nExamples:\n"
                  "  export AQGATE_TARGET=127.0.0.1:8443 ARIZE_API_KEY=...\n"
                  "  aqctl list --space my-space\n"
                  "  aqctl get --name accuracy-review --space my-space --output json\n"
                  "  aqctl stream-records --name accuracy-review --space my-space > records.jsonl\n");
  return out;
}

std::string CommandHelp(const Command& command) {
  std::string out = absl::StrCat("aqctl ", command.name, " - ", command.summary, "\n\nUsage: aqctl ",
                                 command.usage, "\n\n", command.description, "\n");
  if (!command.flags.empty()) absl::StrAppend(&out, "\nFlags:\n", FlagLines(command.flags));
  absl::StrAppend(&out, "\nFlags of every command:\n", FlagLines(GlobalFlags()));
  absl::StrAppend(&out, "\nExamples:\n");
  for (const std::string& example : command.examples) absl::StrAppend(&out, "  ", example, "\n");
  absl::StrAppend(&out, "\n", kConnection, "\n", ExitCodeHelp());
  return out;
}

}  // namespace aqgate::cli
