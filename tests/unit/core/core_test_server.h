// The service under test behind a real in-process gRPC server on a port the
// OS picks, with a StrictMock ArizeApi as its upstream, plus helpers to read
// the google.rpc details of a returned status.
#ifndef AQGATE_TESTS_UNIT_CORE_CORE_TEST_SERVER_H_
#define AQGATE_TESTS_UNIT_CORE_CORE_TEST_SERVER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "aqgate/v1/annotation_queue_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/grpcpp.h"
#include "service/core/core_options.h"
#include "tests/testing_util/mock_arize_api.h"

namespace aqgate::core::testing {

// A manual clock for the name cache's TTL.
class FakeClock {
 public:
  absl::Time Now() {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_ = absl::FromUnixSeconds(1800000000);
};

class CoreServiceTest : public ::testing::Test {
 protected:
  // Starts the server; tests that need options call it themselves before
  // their first RPC, the others get defaults (with the fake clock).
  void StartServer(CoreOptions options = {});
  void TearDown() override;
  aqgate::v1::AnnotationQueueService::Stub& stub();
  // A stub on a channel of its own, with `args`.
  std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> NewStub(
      const grpc::ChannelArguments& args);

  ::testing::StrictMock<testing_util::MockArizeApi> api_;
  FakeClock clock_;

 private:
  std::unique_ptr<aqgate::v1::AnnotationQueueService::CallbackService> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::unique_ptr<aqgate::v1::AnnotationQueueService::Stub> stub_;
};

// The google.rpc.Status carried in `status`'s binary details.
google::rpc::Status RpcStatusOf(const grpc::Status& status);
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status);
std::optional<google::rpc::RetryInfo> RetryInfoOf(const grpc::Status& status);
// The field paths of the BadRequest in `status` (empty when none).
std::vector<std::string> BadRequestFields(const grpc::Status& status);

// What the upstream layer makes of a 400 whose problem+json names `fields`
// (ErrorInfo of domain "arize", a BadRequest with those fields).
absl::Status UpstreamInvalidFields(const std::vector<std::string>& fields);

// Captures log lines while alive.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  std::vector<std::string> Lines();
  // Blocks (up to 10 s) until a line containing every one of `parts`.
  bool WaitFor(const std::vector<std::string>& parts);

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace aqgate::core::testing

#endif  // AQGATE_TESTS_UNIT_CORE_CORE_TEST_SERVER_H_
