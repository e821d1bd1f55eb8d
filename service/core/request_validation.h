// Checks every request against the limits of the upstream contract before
// any upstream call. Each Validate* function reports ALL offending fields at
// once (see field_violations.h); OK means the request may go upstream.
#ifndef AQGATE_SERVICE_CORE_REQUEST_VALIDATION_H_
#define AQGATE_SERVICE_CORE_REQUEST_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aqgate/v1/annotation_queue.pb.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "google/protobuf/repeated_field.h"
#include "service/core/field_violations.h"
#include "service/core/resume_token.h"

namespace aqgate::core {

// Limits of the upstream contract.
inline constexpr int kMaxNameChars = 255;
inline constexpr int kMaxInstructionsChars = 5000;
inline constexpr int kMaxEmails = 100;
inline constexpr int kMaxRecordSources = 2;
inline constexpr int kMaxRecordsPerAdd = 500;
inline constexpr int kMaxRecordIdsPerDelete = 100;
inline constexpr int kMaxAnnotations = 500;
inline constexpr int kMaxQueuePageSize = 100;
inline constexpr int kMaxRecordPageSize = 500;
inline constexpr int kMaxRecordsPerMessage = 500;

// Building blocks, shared with the update-mask handling. `path` is the
// field path of the checked value.
void CheckQueueRef(const aqgate::v1::QueueRef& ref, const std::string& path,
                   FieldViolations& violations);
void CheckSpaceRef(const aqgate::v1::SpaceRef& ref, const std::string& path,
                   FieldViolations& violations);
void CheckQueueName(absl::string_view name, const std::string& path,
                    FieldViolations& violations);
void CheckInstructions(absl::string_view instructions, const std::string& path,
                       FieldViolations& violations);
// Between `min` and `max` entries, none empty.
void CheckStringList(const google::protobuf::RepeatedPtrField<std::string>& values,
                     const std::string& path, int min, int max, FieldViolations& violations);

absl::Status ValidateListQueues(const aqgate::v1::ListAnnotationQueuesRequest& request);
absl::Status ValidateGetQueue(const aqgate::v1::GetAnnotationQueueRequest& request);
absl::Status ValidateCreateQueue(const aqgate::v1::CreateAnnotationQueueRequest& request);
absl::Status ValidateDeleteQueue(const aqgate::v1::DeleteAnnotationQueueRequest& request);
absl::Status ValidateListRecords(const aqgate::v1::ListRecordsRequest& request);
// The decoded resume token, if the request has one.
absl::StatusOr<std::optional<ResumeToken>> ValidateStreamRecords(
    const aqgate::v1::StreamRecordsRequest& request);
absl::Status ValidateAddRecords(const aqgate::v1::AddRecordsRequest& request);
absl::Status ValidateDeleteRecords(const aqgate::v1::DeleteRecordsRequest& request);
absl::Status ValidateAnnotateRecord(const aqgate::v1::AnnotateRecordRequest& request);
absl::Status ValidateAssignRecord(const aqgate::v1::AssignRecordRequest& request);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_REQUEST_VALIDATION_H_
