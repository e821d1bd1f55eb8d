// Upstream faults injected through the emulator's admin API, and the name
// cache, both judged by the emulator's request log.
#include <string>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::SizeIs;

class UpstreamFaultsTest : public StackTest {
 protected:
  void SetUp() override { StartStack(); }

  void Inject(Fault fault) {
    absl::Status status = emulator().AddFault(fault);
    ASSERT_TRUE(status.ok()) << status;
  }

  grpc::Status GetExisting(v1::GetAnnotationQueueResponse* response) {
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    return stub().GetAnnotationQueue(Ctx().get(), request, response);
  }

  std::vector<LoggedRequest> RequestsWithMethod(const std::string& method) {
    std::vector<LoggedRequest> out;
    for (LoggedRequest& r : UpstreamRequests()) {
      if (r.method == method) out.push_back(std::move(r));
    }
    return out;
  }
};

TEST_F(UpstreamFaultsTest, TooManyRequestsIsRetriedAfterRetryAfter) {
  ClearUpstreamRequests();
  Fault fault;
  fault.status = 429;
  fault.retry_after = 1;
  fault.count = 1;
  fault.path_prefix = "/v2/annotation-queues";
  Inject(fault);
  const absl::Time start = absl::Now();
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = GetExisting(&response);
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.annotation_queue().name(), kExistingQueue);
  std::vector<LoggedRequest> requests = UpstreamRequests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[0].status, 429);
  EXPECT_EQ(requests[1].status, 200);
  EXPECT_GE(took, absl::Milliseconds(900)) << "Retry-After: 1 was not honoured";
}

TEST_F(UpstreamFaultsTest, PersistentTooManyRequestsIsResourceExhaustedWithRetryInfo) {
  Fault fault;
  fault.status = 429;
  fault.retry_after = 0;
  fault.count = 100;
  Inject(fault);
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = GetExisting(&response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("http_status"), "429");
  EXPECT_THAT(RequestsWithMethod("GET"), SizeIs(4));  // --upstream_max_attempts default
}

TEST_F(UpstreamFaultsTest, ServiceUnavailableIsRetried) {
  ClearUpstreamRequests();
  Fault fault;
  fault.status = 503;
  fault.count = 2;
  Inject(fault);
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = GetExisting(&response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<LoggedRequest> requests = UpstreamRequests();
  ASSERT_THAT(requests, SizeIs(3));
  EXPECT_EQ(requests[0].status, 503);
  EXPECT_EQ(requests[1].status, 503);
  EXPECT_EQ(requests[2].status, 200);
}

TEST_F(UpstreamFaultsTest, ServerErrorOnCreateIsNotRetried) {
  ClearUpstreamRequests();
  Fault fault;
  fault.status = 500;
  fault.count = 1;
  fault.method = "POST";
  fault.path_prefix = "/v2/annotation-queues";
  Inject(fault);
  v1::CreateAnnotationQueueRequest request = NewQueueRequest("not retried");
  request.mutable_space()->set_id(SpaceId());  // no name lookup in the log
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status = stub().CreateAnnotationQueue(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  std::vector<LoggedRequest> posts = RequestsWithMethod("POST");
  ASSERT_THAT(posts, SizeIs(1));
  EXPECT_EQ(posts[0].status, 500);
}

TEST_F(UpstreamFaultsTest, UnreachableUpstreamIsUnavailable) {
  // Point a second gateway at a port nothing listens on.
  GatewayOptions options;
  options.upstream_url = "http://127.0.0.1:9";
  options.extra_args = {"--upstream_max_attempts=2", "--upstream_initial_backoff=10ms"};
  absl::StatusOr<std::unique_ptr<Gateway>> dead_end = Gateway::Start(options);
  ASSERT_TRUE(dead_end.ok()) << dead_end.status();
  auto stub = (*dead_end)->NewStub();
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  EXPECT_EQ(stub->GetAnnotationQueue(Ctx().get(), request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(UpstreamFaultsTest, SlowUpstreamHitsTheCallerDeadline) {
  Fault fault;
  fault.kind = "latency";
  fault.latency_ms = 3000;
  fault.count = 10;
  Inject(fault);
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  const absl::Time start = absl::Now();
  grpc::Status status = stub().GetAnnotationQueue(
      Ctx("", "", absl::Milliseconds(500)).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(2500));
}

TEST_F(UpstreamFaultsTest, WarmNameCostsOneUpstreamRequest) {
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  v1::GetAnnotationQueueResponse response;
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), request, &response).ok());  // warm up
  ClearUpstreamRequests();
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), request, &response).ok());
  std::vector<LoggedRequest> requests = UpstreamRequests();
  ASSERT_THAT(requests, SizeIs(1));
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path.rfind("/v2/annotation-queues/", 0), 0u) << requests[0].path;
}

TEST_F(UpstreamFaultsTest, DeleteEvictsTheCachedName) {
  v1::AnnotationQueue first = CreateQueue(stub(), "reborn");
  v1::GetAnnotationQueueRequest get;
  *get.mutable_queue() = QueueByName("reborn");
  v1::GetAnnotationQueueResponse got;
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), get, &got).ok());
  v1::DeleteAnnotationQueueRequest del;
  *del.mutable_queue() = QueueByName("reborn");
  v1::DeleteAnnotationQueueResponse deleted;
  ASSERT_TRUE(stub().DeleteAnnotationQueue(Ctx().get(), del, &deleted).ok());
  v1::AnnotationQueue second = CreateQueue(stub(), "reborn");
  ASSERT_NE(first.id(), second.id());
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.annotation_queue().id(), second.id());
}

}  // namespace
}  // namespace aqgate::testing
