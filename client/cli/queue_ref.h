// Queue and space references from --id / --name / --space / --space-id.
// The caller says which form it gave; nothing is guessed from a string.
#ifndef AQGATE_CLIENT_CLI_QUEUE_REF_H_
#define AQGATE_CLIENT_CLI_QUEUE_REF_H_

#include <optional>

#include "absl/status/statusor.h"
#include "aqgate/v1/annotation_queue.pb.h"

namespace aqgate::cli {

// The space from --space (name) or --space-id; nullopt when neither is
// given; a usage error when both are.
absl::StatusOr<std::optional<v1::SpaceRef>> SpaceFromFlags();

// The queue from --id, or --name with --space/--space-id; usage errors for
// none, both, or a name without a space.
absl::StatusOr<v1::QueueRef> QueueFromFlags();

}  // namespace aqgate::cli

#endif  // AQGATE_CLIENT_CLI_QUEUE_REF_H_
