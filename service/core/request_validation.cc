#include "service/core/request_validation.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"

namespace aqgate::core {
namespace {

using aqgate::v1::RecordSource;

// Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a
// valid google.protobuf.Timestamp.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;
constexpr int64_t kMaxWindowSeconds = 7 * 24 * 60 * 60;
constexpr int64_t kNanosPerSecond = 1000000000;

// Length in Unicode code points of UTF-8 text (bytes that do not continue a
// sequence).
int64_t CharCount(absl::string_view text) {
  int64_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string Indexed(const std::string& path, int index) {
  return absl::StrCat(path, "[", index, "]");
}

std::string Join(const std::string& path, absl::string_view field) {
  return path.empty() ? std::string(field) : absl::StrCat(path, ".", field);
}

bool ValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= kMinTimestampSeconds && t.seconds() <= kMaxTimestampSeconds &&
         t.nanos() >= 0 && t.nanos() < kNanosPerSecond;
}

// Checks a span or trace source's project, window and IDs; returns how many
// IDs it names.
int CheckTracingSource(const std::string& project_id, bool has_start,
                       const google::protobuf::Timestamp& start, bool has_end,
                       const google::protobuf::Timestamp& end,
                       const google::protobuf::RepeatedPtrField<std::string>& ids,
                       absl::string_view ids_field, const std::string& path,
                       FieldViolations& violations) {
  if (project_id.empty()) violations.Add(Join(path, "project_id"), "required");
  bool window_ok = true;
  if (!has_start) {
    violations.Add(Join(path, "start_time"), "required");
    window_ok = false;
  } else if (!ValidTimestamp(start)) {
    violations.Add(Join(path, "start_time"), "not a valid timestamp");
    window_ok = false;
  }
  if (!has_end) {
    violations.Add(Join(path, "end_time"), "required");
    window_ok = false;
  } else if (!ValidTimestamp(end)) {
    violations.Add(Join(path, "end_time"), "not a valid timestamp");
    window_ok = false;
  }
  if (window_ok) {
    // Compare in nanoseconds split as (seconds, nanos) to avoid overflow.
    const bool after = end.seconds() > start.seconds() ||
                       (end.seconds() == start.seconds() && end.nanos() > start.nanos());
    const int64_t span_seconds = end.seconds() - start.seconds();
    const bool within_week =
        span_seconds < kMaxWindowSeconds ||
        (span_seconds == kMaxWindowSeconds && end.nanos() <= start.nanos());
    if (!after) {
      violations.Add(Join(path, "end_time"), "must be after start_time");
    } else if (!within_week) {
      violations.Add(Join(path, "end_time"), "must be at most 7 days after start_time");
    }
  }
  const std::string ids_path = Join(path, ids_field);
  if (ids.empty()) violations.Add(ids_path, "at least one ID is required");
  for (int i = 0; i < ids.size(); ++i) {
    if (ids[i].empty()) violations.Add(Indexed(ids_path, i), "must not be empty");
  }
  return ids.size();
}

// Checks `sources` (between `min` and 2 of them, <= 500 records in total).
void CheckRecordSources(const google::protobuf::RepeatedPtrField<RecordSource>& sources, int min,
                        const std::string& path, FieldViolations& violations) {
  if (sources.size() < min) {
    violations.Add(path, absl::StrCat("at least ", min, " record source is required"));
  }
  if (sources.size() > kMaxRecordSources) {
    violations.Add(path, absl::StrCat("at most ", kMaxRecordSources, " record sources"));
  }
  int64_t total_ids = 0;
  for (int i = 0; i < sources.size(); ++i) {
    const RecordSource& source = sources[i];
    const std::string source_path = Indexed(path, i);
    switch (source.source_case()) {
      case RecordSource::kSpans: {
        const auto& s = source.spans();
        total_ids += CheckTracingSource(s.project_id(), s.has_start_time(), s.start_time(),
                                        s.has_end_time(), s.end_time(), s.span_ids(), "span_ids",
                                        Join(source_path, "spans"), violations);
        break;
      }
      case RecordSource::kTraces: {
        const auto& s = source.traces();
        total_ids += CheckTracingSource(s.project_id(), s.has_start_time(), s.start_time(),
                                        s.has_end_time(), s.end_time(), s.trace_ids(),
                                        "trace_ids", Join(source_path, "traces"), violations);
        break;
      }
      case RecordSource::kExamples: {
        const auto& e = source.examples();
        const std::string examples_path = Join(source_path, "examples");
        if (e.dataset_id().empty()) violations.Add(Join(examples_path, "dataset_id"), "required");
        for (int j = 0; j < e.example_ids_size(); ++j) {
          if (e.example_ids(j).empty()) {
            violations.Add(Indexed(Join(examples_path, "example_ids"), j), "must not be empty");
          }
        }
        total_ids += e.example_ids_size();
        break;
      }
      case RecordSource::SOURCE_NOT_SET:
        violations.Add(source_path, "exactly one of spans, traces or examples is required");
        break;
    }
  }
  if (total_ids > kMaxRecordsPerAdd) {
    violations.Add(path, absl::StrCat("at most ", kMaxRecordsPerAdd,
                                      " records in total across sources, got ", total_ids));
  }
}

void CheckPageSize(int32_t page_size, int max, const std::string& path,
                   FieldViolations& violations) {
  if (page_size < 0 || page_size > max) {
    violations.Add(path, absl::StrCat("must be between 0 and ", max));
  }
}

void CheckRecordId(absl::string_view record_id, FieldViolations& violations) {
  if (record_id.empty()) violations.Add("record_id", "required");
}

}  // namespace

void CheckSpaceRef(const aqgate::v1::SpaceRef& ref, const std::string& path,
                   FieldViolations& violations) {
  switch (ref.space_case()) {
    case aqgate::v1::SpaceRef::kId:
      if (ref.id().empty()) violations.Add(Join(path, "id"), "must not be empty");
      break;
    case aqgate::v1::SpaceRef::kName:
      if (ref.name().empty()) violations.Add(Join(path, "name"), "must not be empty");
      break;
    case aqgate::v1::SpaceRef::SPACE_NOT_SET:
      violations.Add(path, "exactly one of id or name is required");
      break;
  }
}

void CheckQueueRef(const aqgate::v1::QueueRef& ref, const std::string& path,
                   FieldViolations& violations) {
  switch (ref.queue_case()) {
    case aqgate::v1::QueueRef::kId:
      if (ref.id().empty()) violations.Add(Join(path, "id"), "must not be empty");
      break;
    case aqgate::v1::QueueRef::kName:
      CheckQueueName(ref.name(), Join(path, "name"), violations);
      if (!ref.has_space()) {
        violations.Add(Join(path, "space"), "required when the queue is given by name");
      } else {
        CheckSpaceRef(ref.space(), Join(path, "space"), violations);
      }
      break;
    case aqgate::v1::QueueRef::QUEUE_NOT_SET:
      violations.Add(path, "exactly one of id or name is required");
      break;
  }
}

void CheckQueueName(absl::string_view name, const std::string& path,
                    FieldViolations& violations) {
  const int64_t chars = CharCount(name);
  if (chars < 1 || chars > kMaxNameChars) {
    violations.Add(path, absl::StrCat("must be 1-", kMaxNameChars, " characters"));
  }
}

void CheckInstructions(absl::string_view instructions, const std::string& path,
                       FieldViolations& violations) {
  if (CharCount(instructions) > kMaxInstructionsChars) {
    violations.Add(path, absl::StrCat("must be at most ", kMaxInstructionsChars, " characters"));
  }
}

void CheckStringList(const google::protobuf::RepeatedPtrField<std::string>& values,
                     const std::string& path, int min, int max, FieldViolations& violations) {
  if (values.size() < min) violations.Add(path, absl::StrCat("at least ", min, " required"));
  if (values.size() > max) violations.Add(path, absl::StrCat("at most ", max, " allowed"));
  for (int i = 0; i < values.size(); ++i) {
    if (values[i].empty()) violations.Add(Indexed(path, i), "must not be empty");
  }
}

absl::Status ValidateListQueues(const aqgate::v1::ListAnnotationQueuesRequest& request) {
  FieldViolations violations;
  if (request.has_space()) CheckSpaceRef(request.space(), "space", violations);
  CheckPageSize(request.page_size(), kMaxQueuePageSize, "page_size", violations);
  return violations.ToStatus();
}

absl::Status ValidateGetQueue(const aqgate::v1::GetAnnotationQueueRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  return violations.ToStatus();
}

absl::Status ValidateCreateQueue(const aqgate::v1::CreateAnnotationQueueRequest& request) {
  FieldViolations violations;
  CheckQueueName(request.name(), "name", violations);
  if (!request.has_space()) {
    violations.Add("space", "required");
  } else {
    CheckSpaceRef(request.space(), "space", violations);
  }
  CheckStringList(request.annotation_config_ids(), "annotation_config_ids", 1, INT32_MAX,
                  violations);
  CheckStringList(request.annotator_emails(), "annotator_emails", 1, kMaxEmails, violations);
  CheckInstructions(request.instructions(), "instructions", violations);
  if (!aqgate::v1::AssignmentMethod_IsValid(request.assignment_method())) {
    violations.Add("assignment_method", "unknown assignment method");
  }
  CheckRecordSources(request.record_sources(), 0, "record_sources", violations);
  return violations.ToStatus();
}

absl::Status ValidateDeleteQueue(const aqgate::v1::DeleteAnnotationQueueRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  return violations.ToStatus();
}

absl::Status ValidateListRecords(const aqgate::v1::ListRecordsRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckPageSize(request.page_size(), kMaxRecordPageSize, "page_size", violations);
  return violations.ToStatus();
}

absl::StatusOr<std::optional<ResumeToken>> ValidateStreamRecords(
    const aqgate::v1::StreamRecordsRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckPageSize(request.page_size(), kMaxRecordPageSize, "page_size", violations);
  CheckPageSize(request.max_records_per_message(), kMaxRecordsPerMessage,
                "max_records_per_message", violations);
  std::optional<ResumeToken> token;
  if (!request.resume_token().empty()) {
    absl::StatusOr<ResumeToken> decoded = DecodeResumeToken(request.resume_token());
    if (decoded.ok()) {
      token = *std::move(decoded);
      // A queue given by ID can be checked now; by name, after resolution.
      if (request.queue().queue_case() == aqgate::v1::QueueRef::kId &&
          !request.queue().id().empty() && token->queue_id != request.queue().id()) {
        violations.Add("resume_token", "the token belongs to another queue");
      }
    } else {
      violations.Add("resume_token", "not a resume token of this gateway");
    }
  }
  absl::Status status = violations.ToStatus();
  if (!status.ok()) return status;
  return token;
}

absl::Status ValidateAddRecords(const aqgate::v1::AddRecordsRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckRecordSources(request.record_sources(), 1, "record_sources", violations);
  return violations.ToStatus();
}

absl::Status ValidateDeleteRecords(const aqgate::v1::DeleteRecordsRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckStringList(request.record_ids(), "record_ids", 1, kMaxRecordIdsPerDelete, violations);
  return violations.ToStatus();
}

absl::Status ValidateAnnotateRecord(const aqgate::v1::AnnotateRecordRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckRecordId(request.record_id(), violations);
  const auto& annotations = request.annotations();
  if (annotations.empty()) violations.Add("annotations", "at least 1 annotation is required");
  if (annotations.size() > kMaxAnnotations) {
    violations.Add("annotations", absl::StrCat("at most ", kMaxAnnotations, " annotations"));
  }
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < annotations.size(); ++i) {
    const aqgate::v1::AnnotationInput& annotation = annotations[i];
    const std::string path = Indexed("annotations", i);
    if (annotation.name().empty()) {
      violations.Add(Join(path, "name"), "required");
    } else if (!names.insert(annotation.name()).second) {
      violations.Add(Join(path, "name"), "duplicate annotation name in this request");
    }
    if (!annotation.has_score() && !annotation.has_label() && !annotation.has_text()) {
      violations.Add(path, "at least one of score, label or text is required");
    }
    if (annotation.has_score() && !std::isfinite(annotation.score())) {
      violations.Add(Join(path, "score"), "must be a finite number");
    }
  }
  return violations.ToStatus();
}

absl::Status ValidateAssignRecord(const aqgate::v1::AssignRecordRequest& request) {
  FieldViolations violations;
  CheckQueueRef(request.queue(), "queue", violations);
  CheckRecordId(request.record_id(), violations);
  CheckStringList(request.assigned_user_emails(), "assigned_user_emails", 0, kMaxEmails,
                  violations);
  return violations.ToStatus();
}

}  // namespace aqgate::core
