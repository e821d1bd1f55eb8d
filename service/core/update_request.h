// UpdateAnnotationQueue's FieldMask semantics: validates the request and
// turns it into the upstream PATCH parameters. With an update_mask, exactly
// the named fields change (an empty value is a real change); without one,
// every field with a non-empty value changes. Paths are snake_case or
// camelCase; at least one field must change.
#ifndef AQGATE_SERVICE_CORE_UPDATE_REQUEST_H_
#define AQGATE_SERVICE_CORE_UPDATE_REQUEST_H_

#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue_service.pb.h"
#include "service/upstream/arize_api_types.h"

namespace aqgate::core {

// INVALID_ARGUMENT naming every offending field, or the PATCH to send.
absl::StatusOr<upstream::UpdateQueueParams> ValidateUpdateQueue(
    const aqgate::v1::UpdateAnnotationQueueRequest& request);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_UPDATE_REQUEST_H_
