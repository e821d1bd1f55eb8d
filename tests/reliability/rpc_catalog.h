// Every RPC of the service as data: how to call it against a target queue,
// whether it is idempotent (architecture decision 5), and which upstream
// request it makes (method + raw path, percent-encoded as the emulator logs
// it). Shared by the fault-matrix, secrets and soak suites.
#ifndef AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_
#define AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "grpcpp/support/status.h"

namespace aqgate::testing {

enum class Rpc {
  kListQueues,
  kGetQueue,
  kCreateQueue,
  kUpdateQueue,
  kDeleteQueue,
  kListRecords,
  kStreamRecords,
  kAddRecords,
  kDeleteRecords,
  kAnnotateRecord,
  kAssignRecord,
};

const std::vector<Rpc>& AllRpcs();
const char* RpcName(Rpc rpc);
bool IsIdempotent(Rpc rpc);

// A queue the call acts on, and one of its records.
struct Target {
  std::string queue_id;
  std::string record_id;
};

// The upstream request an RPC on `target` makes: its method and the path's
// segments, percent-decoded (["v2", "annotation-queues", "<queue id>", ...]).
// Comparing decoded segments checks where a request went without trusting
// the gateway's own encoder: an ID is in its segment iff the raw path splits
// on '/' into exactly these segments.
struct UpstreamRoute {
  std::string method;
  std::vector<std::string> segments;
};
UpstreamRoute RouteOf(Rpc rpc, const Target& target);

// The segments of a raw path ("/v2/a%2Fb" -> ["v2", "a/b"]), each
// percent-decoded once; nullopt when an escape is malformed.
std::optional<std::vector<std::string>> DecodedSegments(const std::string& raw_path);

// Whether a logged request (method, raw path) is `route`.
bool Matches(const UpstreamRoute& route, const std::string& method, const std::string& raw_path);

// The raw path the gateway sends for `route` (segments percent-encoded the
// way service/upstream encodes them), to aim an emulator fault
// (path_prefix) at it. Only to arm faults: where requests went is judged by
// Matches().
std::string RawPathOf(const UpstreamRoute& route);

// "/v2/annotation-queues/<id>" form of a route, for messages.
std::string DescribeRoute(const UpstreamRoute& route);

struct CallOptions {
  absl::Duration timeout = absl::Seconds(10);
  std::string api_key;  // caller key metadata; empty = the server's key
  std::string unique;   // makes created names unique
};

// Calls `rpc` on `target` (valid requests by canonical IDs: no name lookups
// upstream). StreamRecords reads to the end.
grpc::Status CallRpc(aqgate::v1::AnnotationQueueService::Stub& stub, Rpc rpc,
                     const Target& target, const CallOptions& options);

// A fresh queue in it-space holding one span record (span-1-1; record_id
// stays empty when the seed has no such span), or the error of the create
// or add call (e.g. under injected faults).
absl::StatusOr<Target> TryMakeTarget(aqgate::v1::AnnotationQueueService::Stub& stub,
                                     const std::string& name,
                                     absl::Duration timeout = absl::Seconds(10));

// The same, failing the test (non-fatally; empty IDs then) when it cannot be made.
Target MakeTarget(aqgate::v1::AnnotationQueueService::Stub& stub, const std::string& name);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_
