#include "client/cli/flag_parser.h"

#include <map>
#include <utility>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "client/cli/flags.h"

namespace aqgate::cli {
namespace {

bool Accepts(const Command* command, const std::string& name) {
  for (const CommandFlag& f : GlobalFlags()) {
    if (f.name == name) return true;
  }
  if (command == nullptr) return false;
  for (const CommandFlag& f : command->flags) {
    if (f.name == name) return true;
  }
  return false;
}

std::string Where(const Command* command) {
  return command == nullptr ? std::string("aqctl --help")
                            : absl::StrCat("aqctl ", command->name, " --help");
}

}  // namespace

std::string DashedName(const std::string& name) { return absl::StrReplaceAll(name, {{"_", "-"}}); }

absl::StatusOr<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& args) {
  ParsedCommandLine result;
  // Flag occurrences, in order, checked against the command once known.
  std::vector<std::pair<std::string, std::string>> occurrences;  // name, raw token
  std::vector<std::pair<std::string, std::optional<std::string>>> flags;
  bool help_word = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h" || arg == "-help") {
      result.help = true;
      continue;
    }
    if (arg == "--") {
      return absl::InvalidArgumentError("aqctl takes no positional arguments after --");
    }
    if (!absl::StartsWith(arg, "-") || arg == "-") {
      if (result.command == nullptr && !help_word && arg == "help") {
        help_word = true;
        result.help = true;
        continue;
      }
      if (result.command == nullptr) {
        result.command = FindCommand(arg);
        if (result.command == nullptr) {
          return absl::InvalidArgumentError(
              absl::StrCat("unknown command \"", arg, "\" (see aqctl --help)"));
        }
        continue;
      }
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument \"", arg, "\": aqctl ", result.command->name,
          " takes only flags (see ", Where(result.command), ")"));
    }
    std::string body = arg.substr(absl::StartsWith(arg, "--") ? 2 : 1);
    std::optional<std::string> value;
    size_t eq = body.find('=');
    if (eq != std::string::npos) {
      value = body.substr(eq + 1);
      body.resize(eq);
    }
    std::string name = absl::StrReplaceAll(body, {{"-", "_"}});
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if (flag == nullptr && absl::StartsWith(name, "no")) {
      absl::CommandLineFlag* positive = absl::FindCommandLineFlag(name.substr(2));
      if (positive != nullptr && positive->IsOfType<bool>()) {
        flag = positive;
        name = name.substr(2);
        negated = true;
      }
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", arg));
    }
    if (negated) {
      if (value.has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("--no", DashedName(name), " takes no value"));
      }
      value = "false";
    } else if (!value.has_value()) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("flag --", DashedName(name), " needs a value"));
      }
    }
    flags.emplace_back(name, value);
    occurrences.emplace_back(name, arg);
  }
  if (result.help) {
    return result;  // help ignores the other flags
  }
  // Check every flag against the command, then collect repeated values.
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> order;
  for (size_t i = 0; i < flags.size(); ++i) {
    const std::string& name = flags[i].first;
    if (!Accepts(result.command, name)) {
      if (result.command == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "flag --", DashedName(name), " belongs to a command; put it after the command name"));
      }
      return absl::InvalidArgumentError(absl::StrCat("aqctl ", result.command->name,
                                                     " has no flag --", DashedName(name),
                                                     " (see ", Where(result.command), ")"));
    }
    if (values.find(name) == values.end()) order.push_back(name);
    values[name].push_back(*flags[i].second);
  }
  for (const std::string& name : order) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    const std::vector<std::string>& given = values[name];
    std::string text;
    if (flag->IsOfType<RepeatedFlag>()) {
      for (const std::string& v : given) {
        if (v.empty()) {  // would be dropped: "--spans=" adding nothing
          return absl::InvalidArgumentError(
              absl::StrCat("flag --", DashedName(name), " needs a value"));
        }
        if (v.find('\n') != std::string::npos) {
          return absl::InvalidArgumentError(
              absl::StrCat("--", DashedName(name), ": a value cannot contain a line break"));
        }
      }
      text = absl::StrJoin(given, "\n");
    } else if (given.size() > 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("flag --", DashedName(name), " is given more than once"));
    } else {
      text = given[0];
    }
    // An empty value would read as "not given" ("--space=" listing every
    // space's queues, "--target=" falling back to $AQGATE_TARGET); only a
    // paging token may be empty, meaning "from the start".
    if (text.empty() && flag->IsOfType<std::string>() && name != "cursor" &&
        name != "resume_token") {
      return absl::InvalidArgumentError(absl::StrCat("flag --", DashedName(name), " needs a value"));
    }
    std::string error;
    if (!flag->ParseFrom(text, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad value for --", DashedName(name), ": ", error));
    }
    result.seen_flags.insert(name);
  }
  return result;
}

}  // namespace aqgate::cli
