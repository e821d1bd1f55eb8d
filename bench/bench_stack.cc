#include "bench/bench_stack.h"

#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"

namespace aqgate::bench {

absl::StatusOr<std::unique_ptr<testing::Emulator>> StartEmulator(
    std::vector<std::string> extra_args) {
  return testing::Emulator::Start(testing::SeedFile("demo.json"), std::move(extra_args));
}

absl::StatusOr<std::unique_ptr<testing::Gateway>> StartGateway(
    const testing::Emulator& emulator, std::vector<std::string> extra_args) {
  testing::GatewayOptions options;
  options.upstream_url = emulator.base_url();
  options.api_key = kBenchKey;
  options.extra_args = std::move(extra_args);
  absl::StatusOr<std::unique_ptr<testing::Gateway>> gateway =
      testing::Gateway::Start(std::move(options));
  // For attaching a profiler (perf record -p PID) while a benchmark runs.
  if (gateway.ok()) {
    std::cerr << "bench: gateway pid " << (*gateway)->process().pid() << " serving "
              << (*gateway)->target() << std::endl;
  }
  return gateway;
}

aqgate::v1::QueueRef QueueByName(const std::string& name) {
  aqgate::v1::QueueRef ref;
  ref.set_name(name);
  ref.mutable_space()->set_name(kBenchSpace);
  return ref;
}

aqgate::v1::QueueRef QueueById(const std::string& id) {
  aqgate::v1::QueueRef ref;
  ref.set_id(id);
  return ref;
}

absl::StatusOr<std::string> ResolveQueueId(aqgate::v1::AnnotationQueueService::Stub& stub,
                                           const std::string& name) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  aqgate::v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueByName(name);
  aqgate::v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub.GetAnnotationQueue(&context, request, &response);
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("GetAnnotationQueue(", name, "): ", status.error_message()));
  }
  return response.annotation_queue().id();
}

absl::StatusOr<size_t> UpstreamRequestCount(testing::Emulator& emulator) {
  absl::StatusOr<std::vector<testing::LoggedRequest>> requests = emulator.Requests();
  if (!requests.ok()) return requests.status();
  return requests->size();
}

int Fail(const std::string& what, const absl::Status& status) {
  std::cerr << "bench: " << what << ": " << status.ToString() << std::endl;
  return 1;
}

}  // namespace aqgate::bench
