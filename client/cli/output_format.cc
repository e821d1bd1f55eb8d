#include "client/cli/output_format.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace aqgate::cli {
namespace {

namespace v1 = ::aqgate::v1;
using google::protobuf::Message;

// Length in characters (UTF-8 code points).
size_t DisplayWidth(absl::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string CleanCell(absl::string_view value, size_t max_width) {
  std::string cell(value);
  for (char& c : cell) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (DisplayWidth(cell) <= max_width) return cell;
  // Cut at a code point boundary.
  size_t kept = 0;
  size_t i = 0;
  for (; i < cell.size(); ++i) {
    if ((cell[i] & 0xC0) != 0x80) {
      if (kept == max_width - 3) break;
      ++kept;
    }
  }
  return cell.substr(0, i) + "...";
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return google::protobuf::util::TimeUtil::ToString(t);
}

// "SOURCE_TYPE_SPANS" -> "SPANS"; "" for the UNSPECIFIED value.
std::string EnumName(const google::protobuf::EnumDescriptor* descriptor, int value,
                     absl::string_view prefix) {
  const google::protobuf::EnumValueDescriptor* v = descriptor->FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  std::string name = v->name();
  absl::string_view short_name = absl::StripPrefix(name, prefix);
  return short_name == "UNSPECIFIED" ? "" : std::string(short_name);
}

std::string AnnotationText(const v1::Annotation& a) {
  std::vector<std::string> parts;
  if (a.has_score()) parts.push_back(absl::StrCat(a.score()));
  if (a.has_label()) parts.push_back(a.label());
  if (a.has_text()) parts.push_back(a.text());
  return absl::StrCat(a.name(), "=", absl::StrJoin(parts, "/"));
}

std::string Assigned(const google::protobuf::RepeatedPtrField<v1::AssignedUser>& users) {
  return absl::StrJoin(users, ";", [](std::string* out, const v1::AssignedUser& u) {
    absl::StrAppend(out, u.user().email(), ":",
                    EnumName(v1::CompletionStatus_descriptor(), u.completion_status(),
                             "COMPLETION_STATUS_"));
  });
}

template <typename T>
Column Col(std::string header, std::function<std::string(const T&)> value) {
  return Column{std::move(header), [value](const Message& m) {
                  return value(static_cast<const T&>(m));
                }};
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "jsonl") return OutputFormat::kJsonl;
  if (text == "csv") return OutputFormat::kCsv;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown output format \"", text, "\" (use table, json, jsonl or csv)"));
}

std::string ToJson(const Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = pretty;
  std::string json;
  google::protobuf::util::Status status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return "{}";  // only for values JSON cannot hold (NaN scores)
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

std::string CsvField(absl::string_view value) {
  if (value.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void WriteCsvRow(const std::vector<std::string>& fields, std::ostream& out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << CsvField(fields[i]);
  }
  out << "\r\n";
}

void WriteTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out,
                size_t max_width) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size() + 1);
  cells.push_back(headers);
  for (const auto& row : rows) {
    std::vector<std::string> clean;
    for (const std::string& cell : row) clean.push_back(CleanCell(cell, max_width));
    cells.push_back(std::move(clean));
  }
  std::vector<size_t> widths(headers.size(), 0);
  for (const auto& row : cells) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }
  for (const auto& row : cells) {
    std::string line;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    out << line << "\n";
  }
}

void Render(OutputFormat format, const std::vector<Column>& columns,
            const std::vector<const Message*>& items, bool single, std::ostream& out) {
  switch (format) {
    case OutputFormat::kJson:
      if (single && items.size() == 1) {
        out << ToJson(*items[0], true) << "\n";
        return;
      }
      out << "[";
      for (size_t i = 0; i < items.size(); ++i) {
        out << (i == 0 ? "\n" : ",\n") << ToJson(*items[i], true);
      }
      out << (items.empty() ? "]\n" : "\n]\n");
      return;
    case OutputFormat::kJsonl:
      for (const Message* item : items) out << ToJson(*item, false) << "\n";
      return;
    case OutputFormat::kCsv:
    case OutputFormat::kTable: {
      std::vector<std::string> headers;
      for (const Column& c : columns) headers.push_back(c.header);
      std::vector<std::vector<std::string>> rows;
      for (const Message* item : items) {
        std::vector<std::string> row;
        for (const Column& c : columns) row.push_back(c.value(*item));
        rows.push_back(std::move(row));
      }
      if (format == OutputFormat::kTable) {
        WriteTable(headers, rows, out);
      } else {
        WriteCsvRow(headers, out);
        for (const auto& row : rows) WriteCsvRow(row, out);
      }
      return;
    }
  }
}

const std::vector<Column>& QueueColumns() {
  static const auto* columns = new std::vector<Column>{
      Col<v1::AnnotationQueue>("ID", [](const auto& q) { return q.id(); }),
      Col<v1::AnnotationQueue>("NAME", [](const auto& q) { return q.name(); }),
      Col<v1::AnnotationQueue>("SPACE_ID", [](const auto& q) { return q.space_id(); }),
      Col<v1::AnnotationQueue>("CONFIGS",
                               [](const auto& q) {
                                 return absl::StrJoin(q.annotation_configs(), ";",
                                                      [](std::string* o, const auto& c) {
                                                        o->append(c.name());
                                                      });
                               }),
      Col<v1::AnnotationQueue>("ANNOTATORS",
                               [](const auto& q) {
                                 return absl::StrJoin(q.annotators(), ";",
                                                      [](std::string* o, const auto& a) {
                                                        o->append(a.email());
                                                      });
                               }),
      Col<v1::AnnotationQueue>("CREATED_AT", [](const auto& q) { return Time(q.created_at()); }),
  };
  return *columns;
}

const std::vector<Column>& RecordColumns() {
  static const auto* columns = new std::vector<Column>{
      Col<v1::Record>("ID", [](const auto& r) { return r.id(); }),
      Col<v1::Record>("SOURCE",
                      [](const auto& r) {
                        return EnumName(v1::SourceType_descriptor(), r.source_type(),
                                        "SOURCE_TYPE_");
                      }),
      Col<v1::Record>("GRANULARITY",
                      [](const auto& r) {
                        return EnumName(v1::Granularity_descriptor(), r.granularity(),
                                        "GRANULARITY_");
                      }),
      Col<v1::Record>("ANNOTATIONS",
                      [](const auto& r) {
                        return absl::StrJoin(r.annotations(), ";",
                                             [](std::string* o, const v1::Annotation& a) {
                                               o->append(AnnotationText(a));
                                             });
                      }),
      Col<v1::Record>("ASSIGNED", [](const auto& r) { return Assigned(r.assigned_users()); }),
      Col<v1::Record>("DATA", [](const auto& r) { return ToJson(r.data(), false); }),
  };
  return *columns;
}

const std::vector<Column>& AnnotateResultColumns() {
  static const auto* columns = new std::vector<Column>{
      Col<v1::AnnotateRecordResponse>("RECORD_ID", [](const auto& r) { return r.record_id(); }),
      Col<v1::AnnotateRecordResponse>("QUEUE_ID",
                                      [](const auto& r) { return r.annotation_queue_id(); }),
      Col<v1::AnnotateRecordResponse>("ANNOTATIONS",
                                      [](const auto& r) {
                                        return absl::StrJoin(
                                            r.annotations(), ";",
                                            [](std::string* o, const v1::Annotation& a) {
                                              o->append(AnnotationText(a));
                                            });
                                      }),
  };
  return *columns;
}

const std::vector<Column>& AssignResultColumns() {
  static const auto* columns = new std::vector<Column>{
      Col<v1::AssignRecordResponse>("RECORD_ID", [](const auto& r) { return r.record_id(); }),
      Col<v1::AssignRecordResponse>("QUEUE_ID",
                                    [](const auto& r) { return r.annotation_queue_id(); }),
      Col<v1::AssignRecordResponse>("ASSIGNED",
                                    [](const auto& r) { return Assigned(r.assigned_users()); }),
  };
  return *columns;
}

const std::vector<Column>& QueueIdColumns() {
  static const auto* columns = new std::vector<Column>{
      Column{"ANNOTATION_QUEUE_ID",
             [](const Message& m) {
               const auto* field = m.GetDescriptor()->FindFieldByName("annotation_queue_id");
               return field == nullptr ? std::string()
                                       : m.GetReflection()->GetString(m, field);
             }},
  };
  return *columns;
}

}  // namespace aqgate::cli
