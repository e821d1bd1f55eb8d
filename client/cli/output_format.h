// Rendering results as a table, JSON, JSON Lines or CSV. Each result type
// has columns (for table and CSV); JSON forms print the proto's JSON with
// the API's snake_case field names.
#ifndef AQGATE_CLIENT_CLI_OUTPUT_FORMAT_H_
#define AQGATE_CLIENT_CLI_OUTPUT_FORMAT_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace aqgate::cli {

enum class OutputFormat { kTable, kJson, kJsonl, kCsv };

// "table", "json", "jsonl" or "csv"; INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

struct Column {
  std::string header;
  std::function<std::string(const google::protobuf::Message&)> value;
};

// The proto JSON of a message: snake_case names, compact or indented.
std::string ToJson(const google::protobuf::Message& message, bool pretty);

// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF,
// with quotes doubled.
std::string CsvField(absl::string_view value);
void WriteCsvRow(const std::vector<std::string>& fields, std::ostream& out);

// An aligned text table with a header row; newlines and tabs in cells show
// as spaces and cells longer than `max_width` characters are cut with "...".
void WriteTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out,
                size_t max_width = 60);

// Renders items. `single` prints one JSON object rather than an array for
// json (for get/create/... results).
void Render(OutputFormat format, const std::vector<Column>& columns,
            const std::vector<const google::protobuf::Message*>& items, bool single,
            std::ostream& out);

// Columns of the result types.
const std::vector<Column>& QueueColumns();
const std::vector<Column>& RecordColumns();
const std::vector<Column>& AnnotateResultColumns();
const std::vector<Column>& AssignResultColumns();
const std::vector<Column>& QueueIdColumns();

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_OUTPUT_FORMAT_H_
