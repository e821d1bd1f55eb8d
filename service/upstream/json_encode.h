// Typed request values -> upstream JSON request bodies (nlohmann-json; see
// json_parse.h for why). Enums are sent as the upstream's strings,
// timestamps as RFC 3339 UTC, record sources discriminated by
// `record_type` (SPAN / TRACE / EXAMPLE). Fails with INVALID_ARGUMENT
// (reason INVALID_UPSTREAM_REQUEST) on values that cannot be sent: a record
// source with no kind, a timestamp outside 0001..9999, invalid UTF-8.
#ifndef AQGATE_SERVICE_UPSTREAM_JSON_ENCODE_H_
#define AQGATE_SERVICE_UPSTREAM_JSON_ENCODE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue.pb.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "service/upstream/arize_api_types.h"

namespace aqgate::upstream {

// POST /v2/annotation-queues
absl::StatusOr<std::string> EncodeCreateQueue(const CreateQueueParams& params);
// PATCH /v2/annotation-queues/{id}: only present fields; instructions
// present and empty is sent as null (clears them).
absl::StatusOr<std::string> EncodeUpdateQueue(const UpdateQueueParams& params);
// POST .../records: {record_sources: [...]}
absl::StatusOr<std::string> EncodeAddRecords(const std::vector<aqgate::v1::RecordSource>& sources);
// DELETE .../records: {record_ids: [...]}
absl::StatusOr<std::string> EncodeDeleteRecords(const std::vector<std::string>& record_ids);
// POST .../annotate: {annotations: [{name, score?, label?, text?}]}
absl::StatusOr<std::string> EncodeAnnotate(
    const std::vector<aqgate::v1::AnnotationInput>& annotations);
// POST .../assign: {assigned_user_emails: [...]}
absl::StatusOr<std::string> EncodeAssign(const std::vector<std::string>& emails);

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_JSON_ENCODE_H_
