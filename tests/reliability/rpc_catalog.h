// Every RPC of the service as data: how to call it against a target queue,
// whether it is idempotent (architecture decision 5), and which upstream
// request it makes (method + raw path, percent-encoded as the emulator logs
// it). Shared by the fault-matrix, secrets and soak suites.
#ifndef AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_
#define AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_

#include <string>
#include <vector>

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

// The upstream request an RPC on `target` makes: `exact` = the path is
// exactly `path` (list / create), else `path` is a prefix.
struct UpstreamRoute {
  std::string method;
  std::string path;
  bool exact = false;
};
UpstreamRoute RouteOf(Rpc rpc, const Target& target);
bool Matches(const UpstreamRoute& route, const std::string& method, const std::string& path);

struct CallOptions {
  absl::Duration timeout = absl::Seconds(10);
  std::string api_key;  // caller key metadata; empty = the server's key
  std::string unique;   // makes created names unique
};

// Calls `rpc` on `target` (valid requests by canonical IDs: no name lookups
// upstream). StreamRecords reads to the end.
grpc::Status CallRpc(aqgate::v1::AnnotationQueueService::Stub& stub, Rpc rpc,
                     const Target& target, const CallOptions& options);

// A fresh queue in it-space holding one span record (fails the test when it
// cannot be made).
Target MakeTarget(aqgate::v1::AnnotationQueueService::Stub& stub, const std::string& name);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_RELIABILITY_RPC_CATALOG_H_
