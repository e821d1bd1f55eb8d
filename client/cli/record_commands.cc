// list-records, add-records, delete-records, and record sources from flags.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/cli/flags.h"
#include "client/cli/queue_ref.h"
#include "client/cli/record_sources.h"

namespace aqgate::cli {
namespace {

void PrintRecords(CommandContext& context, const std::vector<v1::Record>& records) {
  std::vector<const google::protobuf::Message*> items;
  for (const auto& r : records) items.push_back(&r);
  Render(context.format, RecordColumns(), items, false, context.io.out);
}

}  // namespace

absl::StatusOr<std::vector<v1::RecordSource>> SourcesFromFlags() {
  std::vector<v1::RecordSource> sources;
  using Parser = absl::StatusOr<v1::RecordSource> (*)(absl::string_view);
  const std::pair<RepeatedFlag, Parser> kinds[] = {
      {absl::GetFlag(FLAGS_spans), &ParseSpanSource},
      {absl::GetFlag(FLAGS_traces), &ParseTraceSource},
      {absl::GetFlag(FLAGS_examples), &ParseExampleSource},
  };
  for (const auto& [flag, parse] : kinds) {
    for (const std::string& spec : flag.values) {
      absl::StatusOr<v1::RecordSource> source = parse(spec);
      if (!source.ok()) return UsageError(std::string(source.status().message()));
      sources.push_back(*std::move(source));
    }
  }
  std::string file = absl::GetFlag(FLAGS_from_file);
  if (!file.empty()) {
    absl::StatusOr<std::string> text = ReadTextFile(file);
    if (!text.ok()) return UsageError(std::string(text.status().message()));
    absl::StatusOr<std::vector<v1::RecordSource>> from_file = ParseSourcesJson(*text);
    if (!from_file.ok()) {
      return UsageError(absl::StrCat(file, ": ", from_file.status().message()));
    }
    for (auto& s : *from_file) sources.push_back(std::move(s));
  }
  return sources;
}

absl::Status RunListRecords(CommandContext& context) {
  v1::ListRecordsRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  request.set_page_size(absl::GetFlag(FLAGS_limit));
  request.set_page_token(absl::GetFlag(FLAGS_cursor));
  std::vector<v1::Record> records;
  std::string next;
  if (absl::GetFlag(FLAGS_all)) {
    for (absl::StatusOr<v1::Record>& record : context.client.ListAllRecords(request)) {
      if (!record.ok()) return record.status();
      records.push_back(*std::move(record));
    }
  } else {
    absl::StatusOr<v1::ListRecordsResponse> page = context.client.ListRecords(request);
    if (!page.ok()) return page.status();
    records.assign(page->records().begin(), page->records().end());
    next = page->next_page_token();
  }
  PrintRecords(context, records);
  PrintNextPageHint(context, next);
  return absl::OkStatus();
}

absl::Status RunAddRecords(CommandContext& context) {
  v1::AddRecordsRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  absl::StatusOr<std::vector<v1::RecordSource>> sources = SourcesFromFlags();
  if (!sources.ok()) return sources.status();
  if (sources->empty()) {
    return UsageError("add-records needs a source: --spans, --traces, --examples or --from-file");
  }
  for (auto& source : *sources) *request.add_record_sources() = std::move(source);
  absl::StatusOr<v1::AddRecordsResponse> response = context.client.AddRecords(request);
  if (!response.ok()) return response.status();
  PrintRecords(context, std::vector<v1::Record>(response->records().begin(),
                                                response->records().end()));
  return absl::OkStatus();
}

absl::Status RunDeleteRecords(CommandContext& context) {
  v1::DeleteRecordsRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  for (const std::string& id : CommaListValues(absl::GetFlag(FLAGS_record_id))) {
    request.add_record_ids(id);
  }
  if (request.record_ids().empty()) return UsageError("delete-records needs --record-id");
  absl::StatusOr<v1::DeleteRecordsResponse> response = context.client.DeleteRecords(request);
  if (!response.ok()) return response.status();
  Render(context.format, QueueIdColumns(), {&*response}, true, context.io.out);
  return absl::OkStatus();
}

}  // namespace aqgate::cli
