// What a gRPC call's metadata says about the upstream call it becomes:
// credentials (`authorization: Bearer <key>`), the request ID
// (`x-request-id`, else a generated one) and the deadline.
#ifndef AQGATE_SERVICE_CORE_CALL_METADATA_H_
#define AQGATE_SERVICE_CORE_CALL_METADATA_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "service/core/core_options.h"
#include "service/upstream/call_context.h"

namespace aqgate::core {

// The caller's x-request-id when it is 1-128 printable ASCII characters,
// else a new random one.
std::string RequestIdOf(const grpc::ServerContextBase& context);

// The caller's deadline, if it set one.
std::optional<absl::Time> CallerDeadline(const grpc::ServerContextBase& context);

// The call's deadline, or now + `fallback` when the caller set none.
absl::Time DeadlineOf(const grpc::ServerContextBase& context, absl::Duration fallback);

// Fills `ctx.api_key` from the authorization metadata. UNAUTHENTICATED when
// the header is malformed, or missing while `require_caller_key`. The
// error never contains the header's value.
absl::Status ReadCredentials(const grpc::ServerContextBase& context, bool require_caller_key,
                             upstream::CallContext& ctx);

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_CALL_METADATA_H_
