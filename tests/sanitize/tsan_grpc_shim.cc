// ThreadSanitizer shim for Debian's (uninstrumented) gRPC core: the
// hand-off of a batch's tag from the thread that starts an operation to the
// thread that completes it.
//
// Linked into every executable of a TSan build, like tsan_absl_shim.cc (see
// there for how the interposition works). gRPC's C++ API is header code,
// compiled into our instrumented objects: a reactor's Finish()/StartWrite()
// fills a tag object (CallbackWithSuccessTag, CallOpSet) and passes it to
// grpc_call_start_batch; a gRPC thread later takes the tag out of
// grpc_completion_queue_next/pluck and runs it. The ordering between the two
// lives in libgrpc's atomics, invisible to TSan, which then reports the tag's
// fields (and everything the caller wrote before Finish) as races.
// Here: release on the tag when it is handed to gRPC, acquire on it when gRPC
// hands it back. Our code's own accesses stay fully checked.
#include <grpc/grpc.h>
#include <sanitizer/tsan_interface.h>

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace aqgate::tsan_shim {
namespace {

void* RealGrpc(const char* name) {
  void* fn = dlsym(RTLD_NEXT, name);
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_grpc_shim: %s not found in libgrpc: %s\n", name, dlerror());
    std::abort();
  }
  return fn;
}

void AcquireTag(const grpc_event& event) {
  if (event.type == GRPC_OP_COMPLETE) __tsan_acquire(event.tag);
}

}  // namespace
}  // namespace aqgate::tsan_shim

extern "C" {

grpc_call_error grpc_call_start_batch(grpc_call* call, const grpc_op* ops, size_t nops,
                                      void* tag, void* reserved) {
  using Fn = grpc_call_error (*)(grpc_call*, const grpc_op*, size_t, void*, void*);
  static const auto real =
      reinterpret_cast<Fn>(aqgate::tsan_shim::RealGrpc("grpc_call_start_batch"));
  __tsan_release(tag);
  return real(call, ops, nops, tag, reserved);
}

grpc_call_error grpc_server_request_call(grpc_server* server, grpc_call** call,
                                         grpc_call_details* details,
                                         grpc_metadata_array* request_metadata,
                                         grpc_completion_queue* cq_bound_to_call,
                                         grpc_completion_queue* cq_for_notification,
                                         void* tag_new) {
  using Fn = grpc_call_error (*)(grpc_server*, grpc_call**, grpc_call_details*,
                                 grpc_metadata_array*, grpc_completion_queue*,
                                 grpc_completion_queue*, void*);
  static const auto real =
      reinterpret_cast<Fn>(aqgate::tsan_shim::RealGrpc("grpc_server_request_call"));
  __tsan_release(tag_new);
  return real(server, call, details, request_metadata, cq_bound_to_call, cq_for_notification,
              tag_new);
}

grpc_call_error grpc_server_request_registered_call(
    grpc_server* server, void* registered_method, grpc_call** call, gpr_timespec* deadline,
    grpc_metadata_array* request_metadata, grpc_byte_buffer** optional_payload,
    grpc_completion_queue* cq_bound_to_call, grpc_completion_queue* cq_for_notification,
    void* tag_new) {
  using Fn = grpc_call_error (*)(grpc_server*, void*, grpc_call**, gpr_timespec*,
                                 grpc_metadata_array*, grpc_byte_buffer**,
                                 grpc_completion_queue*, grpc_completion_queue*, void*);
  static const auto real = reinterpret_cast<Fn>(
      aqgate::tsan_shim::RealGrpc("grpc_server_request_registered_call"));
  __tsan_release(tag_new);
  return real(server, registered_method, call, deadline, request_metadata, optional_payload,
              cq_bound_to_call, cq_for_notification, tag_new);
}

grpc_event grpc_completion_queue_next(grpc_completion_queue* cq, gpr_timespec deadline,
                                      void* reserved) {
  using Fn = grpc_event (*)(grpc_completion_queue*, gpr_timespec, void*);
  static const auto real =
      reinterpret_cast<Fn>(aqgate::tsan_shim::RealGrpc("grpc_completion_queue_next"));
  grpc_event event = real(cq, deadline, reserved);
  aqgate::tsan_shim::AcquireTag(event);
  return event;
}

grpc_event grpc_completion_queue_pluck(grpc_completion_queue* cq, void* tag,
                                       gpr_timespec deadline, void* reserved) {
  using Fn = grpc_event (*)(grpc_completion_queue*, void*, gpr_timespec, void*);
  static const auto real =
      reinterpret_cast<Fn>(aqgate::tsan_shim::RealGrpc("grpc_completion_queue_pluck"));
  grpc_event event = real(cq, tag, deadline, reserved);
  aqgate::tsan_shim::AcquireTag(event);
  return event;
}

}  // extern "C"
