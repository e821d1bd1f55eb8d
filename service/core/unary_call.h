// The reactor of one unary RPC: reads the call's metadata into an upstream
// CallContext (credentials, request ID echoed as initial metadata, deadline,
// a Cancellation fired by OnCancel), and finishes exactly once with the
// converted status and one log line. Deletes itself in OnDone.
#ifndef AQGATE_SERVICE_CORE_UNARY_CALL_H_
#define AQGATE_SERVICE_CORE_UNARY_CALL_H_

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "service/core/core_options.h"
#include "service/core/rpc_log.h"
#include "service/core/upstream_field_names.h"
#include "service/upstream/call_context.h"

namespace aqgate::core {

class UnaryCall final : public grpc::ServerUnaryReactor {
 public:
  UnaryCall(grpc::CallbackServerContext* context, absl::string_view method,
            const CoreOptions& options);

  // Not OK when the metadata is unusable (then Reply with it).
  const absl::Status& setup_status() const { return setup_status_; }
  const upstream::CallContext& ctx() const { return ctx_; }
  void CountUpstreamCalls(int n) { log_.CountUpstreamCalls(n); }

  // How the request names the REST fields an upstream error may point at
  // (the defaults suit every RPC without record sources).
  void set_request_field_names(RequestFieldNames names) { field_names_ = std::move(names); }

  // Finishes the RPC. `this` may be deleted by the time it returns.
  void Reply(const absl::Status& status);

  void OnCancel() override { ctx_.cancellation->Cancel(); }
  void OnDone() override { delete this; }

 private:
  RpcLog log_;
  upstream::CallContext ctx_;
  absl::Status setup_status_;
  RequestFieldNames field_names_;
};

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_UNARY_CALL_H_
