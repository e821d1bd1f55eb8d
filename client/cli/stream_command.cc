// stream-records: every record of a queue as JSON Lines (or json/csv), to
// stdout or --out, resuming transparently after transient failures.
#include <fstream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"
#include "client/cli/flags.h"
#include "client/cli/progress_line.h"
#include "client/cli/queue_ref.h"

namespace aqgate::cli {

absl::Status RunStreamRecords(CommandContext& context) {
  v1::StreamRecordsRequest request;
  absl::StatusOr<v1::QueueRef> queue = QueueFromFlags();
  if (!queue.ok()) return queue.status();
  *request.mutable_queue() = *queue;
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  request.set_resume_token(absl::GetFlag(FLAGS_resume_token));
  // JSON Lines unless --output says otherwise (a terminal does not change it).
  OutputFormat format = context.format_given ? context.format : OutputFormat::kJsonl;
  if (format == OutputFormat::kTable) {
    return UsageError("stream-records writes jsonl, json or csv (a table needs every row first)");
  }
  int max_retries = absl::GetFlag(FLAGS_max_retries);
  if (max_retries < 0) return UsageError("--max-retries must be 0 or more");

  std::ostream* out = &context.io.out;
  std::unique_ptr<std::ofstream> file;
  std::string path = absl::GetFlag(FLAGS_out);
  if (!path.empty()) {
    file = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
    if (!*file) return UsageError(absl::StrCat("cannot write --out ", path));
    out = file.get();
  }

  ProgressLine progress(context.io.err, context.io.err_is_tty);
  client::RecordStreamOptions options;
  options.max_consecutive_retries = max_retries;
  options.on_retry = [&progress](int attempt, const absl::Status& status) {
    progress.Note(absl::StrCat("resuming after ", absl::StatusCodeToString(status.code()),
                               ", retry ", attempt));
  };
  const std::vector<Column>& columns = RecordColumns();
  if (format == OutputFormat::kCsv) {
    std::vector<std::string> headers;
    for (const Column& c : columns) headers.push_back(c.header);
    WriteCsvRow(headers, *out);
  }
  if (format == OutputFormat::kJson) *out << "[";
  absl::Status status;
  for (absl::StatusOr<v1::Record>& record : context.client.StreamRecords(request, options)) {
    if (!record.ok()) {
      status = record.status();
      break;
    }
    switch (format) {
      case OutputFormat::kJsonl:
        *out << ToJson(*record, false) << "\n";
        break;
      case OutputFormat::kJson:
        *out << (progress.total() == 0 ? "\n" : ",\n") << ToJson(*record, false);
        break;
      case OutputFormat::kCsv: {
        std::vector<std::string> row;
        for (const Column& c : columns) row.push_back(c.value(*record));
        WriteCsvRow(row, *out);
        break;
      }
      case OutputFormat::kTable:
        break;
    }
    progress.Add(1);
  }
  if (format == OutputFormat::kJson) *out << (progress.total() == 0 ? "]\n" : "\n]\n");
  out->flush();
  progress.Finish();
  if (!*out) return absl::DataLossError("writing the records failed (disk full or closed pipe?)");
  if (!status.ok() && context.io.err_is_tty) {
    context.io.err << "stopped after " << progress.total() << " records\n";
  }
  return status;
}

}  // namespace aqgate::cli
