// Internal: prepares a grpc::ClientContext with the client's metadata and
// deadline.
#ifndef AQGATE_CLIENT_SRC_CALL_SETUP_H_
#define AQGATE_CLIENT_SRC_CALL_SETUP_H_

#include <string>

#include "absl/time/time.h"
#include "aqgate/client/client_options.h"
#include "grpcpp/client_context.h"

namespace aqgate::client::internal {

// Adds authorization and x-request-id metadata, and a deadline when
// `deadline` > 0.
void SetUpContext(const ClientOptions& options, absl::Duration deadline,
                  const std::string& request_id, grpc::ClientContext& context);

}  // namespace aqgate::client::internal

#endif  // AQGATE_CLIENT_SRC_CALL_SETUP_H_
