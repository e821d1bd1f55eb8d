#include "service/core/unary_call.h"

#include "service/core/call_metadata.h"
#include "service/core/status_conversion.h"

namespace aqgate::core {

UnaryCall::UnaryCall(grpc::CallbackServerContext* context, absl::string_view method,
                     const CoreOptions& options)
    : log_(method, RequestIdOf(*context)) {
  context->AddInitialMetadata("x-request-id", log_.request_id());
  ctx_.request_id = log_.request_id();
  ctx_.deadline = DeadlineOf(*context, options.default_deadline);
  ctx_.cancellation = std::make_shared<upstream::Cancellation>();
  setup_status_ = ReadCredentials(*context, options.require_caller_key, ctx_);
}

void UnaryCall::Reply(const absl::Status& status) {
  const absl::Status named = WithRequestFieldNames(status, field_names_);
  log_.Write(named);
  Finish(ToGrpcStatus(named, log_.request_id()));
}

}  // namespace aqgate::core
