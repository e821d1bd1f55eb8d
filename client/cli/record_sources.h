// Record sources and annotations from command-line flags or JSON files.
//
//   --spans    PROJECT_ID,START,END,SPAN_ID[,SPAN_ID...]
//   --traces   PROJECT_ID,START,END,TRACE_ID[,TRACE_ID...]
//   --examples DATASET_ID[@VERSION_ID][,EXAMPLE_ID...]
//
// START and END are RFC 3339 times (2026-03-01T00:00:00Z). IDs never hold
// commas (they are base64), so commas separate the parts.
//
// --from-file takes the proto JSON form: a list of RecordSource objects
//   [{"spans": {"project_id": "...", "start_time": "...", "end_time": "...",
//               "span_ids": ["..."]}}, {"examples": {"dataset_id": "..."}}]
// or an object {"record_sources": [...]} (an AddRecordsRequest).
#ifndef AQGATE_CLIENT_CLI_RECORD_SOURCES_H_
#define AQGATE_CLIENT_CLI_RECORD_SOURCES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aqgate/v1/annotation_queue_service.pb.h"

namespace aqgate::cli {

absl::StatusOr<v1::RecordSource> ParseSpanSource(absl::string_view spec);
absl::StatusOr<v1::RecordSource> ParseTraceSource(absl::string_view spec);
absl::StatusOr<v1::RecordSource> ParseExampleSource(absl::string_view spec);

// The sources in a JSON text (see above).
absl::StatusOr<std::vector<v1::RecordSource>> ParseSourcesJson(absl::string_view json);

// The annotations in a JSON text: a list of AnnotationInput objects
// ([{"name": "accuracy", "score": 0.9}]) or {"annotations": [...]}.
absl::StatusOr<std::vector<v1::AnnotationInput>> ParseAnnotationsJson(absl::string_view json);

// The content of a file; NOT_FOUND when it cannot be read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_RECORD_SOURCES_H_
