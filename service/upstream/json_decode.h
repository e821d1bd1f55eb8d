// Upstream response bodies -> typed values (the aqgate protos and the
// arize_api_types.h structs). Unknown members are ignored, unknown enum
// strings become *_UNSPECIFIED, an AnnotationConfig of an unknown `type`
// keeps its common fields with `kind` unset. Wrong types, missing required
// members or a body that is not JSON give INTERNAL with reason
// UPSTREAM_BAD_RESPONSE and the JSON path in the message and in ErrorInfo
// metadata "json_path".
#ifndef AQGATE_SERVICE_UPSTREAM_JSON_DECODE_H_
#define AQGATE_SERVICE_UPSTREAM_JSON_DECODE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "aqgate/v1/annotation_queue.pb.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "service/upstream/arize_api_types.h"

namespace aqgate::upstream {

// 200/201 AnnotationQueue (get, create, update).
absl::StatusOr<aqgate::v1::AnnotationQueue> DecodeQueue(absl::string_view body);
// 200 {annotation_queues, pagination}.
absl::StatusOr<QueuePage> DecodeQueuePage(absl::string_view body);
// 200 {records, pagination}. The fast decoder (json_record_page.h) first;
// a body it does not take is decoded by DecodeRecordPageDom, so results and
// errors are always the reference decoder's.
absl::StatusOr<RecordPage> DecodeRecordPage(absl::string_view body);
// The reference decoder of a record page: nlohmann DOM + ObjectReader. Its
// error messages name the JSON path. Used for the bodies the fast decoder
// declines, and by the tests and the fuzzer that compare the two.
absl::StatusOr<RecordPage> DecodeRecordPageDom(absl::string_view body);
// 200/201 {record_sources: [AnnotationQueueRecord]}.
absl::StatusOr<std::vector<aqgate::v1::Record>> DecodeAddedRecords(absl::string_view body);
// 200 {id, annotation_queue_id, source_type, granularity?, annotations}.
absl::StatusOr<aqgate::v1::AnnotateRecordResponse> DecodeAnnotateSnapshot(absl::string_view body);
// 200 {id, annotation_queue_id, source_type, granularity?, assigned_users}.
absl::StatusOr<aqgate::v1::AssignRecordResponse> DecodeAssignSnapshot(absl::string_view body);
// 200 {spaces, pagination}.
absl::StatusOr<SpacePage> DecodeSpacePage(absl::string_view body);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_JSON_DECODE_H_
