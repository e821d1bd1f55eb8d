#include "client/cli/command_table.h"

#include "absl/strings/cord.h"
#include "client/cli/commands.h"

namespace aqgate::cli {
namespace {

constexpr char kUsagePayload[] = "aqgate.dev/aqctl-usage-error";

const std::vector<CommandFlag> kQueueRef = {
    {"id", ""},
    {"name", ""},
    {"space", "The queue's space, by exact name (with --name)."},
    {"space_id", "The queue's space, by ID (with --name)."},
};

std::vector<CommandFlag> With(std::vector<CommandFlag> flags, const std::vector<CommandFlag>& more) {
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

const std::vector<CommandFlag> kSources = {
    {"spans", ""},
    {"traces", ""},
    {"examples", ""},
};

std::vector<Command>* BuildCommands() {
  auto* commands = new std::vector<Command>;
  commands->push_back(Command{
      "list",
      "List annotation queues, newest first.",
      "list [--space NAME | --space-id ID] [--name SUBSTRING] [--limit N] [--cursor TOKEN | --all]",
      "Lists the queues the key can see, one page at a time; filters by space and by a\n"
      "case-insensitive substring of the name. When more pages exist, the token of the next\n"
      "one is printed on stderr; --all follows every page instead.",
      {{"space", "Only queues of this space, by exact name."},
       {"space_id", "Only queues of this space, by ID."},
       {"name", "Only queues whose name contains this, case-insensitively."},
       {"limit", "Queues per page, 1-100."},
       {"cursor", ""},
       {"all", ""}},
      {"aqctl list --space my-space",
       "aqctl list --space-id U3BhY2U6MTpkZW1v --name review --output csv",
       "aqctl list --all --output jsonl"},
      &RunList});
  commands->push_back(Command{
      "get",
      "Show one queue with its annotation configs and annotators.",
      "get (--id ID | --name NAME (--space NAME | --space-id ID))",
      "Gets a queue by ID, or by exact name within a space.",
      kQueueRef,
      {"aqctl get --id QW5ub3RhdGlvblF1ZXVlOjE6YQ==",
       "aqctl get --name accuracy-review --space my-space --output json"},
      &RunGet});
  commands->push_back(Command{
      "create",
      "Create a queue, optionally with up to 2 record sources.",
      "create --name NAME (--space NAME | --space-id ID) --annotation-config-id ID... "
      "--annotator-email EMAIL... [--instructions TEXT] [--assignment-method all|random] "
      "[sources]",
      "Creates a queue in a space. The name must be unique among the space's active queues\n"
      "(ALREADY_EXISTS otherwise, exit 4). Sources (--spans, --traces, --examples,\n"
      "--from-file) add up to 500 records on creation.",
      With({{"name", "The new queue's name, 1-255 characters."},
            {"space", "The space to create the queue in, by exact name."},
            {"space_id", "The space to create the queue in, by ID."},
            {"annotation_config_id", ""},
            {"annotator_email", ""},
            {"instructions", ""},
            {"assignment_method", ""}},
           With(kSources, {{"from_file",
                            "JSON file of record sources: [{\"spans\": {...}}, "
                            "{\"examples\": {...}}] or {\"record_sources\": [...]}."}})),
      {"aqctl create --name accuracy-review --space my-space \\\n"
       "      --annotation-config-id QW5ub3RhdGlvbkNvbmZpZzoxOmE= --annotator-email ann@example.com",
       "aqctl create --name triage --space-id U3BhY2U6MTpkZW1v --annotation-config-id C1,C2 \\\n"
       "      --annotator-email a@example.com --annotator-email b@example.com \\\n"
       "      --assignment-method random --instructions 'Rate each answer.' \\\n"
       "      --spans 'UHJvamVjdDox,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,span-1,span-2'"},
      &RunCreate});
  commands->push_back(Command{
      "update",
      "Change a queue's name, instructions, configs or annotators.",
      "update (--id ID | --name NAME (--space NAME | --space-id ID)) [--new-name NAME] "
      "[--instructions TEXT] [--annotation-config-id ID...] [--annotator-email EMAIL...]",
      "Changes only the fields given. List flags replace the whole list (a queue keeps at\n"
      "least one config and one annotator); --instructions= clears the instructions.",
      With(kQueueRef, {{"new_name", ""},
                       {"instructions", "New instructions (at most 5000 characters); empty clears."},
                       {"annotation_config_id", "The complete new list of annotation config IDs."},
                       {"annotator_email", "The complete new list of annotator emails."}}),
      {"aqctl update --name triage --space my-space --new-name triage-2",
       "aqctl update --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --instructions= "
       "--annotator-email a@example.com,b@example.com"},
      &RunUpdate});
  commands->push_back(Command{
      "delete",
      "Delete a queue and all its records (irreversible).",
      "delete (--id ID | --name NAME (--space NAME | --space-id ID)) [--force]",
      "Deletes a queue. On a terminal aqctl asks for confirmation unless --force is given;\n"
      "when stdin or stderr is not a terminal (scripts) it does not ask. Prints the deleted\n"
      "queue's ID.",
      With(kQueueRef, {{"force", "Do not ask for confirmation."}}),
      {"aqctl delete --name old-queue --space my-space",
       "aqctl delete --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --force"},
      &RunDelete});
  commands->push_back(Command{
      "list-records",
      "List a queue's records, one page at a time.",
      "list-records (--id ID | --name NAME (--space NAME | --space-id ID)) [--limit N] "
      "[--cursor TOKEN | --all]",
      "Lists records with their data, annotations, evaluations and assignments. When more\n"
      "pages exist, the next page's token is printed on stderr. For a whole queue prefer\n"
      "stream-records.",
      With(kQueueRef, {{"limit", "Records per page, 1-500."}, {"cursor", ""}, {"all", ""}}),
      {"aqctl list-records --name accuracy-review --space my-space --limit 20",
       "aqctl list-records --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --all --output csv > records.csv"},
      &RunListRecords});
  commands->push_back(Command{
      "stream-records",
      "Write every record of a queue as JSON Lines, resuming after failures.",
      "stream-records (--id ID | --name NAME (--space NAME | --space-id ID)) [--out FILE] "
      "[--output jsonl|json|csv]",
      "Streams all records of a queue (StreamRecords), one JSON object per line by default,\n"
      "to stdout or --out. If the stream breaks with UNAVAILABLE it resumes right after the\n"
      "last record received (no duplicate, no gap), up to --max-retries times in a row with\n"
      "backoff. On a terminal, stderr shows a live line with the count and records/s.",
      With(kQueueRef, {{"out", ""},
                       {"page_size", ""},
                       {"resume_token", ""},
                       {"max_retries", ""}}),
      {"aqctl stream-records --name accuracy-review --space my-space > out.jsonl",
       "aqctl stream-records --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --out records.csv --output csv"},
      &RunStreamRecords});
  commands->push_back(Command{
      "add-records",
      "Add spans, traces or dataset examples to a queue.",
      "add-records (--id ID | --name NAME (--space NAME | --space-id ID)) "
      "(--spans SPEC | --traces SPEC | --examples SPEC | --from-file FILE)...",
      "Adds records from 1-2 sources (at most 500 records in total) and prints the created\n"
      "records. Sources:\n"
      "  --spans    PROJECT_ID,START,END,SPAN_ID[,SPAN_ID...]\n"
      "  --traces   PROJECT_ID,START,END,TRACE_ID[,TRACE_ID...]\n"
      "  --examples DATASET_ID[@VERSION_ID][,EXAMPLE_ID...]\n"
      "START/END are RFC 3339 times; the window is at most 7 days. --from-file takes the\n"
      "sources as JSON (the API's JSON form), e.g.\n"
      "  [{\"spans\": {\"project_id\": \"P\", \"start_time\": \"2026-03-01T00:00:00Z\",\n"
      "    \"end_time\": \"2026-03-02T00:00:00Z\", \"span_ids\": [\"s1\"]}},\n"
      "   {\"examples\": {\"dataset_id\": \"D\", \"example_ids\": [\"e1\"]}}]",
      With(kQueueRef,
           With(kSources, {{"from_file", "JSON file of record sources (see above)."}})),
      {"aqctl add-records --name triage --space my-space \\\n"
       "      --spans 'UHJvamVjdDox,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,span-1,span-2'",
       "aqctl add-records --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --examples 'RGF0YXNldDox@djI,ex-1,ex-2'",
       "aqctl add-records --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --from-file sources.json"},
      &RunAddRecords});
  commands->push_back(Command{
      "delete-records",
      "Delete records from a queue by ID.",
      "delete-records (--id ID | --name NAME (--space NAME | --space-id ID)) --record-id ID...",
      "Deletes 1-100 records. IDs that are not in the queue are ignored; NOT_FOUND (exit 3)\n"
      "only when the queue is missing.",
      With(kQueueRef, {{"record_id", ""}}),
      {"aqctl delete-records --name triage --space my-space --record-id rec-1,rec-2",
       "aqctl delete-records --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --record-id rec-1 --record-id rec-2"},
      &RunDeleteRecords});
  commands->push_back(Command{
      "annotate-record",
      "Upsert your annotations on a record.",
      "annotate-record (--id ID | --name NAME (--space NAME | --space-id ID)) --record-id ID "
      "(--config-name NAME [--score N] [--label L] [--text T] | --from-file FILE)",
      "Upserts the caller's annotation for one annotation config (by name) of the queue and\n"
      "marks the caller's assignment COMPLETED. Values not given stay unchanged. Several\n"
      "annotations at once: --from-file with [{\"name\": \"accuracy\", \"score\": 0.9},\n"
      "{\"name\": \"notes\", \"text\": \"ok\"}] (or {\"annotations\": [...]}).",
      With(kQueueRef, {{"record_id", "The record to annotate (exactly one)."},
                       {"config_name", ""},
                       {"score", ""},
                       {"label", ""},
                       {"text", ""},
                       {"from_file", "JSON file of annotations (see above)."}}),
      {"aqctl annotate-record --name triage --space my-space --record-id rec-1 \\\n"
       "      --config-name accuracy --score 0.9",
       "aqctl annotate-record --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --record-id rec-1 "
       "--config-name verdict --label correct"},
      &RunAnnotateRecord});
  commands->push_back(Command{
      "assign-record",
      "Replace the users assigned to a record.",
      "assign-record (--id ID | --name NAME (--space NAME | --space-id ID)) --record-id ID "
      "(--user-email EMAIL... | --clear)",
      "Sets the record's assignees to exactly the given users (0-100). Re-assigning a user\n"
      "who completed the record resets them to PENDING; --clear removes every assignee.",
      With(kQueueRef, {{"record_id", "The record to assign (exactly one)."},
                       {"user_email", ""},
                       {"clear", ""}}),
      {"aqctl assign-record --name triage --space my-space --record-id rec-1 "
       "--user-email a@example.com,b@example.com",
       "aqctl assign-record --id QW5ub3RhdGlvblF1ZXVlOjE6YQ== --record-id rec-1 --clear"},
      &RunAssignRecord});
  return commands;
}

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command>* commands = BuildCommands();
  return *commands;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : Commands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const std::vector<CommandFlag>& GlobalFlags() {
  static const auto* flags = new std::vector<CommandFlag>{
      {"target", ""}, {"tls", ""},        {"ca_file", ""},
      {"timeout", ""}, {"request_id", ""}, {"output", ""},
  };
  return *flags;
}

absl::Status UsageError(const std::string& message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

}  // namespace aqgate::cli
