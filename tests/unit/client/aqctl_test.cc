// aqctl run in-process: help for the tool and every subcommand, usage
// errors (exit 2), and every subcommand against the in-process fake gateway
// with its output, error output and exit codes.
#include "client/cli/aqctl.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/flags/reflection.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/cli/command_table.h"
#include "client/cli/error_printer.h"
#include "client/cli/exit_codes.h"
#include "client/cli/flag_parser.h"
#include "fake_annotation_queue_service.h"

namespace aqgate::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "sk-aqctl-test-secret";

struct Result {
  int code;
  std::string out;
  std::string err;
};

class AqctlTest : public ::testing::Test {
 protected:
  Result Run(std::vector<std::string> args, const std::string& input = "", bool tty = false,
             bool with_target = true) {
    std::ostringstream out, err;
    std::istringstream in(input);
    Io io{out, err, in, tty, tty, tty, nullptr};
    std::map<std::string, std::string> env = {{"ARIZE_API_KEY", kKey}};
    if (with_target) env["AQGATE_TARGET"] = server_.target();
    io.getenv = [env](const std::string& name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    absl::FlagSaver saver;  // every run starts from the defaults
    int code = RunAqctl(args, io);
    return {code, out.str(), err.str()};
  }
  testing::FakeServer server_;
};

TEST_F(AqctlTest, HasExactlyTheElevenSubcommandsOfAxAnnotationQueues) {
  std::vector<std::string> names;
  for (const Command& c : Commands()) names.push_back(c.name);
  EXPECT_THAT(names, ::testing::UnorderedElementsAre(
                         "list", "get", "create", "update", "delete", "list-records",
                         "stream-records", "add-records", "delete-records", "annotate-record",
                         "assign-record"));
}

TEST_F(AqctlTest, ToolHelpListsEveryCommandAndTheExitCodes) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}}) {
    Result r = Run(args);
    EXPECT_EQ(r.code, 0);
    for (const Command& c : Commands()) EXPECT_THAT(r.out, HasSubstr("  " + c.name + " "));
    EXPECT_THAT(r.out, HasSubstr(ExitCodeHelp()));
    EXPECT_THAT(r.out, HasSubstr("AQGATE_TARGET"));
    EXPECT_THAT(r.out, HasSubstr("ARIZE_API_KEY"));
  }
  Result none = Run({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_THAT(none.err, HasSubstr("Commands:"));
}

TEST_F(AqctlTest, EverySubcommandHasCompleteHelp) {
  for (const Command& c : Commands()) {
    SCOPED_TRACE(c.name);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {c.name, "--help"}, {"help", c.name}, {c.name, "-h"}}) {
      Result r = Run(args);
      ASSERT_EQ(r.code, 0);
      EXPECT_THAT(r.out, HasSubstr("Usage: aqctl " + c.name));
      EXPECT_FALSE(c.summary.empty());
      EXPECT_FALSE(c.description.empty());
      ASSERT_FALSE(c.examples.empty());
      EXPECT_THAT(r.out, HasSubstr("Examples:"));
      for (const std::string& example : c.examples) {
        EXPECT_EQ(example.rfind("aqctl " + c.name + " ", 0), 0u) << example;
        EXPECT_THAT(r.out, HasSubstr(example));
      }
      for (const CommandFlag& f : c.flags) {
        EXPECT_THAT(r.out, HasSubstr("--" + DashedName(f.name))) << f.name;
      }
      for (const CommandFlag& f : GlobalFlags()) {
        EXPECT_THAT(r.out, HasSubstr("--" + DashedName(f.name)));
      }
      EXPECT_THAT(r.out, HasSubstr("Exit codes:"));
    }
    // Every flag an example uses is one the command accepts.
    for (const std::string& example : c.examples) {
      for (absl::string_view word : absl::StrSplit(example, absl::ByAnyChar(" \n\\"))) {
        if (word.substr(0, 2) != "--") continue;
        std::string name(word.substr(2, word.find('=') - 2));
        std::replace(name.begin(), name.end(), '-', '_');
        bool known = false;
        for (const CommandFlag& f : c.flags) known |= f.name == name;
        for (const CommandFlag& f : GlobalFlags()) known |= f.name == name;
        EXPECT_TRUE(known) << c.name << " example uses --" << name;
      }
    }
  }
}

TEST_F(AqctlTest, BadCommandLinesExitWithUsageCode2) {
  const std::vector<std::vector<std::string>> bad = {
      {"frobnicate"},
      {"get", "--bogus"},
      {"get", "--id"},
      {"get", "--record-id", "r"},            // another command's flag
      {"get", "--id", "a", "extra"},          // positional argument
      {"get", "--id", "a", "--id", "b"},      // not repeatable
      {"list", "--limit", "ten"},
      {"list", "--all=maybe"},
      {"list", "--output", "yaml"},
      {"get", "--id", "a", "--name", "b"},
      {"get", "--name", "b"},                 // name needs a space
      {"get", "--name", "b", "--space", "s", "--space-id", "i"},
      {"get", "--id", "a", "--space", "s"},
      {"get"},
      {"create", "--space", "s"},             // no name
      {"create", "--name", "n"},              // no space
      {"create", "--name", "n", "--space", "s", "--assignment-method", "sometimes"},
      {"update", "--id", "a"},                // nothing to change
      {"add-records", "--id", "a"},           // no source
      {"add-records", "--id", "a", "--spans", "P,notatime,2026-03-02T00:00:00Z,s"},
      {"add-records", "--id", "a", "--from-file", "/nonexistent.json"},
      {"delete-records", "--id", "a"},
      {"annotate-record", "--id", "a", "--record-id", "r"},
      {"annotate-record", "--id", "a", "--record-id", "r", "--score", "high"},
      {"annotate-record", "--id", "a", "--record-id", "r,s", "--config-name", "c", "--score", "1"},
      {"assign-record", "--id", "a", "--record-id", "r"},
      {"assign-record", "--id", "a", "--record-id", "r", "--clear", "--user-email", "u@x"},
      {"stream-records", "--id", "a", "--output", "table"},
      {"get", "--id", "a", "--timeout", "-1s"},
      {"get", "--id", "a", "--notls=1"},
      {"list", "--space="},                   // empty: would list every space
      {"get", "--id="},
      {"get", "--id", "a", "--target="},      // empty: would fall back to the environment
      {"get", "--id", "a", "--output="},
      {"create", "--name", "n", "--space", "s", "--annotation-config-id", "c",
       "--annotator-email", "a@x", "--spans="},  // empty: would create without records
      {"update", "--id", "a", "--annotator-email="},
      {"assign-record", "--id", "a", "--record-id", "r", "--user-email="},
  };
  for (const auto& args : bad) {
    Result r = Run(args);
    EXPECT_EQ(r.code, kExitUsage) << absl::StrJoin(args, " ") << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("aqctl: ")) << absl::StrJoin(args, " ");
    EXPECT_THAT(r.err, HasSubstr("--help")) << absl::StrJoin(args, " ");
    EXPECT_TRUE(r.out.empty()) << absl::StrJoin(args, " ");
  }
}

TEST_F(AqctlTest, NoTargetIsAUsageError) {
  Result r = Run({"get", "--id", "a"}, "", false, /*with_target=*/false);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("AQGATE_TARGET"));
}

TEST_F(AqctlTest, FlagsAcceptDashesUnderscoresAndBothValueForms) {
  std::string id = server_.service().AddQueue("q", 0);
  EXPECT_EQ(Run({"get", "--name=q", "--space-id", testing::kSpaceId}).code, 0);
  EXPECT_EQ(Run({"get", "--name", "q", "--space_id=" + std::string(testing::kSpaceId)}).code, 0);
  EXPECT_EQ(Run({"--output", "json", "get", "--id", id}).code, 0);  // global flag first
  // Flags are reset between runs.
  Result r = Run({"get", "--id", id});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.front(), '{');  // json (not a TTY), not a leftover --output
}

TEST_F(AqctlTest, GetPrintsJsonOffATerminalAndATableOnOne) {
  std::string id = server_.service().AddQueue("review", 0);
  Result json = Run({"get", "--name", "review", "--space", testing::kSpaceName});
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"id\": \"" + id + "\""));
  EXPECT_THAT(json.out, HasSubstr("\"space_id\""));
  Result table = Run({"get", "--id", id}, "", /*tty=*/true);
  ASSERT_EQ(table.code, 0);
  EXPECT_THAT(table.out, HasSubstr("ID"));
  EXPECT_THAT(table.out, HasSubstr("ANNOTATORS"));
  EXPECT_THAT(table.out, HasSubstr(testing::kAnnotatorEmail));
  EXPECT_EQ(server_.service().last_authorization(), std::string("Bearer ") + kKey);
}

TEST_F(AqctlTest, ErrorsPrintCodeMessageViolationsAndExitCodes) {
  Result missing = Run({"get", "--id", "nope"});
  EXPECT_EQ(missing.code, kExitNotFound);
  EXPECT_THAT(missing.err, HasSubstr("error: NOT_FOUND: queue nope not found"));
  EXPECT_THAT(missing.err, HasSubstr("reason: QUEUE_NOT_FOUND (aqgate)"));
  EXPECT_THAT(missing.err, HasSubstr("request id: fake-request"));

  Result invalid = Run({"create", "--name", "x", "--space", "s"});
  EXPECT_EQ(invalid.code, kExitInvalid);
  EXPECT_THAT(invalid.err, HasSubstr("error: INVALID_ARGUMENT"));
  EXPECT_THAT(invalid.err, HasSubstr("field annotation_config_ids: at least one is required"));

  Result limited = Run({"create", "--name", "rate-limited", "--space", "s"});
  EXPECT_EQ(limited.code, kExitUnavailable);
  EXPECT_THAT(limited.err, HasSubstr("retry after: 3s"));
  for (const Result* r : {&missing, &invalid, &limited}) {
    EXPECT_THAT(r->err, Not(HasSubstr(kKey)));
    EXPECT_TRUE(r->out.empty());
  }
}

TEST_F(AqctlTest, ErrorTextNeverShowsTheKey) {
  absl::Status status = absl::UnauthenticatedError(std::string("bad key ") + kKey);
  std::string text = FormatError(status, kKey);
  EXPECT_THAT(text, Not(HasSubstr(kKey)));
  EXPECT_THAT(text, HasSubstr("[REDACTED]"));
  EXPECT_EQ(ExitCodeFor(status), kExitPermission);
  EXPECT_EQ(ExitCodeFor(absl::PermissionDeniedError("")), kExitPermission);
  EXPECT_EQ(ExitCodeFor(absl::DeadlineExceededError("")), kExitUnavailable);
  EXPECT_EQ(ExitCodeFor(absl::AlreadyExistsError("")), kExitInvalid);
  EXPECT_EQ(ExitCodeFor(absl::InternalError("")), kExitOther);
}

TEST_F(AqctlTest, UnreachableGatewayExits6) {
  Result r = Run({"get", "--id", "a", "--target", "127.0.0.1:1", "--timeout", "5s"});
  EXPECT_EQ(r.code, kExitUnavailable);
  EXPECT_THAT(r.err, HasSubstr("error: UNAVAILABLE"));
}

TEST_F(AqctlTest, ListFollowsPagesWithAllAndHintsTheCursorOtherwise) {
  for (int i = 0; i < 5; ++i) server_.service().AddQueue("q" + std::to_string(i), 0);
  Result page = Run({"list", "--limit", "2", "--cursor=", "--output", "jsonl"});  // first page
  ASSERT_EQ(page.code, 0) << page.err;
  EXPECT_EQ(std::count(page.out.begin(), page.out.end(), '\n'), 2);
  EXPECT_THAT(page.err, HasSubstr("--cursor=p2"));
  Result next = Run({"list", "--limit", "2", "--cursor", "p2", "--output", "jsonl"});
  EXPECT_EQ(std::count(next.out.begin(), next.out.end(), '\n'), 2);
  Result all = Run({"list", "--limit", "2", "--all", "--output", "csv"});
  ASSERT_EQ(all.code, 0);
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 6);  // header + 5
  EXPECT_THAT(all.out, HasSubstr("ID,NAME,SPACE_ID,CONFIGS,ANNOTATORS,CREATED_AT\r\n"));
  EXPECT_TRUE(all.err.empty());
}

TEST_F(AqctlTest, CreateUpdateAddAnnotateAssignDeleteRecordsAndDelete) {
  Result created = Run({"create", "--name", "fresh", "--space-id", testing::kSpaceId,
                        "--annotation-config-id", testing::kConfigId, "--annotator-email",
                        "a@x.com,b@x.com", "--assignment-method", "RANDOM", "--spans",
                        "P,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,s1,s2"});
  ASSERT_EQ(created.code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("\"name\": \"fresh\""));
  EXPECT_THAT(created.out, HasSubstr("b@x.com"));
  const std::vector<std::string> q = {"--name", "fresh", "--space", testing::kSpaceName};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin() + 1, q.begin(), q.end());
    return args;
  };

  Result updated = Run(with({"update", "--instructions=", "--annotator-email", "c@x.com"}));
  ASSERT_EQ(updated.code, 0) << updated.err;
  EXPECT_THAT(updated.out, Not(HasSubstr("a@x.com")));
  EXPECT_THAT(updated.out, HasSubstr("c@x.com"));

  Result added = Run(with({"add-records", "--examples", "D@v1,e1,e2", "--output", "jsonl"}));
  ASSERT_EQ(added.code, 0) << added.err;
  EXPECT_EQ(std::count(added.out.begin(), added.out.end(), '\n'), 2);

  Result listed = Run(with({"list-records", "--all", "--limit", "1", "--output", "csv"}));
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 5);  // header + 4

  Result annotated = Run(with({"annotate-record", "--record-id", "rec-2", "--config-name",
                               testing::kConfigName, "--score", "0.75", "--text", "ok"}));
  ASSERT_EQ(annotated.code, 0) << annotated.err;
  EXPECT_THAT(annotated.out, HasSubstr("\"score\": 0.75"));

  Result assigned = Run(with({"assign-record", "--record-id", "rec-2", "--user-email", "u@x.com",
                              "--output", "table"}));
  ASSERT_EQ(assigned.code, 0) << assigned.err;
  EXPECT_THAT(assigned.out, HasSubstr("u@x.com:PENDING"));
  Result cleared = Run(with({"assign-record", "--record-id", "rec-2", "--clear"}));
  ASSERT_EQ(cleared.code, 0) << cleared.err;
  EXPECT_THAT(cleared.out, Not(HasSubstr("u@x.com")));

  Result missing_record = Run(with({"annotate-record", "--record-id", "nope", "--config-name",
                                    "c", "--label", "x"}));
  EXPECT_EQ(missing_record.code, kExitNotFound);

  Result removed = Run(with({"delete-records", "--record-id", "rec-0", "--record-id", "rec-1"}));
  ASSERT_EQ(removed.code, 0) << removed.err;
  listed = Run(with({"list-records", "--output", "jsonl"}));
  EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 2);

  Result deleted = Run(with({"delete"}));  // not a TTY: no question
  ASSERT_EQ(deleted.code, 0) << deleted.err;
  EXPECT_THAT(deleted.out, HasSubstr("annotation_queue_id"));
  EXPECT_EQ(Run(with({"get"})).code, kExitNotFound);
}

// absl reads "--flag=" of an optional flag as unset; aqctl must read it as
// the empty string, or "--instructions=" would be "nothing to change".
TEST_F(AqctlTest, AnEmptyValueOfAnOptionalFlagIsGivenNotUnset) {
  Result created = Run({"create", "--name", "instr", "--space-id", testing::kSpaceId,
                        "--annotation-config-id", testing::kConfigId, "--annotator-email",
                        "a@x.com", "--instructions", "keep me"});
  ASSERT_EQ(created.code, 0) << created.err;
  ASSERT_THAT(created.out, HasSubstr("keep me"));
  Result cleared = Run({"update", "--name", "instr", "--space-id", testing::kSpaceId,
                        "--instructions="});
  ASSERT_EQ(cleared.code, 0) << cleared.err;
  EXPECT_THAT(cleared.out, Not(HasSubstr("keep me")));
  EXPECT_THAT(cleared.out, HasSubstr("a@x.com"));

  Result renamed = Run({"update", "--name", "instr", "--space-id", testing::kSpaceId,
                        "--new-name="});
  EXPECT_EQ(renamed.code, kExitUsage) << renamed.err;
  EXPECT_THAT(renamed.err, HasSubstr("--new-name"));
  Result scored = Run({"annotate-record", "--name", "instr", "--space-id", testing::kSpaceId,
                       "--record-id", "r", "--config-name", "c", "--score="});
  EXPECT_EQ(scored.code, kExitUsage) << scored.err;
  EXPECT_THAT(scored.err, HasSubstr("--score"));
}

TEST_F(AqctlTest, DeleteAsksOnATerminalUnlessForced) {
  std::string id = server_.service().AddQueue("doomed", 0);
  Result declined = Run({"delete", "--id", id}, "n\n", /*tty=*/true);
  EXPECT_EQ(declined.code, kExitOther);
  EXPECT_THAT(declined.err, HasSubstr("[y/N]"));
  EXPECT_EQ(Run({"get", "--id", id}).code, 0);
  Result no_answer = Run({"delete", "--id", id}, "", /*tty=*/true);
  EXPECT_EQ(no_answer.code, kExitOther);
  EXPECT_EQ(Run({"get", "--id", id}).code, 0);
  Result confirmed = Run({"delete", "--id", id}, "yes\n", /*tty=*/true);
  EXPECT_EQ(confirmed.code, 0) << confirmed.err;
  EXPECT_EQ(Run({"get", "--id", id}).code, kExitNotFound);

  std::string other = server_.service().AddQueue("doomed2", 0);
  Result forced = Run({"delete", "--id", other, "--force"}, "", /*tty=*/true);
  EXPECT_EQ(forced.code, 0);
  EXPECT_THAT(forced.err, Not(HasSubstr("[y/N]")));
}

TEST_F(AqctlTest, StreamRecordsWritesEveryRecordOnceThroughFailures) {
  std::string id = server_.service().AddQueue("big", 2500);
  server_.service().FailStreams(3, 4);
  Result r = Run({"stream-records", "--id", id});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> lines = absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2500u);
  std::set<std::string> distinct(lines.begin(), lines.end());
  EXPECT_EQ(distinct.size(), 2500u);
  EXPECT_THAT(lines[0], HasSubstr("\"id\":\"rec-0\""));
  EXPECT_THAT(lines[2499], HasSubstr("\"id\":\"rec-2499\""));
  EXPECT_TRUE(r.err.empty());  // no progress line off a terminal
  EXPECT_EQ(server_.service().stream_resume_tokens().size(), 4u);
}

TEST_F(AqctlTest, StreamRecordsToAFileWithProgressOnATerminal) {
  std::string id = server_.service().AddQueue("big", 300);
  std::string path = ::testing::TempDir() + "/aqctl_stream.csv";
  Result r = Run({"stream-records", "--id", id, "--out", path, "--output", "csv"}, "", true);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_THAT(r.err, HasSubstr("300 records"));
  EXPECT_THAT(r.err, HasSubstr("/s"));
  std::ifstream in(path);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Every data cell has a quoted, escaped newline, so count the CRLF row ends.
  size_t rows = 0;
  for (size_t pos = content.find("\r\n"); pos != std::string::npos; pos = content.find("\r\n", pos + 2)) ++rows;
  EXPECT_EQ(rows, 301u);
}

TEST_F(AqctlTest, StreamRecordsGivesUpWithExit6WhenRetriesRunOut) {
  std::string id = server_.service().AddQueue("big", 300);
  server_.service().FailStreams(100, 1);  // every stream breaks after one message
  Result r = Run({"stream-records", "--id", id, "--max-retries", "0"});
  EXPECT_EQ(r.code, kExitUnavailable);
  EXPECT_THAT(r.err, HasSubstr("error: UNAVAILABLE"));
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 100);  // the first message's records
}

}  // namespace
}  // namespace aqgate::cli
