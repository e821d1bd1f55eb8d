// An emulator and a gateway in front of it, for one test, plus helpers that
// most integration tests share: contexts, references, error details, and the
// IDs of the integration seed (tests/integration/seed/it.json).
#ifndef AQGATE_TESTS_INTEGRATION_HARNESS_STACK_H_
#define AQGATE_TESTS_INTEGRATION_HARNESS_STACK_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/emulator.h"
#include "tests/integration/harness/gateway.h"

namespace aqgate::testing {

// Keys the seed gives its users (none of them may ever show up in a log).
inline constexpr char kCallerKey[] = "aqgate-it-caller-key-abcdef";     // annotator@it.test
inline constexpr char kOutsiderKey[] = "aqgate-it-outsider-key-xyz";   // outsider@it.test
inline constexpr char kUnknownKey[] = "aqgate-it-unknown-key-000";

inline constexpr char kSpace[] = "it-space";
inline constexpr char kRestrictedSpace[] = "restricted";
inline constexpr char kExistingQueue[] = "it-existing";  // 5 records
inline constexpr char kOwnerEmail[] = "owner@it.test";
inline constexpr char kAnnotatorEmail[] = "annotator@it.test";

// Canonical IDs the emulator mints for the seed's rows.
std::string SeedId(const std::string& kind, int number);
inline std::string SpaceId() { return SeedId("Space", 1); }
inline std::string ConfigId(int n) { return SeedId("AnnotationConfig", n); }  // 1..3 it-space
inline std::string ProjectId() { return SeedId("Project", 1); }
inline std::string DatasetId() { return SeedId("Dataset", 1); }
inline std::string ExampleId(int n) { return SeedId("DatasetExample", n); }  // 1..3

struct StackOptions {
  std::string seed = "it.json";  // a file of tests/integration/seed
  std::vector<std::string> gateway_args;
  std::string server_key = kTestServerKey;
  // Point the gateway here instead of at the emulator (e.g. a proxy).
  std::string upstream_url_override;
};

class StackTest : public ::testing::Test {
 protected:
  // Starts both processes; fails the test (fatally) when either cannot start.
  void StartStack(StackOptions options = {});
  void StartEmulator(const std::string& seed = "it.json");
  void StartGateway(StackOptions options);

  Emulator& emulator() { return *emulator_; }
  Gateway& gateway() { return *gateway_; }
  aqgate::v1::AnnotationQueueService::Stub& stub() { return *stub_; }

  // The emulator's request log, restricted to /v2 calls (admin calls left out).
  std::vector<LoggedRequest> UpstreamRequests();
  void ClearUpstreamRequests();

  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> stub_;
};

// A context with a deadline, and optionally a caller key and request ID.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& api_key = "",
                                         const std::string& request_id = "",
                                         absl::Duration timeout = absl::Seconds(20));

aqgate::v1::QueueRef QueueById(const std::string& id);
aqgate::v1::QueueRef QueueByName(const std::string& name, const std::string& space_name = kSpace);

// The request to create a queue in it-space with all three configs.
aqgate::v1::CreateAnnotationQueueRequest NewQueueRequest(const std::string& name);
// Creates it (fails the test when it cannot).
aqgate::v1::AnnotationQueue CreateQueue(aqgate::v1::AnnotationQueueService::Stub& stub,
                                        const std::string& name);

aqgate::v1::RecordSource SpanSource(const std::vector<std::string>& span_ids);
aqgate::v1::RecordSource TraceSource(const std::vector<std::string>& trace_ids);
aqgate::v1::RecordSource ExampleSource(const std::vector<std::string>& example_ids);

// google.rpc details of a failed call.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status);
std::optional<google::rpc::BadRequest> BadRequestOf(const grpc::Status& status);
std::optional<google::rpc::RetryInfo> RetryInfoOf(const grpc::Status& status);
// The field names of a BadRequest, sorted.
std::vector<std::string> ViolationFields(const grpc::Status& status);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_INTEGRATION_HARNESS_STACK_H_
