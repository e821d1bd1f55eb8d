#include "client/cli/record_sources.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace aqgate::cli {
namespace {

absl::Status ParseTime(absl::string_view text, absl::string_view what,
                       google::protobuf::Timestamp* out) {
  if (!google::protobuf::util::TimeUtil::FromString(std::string(text), out)) {
    return absl::InvalidArgumentError(absl::StrCat(what, " \"", text,
                                                   "\" is not an RFC 3339 time such as "
                                                   "2026-03-01T00:00:00Z"));
  }
  return absl::OkStatus();
}

// PROJECT_ID,START,END,ID[,ID...]
template <typename Source>
absl::Status ParseWindowSource(absl::string_view spec, absl::string_view flag, Source* source,
                               google::protobuf::RepeatedPtrField<std::string>* ids) {
  std::vector<std::string> parts = absl::StrSplit(spec, ',');
  for (std::string& p : parts) absl::StripAsciiWhitespace(&p);
  if (parts.size() < 4) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, " \"", spec, "\": expected PROJECT_ID,START,END,ID[,ID...]"));
  }
  if (parts[0].empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": the project ID is empty"));
  }
  source->set_project_id(parts[0]);
  absl::Status status = ParseTime(parts[1], absl::StrCat("--", flag, " start"),
                                  source->mutable_start_time());
  if (!status.ok()) return status;
  status = ParseTime(parts[2], absl::StrCat("--", flag, " end"), source->mutable_end_time());
  if (!status.ok()) return status;
  for (size_t i = 3; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--", flag, ": an empty ID in \"", spec, "\""));
    }
    *ids->Add() = parts[i];
  }
  return absl::OkStatus();
}

template <typename Message>
absl::Status ParseJson(absl::string_view json, Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // a typo should be an error, not silently dropped
  google::protobuf::util::Status status =
      google::protobuf::util::JsonStringToMessage(std::string(json), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("bad JSON: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

// Wraps a top-level JSON array as {"<field>": [...]}.
std::string WrapArray(absl::string_view json, absl::string_view field) {
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(json);
  if (!trimmed.empty() && trimmed.front() == '[') {
    return absl::StrCat("{\"", field, "\":", json, "}");
  }
  return std::string(json);
}

}  // namespace

absl::StatusOr<v1::RecordSource> ParseSpanSource(absl::string_view spec) {
  v1::RecordSource source;
  absl::Status status = ParseWindowSource(spec, "spans", source.mutable_spans(),
                                          source.mutable_spans()->mutable_span_ids());
  if (!status.ok()) return status;
  return source;
}

absl::StatusOr<v1::RecordSource> ParseTraceSource(absl::string_view spec) {
  v1::RecordSource source;
  absl::Status status = ParseWindowSource(spec, "traces", source.mutable_traces(),
                                          source.mutable_traces()->mutable_trace_ids());
  if (!status.ok()) return status;
  return source;
}

absl::StatusOr<v1::RecordSource> ParseExampleSource(absl::string_view spec) {
  std::vector<std::string> parts = absl::StrSplit(spec, ',');
  for (std::string& p : parts) absl::StripAsciiWhitespace(&p);
  std::vector<std::string> dataset = absl::StrSplit(parts[0], absl::MaxSplits('@', 1));
  if (dataset[0].empty() || (dataset.size() == 2 && dataset[1].empty())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--examples \"", spec, "\": expected DATASET_ID[@VERSION_ID][,EXAMPLE_ID...]"));
  }
  v1::RecordSource source;
  source.mutable_examples()->set_dataset_id(dataset[0]);
  if (dataset.size() == 2) source.mutable_examples()->set_dataset_version_id(dataset[1]);
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--examples: an empty ID in \"", spec, "\""));
    }
    source.mutable_examples()->add_example_ids(parts[i]);
  }
  return source;
}

absl::StatusOr<std::vector<v1::RecordSource>> ParseSourcesJson(absl::string_view json) {
  v1::AddRecordsRequest request;
  absl::Status status = ParseJson(WrapArray(json, "record_sources"), &request);
  if (!status.ok()) return status;
  if (request.has_queue()) {
    return absl::InvalidArgumentError(
        "the sources file names a queue; name the queue with flags instead");
  }
  return std::vector<v1::RecordSource>(request.record_sources().begin(),
                                       request.record_sources().end());
}

absl::StatusOr<std::vector<v1::AnnotationInput>> ParseAnnotationsJson(absl::string_view json) {
  v1::AnnotateRecordRequest request;
  absl::Status status = ParseJson(WrapArray(json, "annotations"), &request);
  if (!status.ok()) return status;
  if (request.has_queue() || !request.record_id().empty()) {
    return absl::InvalidArgumentError(
        "the annotations file names a queue or record; use --id/--name and --record-id");
  }
  return std::vector<v1::AnnotationInput>(request.annotations().begin(),
                                          request.annotations().end());
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace aqgate::cli
