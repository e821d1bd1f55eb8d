#include "client/cli/flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace aqgate::cli {

bool AbslParseFlag(absl::string_view text, RepeatedFlag* flag, std::string* /*error*/) {
  flag->values.clear();
  if (text.empty()) return true;
  flag->values = absl::StrSplit(text, '\n');
  return true;
}

std::string AbslUnparseFlag(const RepeatedFlag& flag) { return absl::StrJoin(flag.values, "\n"); }

std::vector<std::string> CommaListValues(const RepeatedFlag& flag) {
  std::vector<std::string> out;
  for (const std::string& value : flag.values) {
    for (absl::string_view piece : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      out.emplace_back(absl::StripAsciiWhitespace(piece));
    }
  }
  return out;
}

std::optional<std::string> GivenString(const std::optional<std::string>& value, bool given) {
  if (value.has_value() || !given) return value;
  return std::string();
}

}  // namespace aqgate::cli

ABSL_FLAG(std::string, target, "",
          "The gateway, HOST:PORT. Default: $AQGATE_TARGET.");
ABSL_FLAG(bool, tls, false, "Connect with TLS (plaintext otherwise).");
ABSL_FLAG(std::string, ca_file, "",
          "PEM file of the CA that signed the gateway's certificate; implies --tls.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(30),
          "Deadline of each call (e.g. 10s, 2m); stream-records has no overall deadline.");
ABSL_FLAG(std::string, request_id, "",
          "Sent as x-request-id so the call can be found in the gateway's logs.");
ABSL_FLAG(std::string, output, "",
          "Output format: table, json, jsonl or csv. Default: table on a terminal, json "
          "otherwise (stream-records: jsonl).");
ABSL_FLAG(std::string, id, "", "The queue's ID.");
ABSL_FLAG(std::string, name, "", "The queue's exact name; needs --space or --space-id.");
ABSL_FLAG(std::string, space, "", "The space, by exact name.");
ABSL_FLAG(std::string, space_id, "", "The space, by ID.");
ABSL_FLAG(int32_t, limit, 50, "Items per page (queues 1-100, records 1-500).");
ABSL_FLAG(std::string, cursor, "",
          "The page token printed by the previous page (empty: the first page).");
ABSL_FLAG(bool, all, false, "Follow page tokens and print every item.");
ABSL_FLAG(std::optional<std::string>, new_name, std::nullopt, "The queue's new name.");
ABSL_FLAG(std::optional<std::string>, instructions, std::nullopt,
          "Instructions for annotators (at most 5000 characters).");
ABSL_FLAG(aqgate::cli::RepeatedFlag, annotation_config_id, {},
          "Annotation config ID; repeat the flag or separate with commas.");
ABSL_FLAG(aqgate::cli::RepeatedFlag, annotator_email, {},
          "Annotator email; repeat the flag or separate with commas.");
ABSL_FLAG(std::string, assignment_method, "",
          "How records are assigned to annotators: all (default) or random.");
ABSL_FLAG(bool, force, false, "Do not ask for confirmation.");
ABSL_FLAG(aqgate::cli::RepeatedFlag, spans, {},
          "Span source PROJECT_ID,START,END,SPAN_ID[,SPAN_ID...] (START/END are RFC 3339 "
          "times, window at most 7 days); repeatable.");
ABSL_FLAG(aqgate::cli::RepeatedFlag, traces, {},
          "Trace source PROJECT_ID,START,END,TRACE_ID[,TRACE_ID...]; the root span of each "
          "trace becomes a record; repeatable.");
ABSL_FLAG(aqgate::cli::RepeatedFlag, examples, {},
          "Dataset source DATASET_ID[@VERSION_ID][,EXAMPLE_ID...]; no example IDs means the "
          "whole dataset (at most 500 records); repeatable.");
ABSL_FLAG(std::string, from_file, "", "Read the input from a JSON file (see the examples).");
ABSL_FLAG(aqgate::cli::RepeatedFlag, record_id, {},
          "Record ID; repeat the flag or separate with commas.");
ABSL_FLAG(std::string, config_name, "", "The annotation config (by name) to annotate.");
ABSL_FLAG(std::optional<double>, score, std::nullopt, "The annotation's score.");
ABSL_FLAG(std::optional<std::string>, label, std::nullopt, "The annotation's label.");
ABSL_FLAG(std::optional<std::string>, text, std::nullopt, "The annotation's free-form text.");
ABSL_FLAG(aqgate::cli::RepeatedFlag, user_email, {},
          "Email of a user to assign; repeat the flag or separate with commas.");
ABSL_FLAG(bool, clear, false, "Remove every assigned user.");
ABSL_FLAG(std::string, out, "", "Write the records to this file instead of stdout.");
ABSL_FLAG(int32_t, page_size, 0, "Records the gateway fetches per upstream page, 1-500 (0 = 500).");
ABSL_FLAG(std::string, resume_token, "",
          "Start after the message this resume token came from (from an earlier stream).");
ABSL_FLAG(int32_t, max_retries, 8,
          "Consecutive UNAVAILABLE failures to ride out (resuming where the stream broke).");
