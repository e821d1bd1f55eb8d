#include "call_setup.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace aqgate::client::internal {

void SetUpContext(const ClientOptions& options, absl::Duration deadline,
                  const std::string& request_id, grpc::ClientContext& context) {
  if (!options.api_key.empty()) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", options.api_key));
  }
  const std::string& id = request_id.empty() ? options.request_id : request_id;
  if (!id.empty()) context.AddMetadata("x-request-id", id);
  if (deadline > absl::ZeroDuration()) {
    context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline));
  }
}

}  // namespace aqgate::client::internal
