// Each unary RPC maps its request to the right upstream call and the
// upstream's answer to the response; upstream errors pass through with their
// details; metadata (credentials, x-request-id, deadline) is honoured.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/match.h"
#include "absl/synchronization/notification.h"
#include "google/protobuf/util/message_differencer.h"
#include "service/upstream/status_payloads.h"
#include "tests/unit/core/core_test_server.h"

namespace aqgate::core::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using google::protobuf::util::MessageDifferencer;

using UnaryHandlersTest = CoreServiceTest;

v1::AnnotationQueue Queue(const std::string& id, const std::string& name) {
  v1::AnnotationQueue queue;
  queue.set_id(id);
  queue.set_name(name);
  queue.set_space_id("sp1");
  queue.set_instructions("do it");
  queue.add_annotation_configs()->set_id("cfg1");
  queue.add_annotators()->set_email("a@x");
  queue.mutable_created_at()->set_seconds(1700000000);
  return queue;
}

v1::Record RecordWithId(const std::string& id) {
  v1::Record record;
  record.set_id(id);
  record.set_annotation_queue_id("q1");
  record.set_source_type(v1::SOURCE_TYPE_SPANS);
  return record;
}

TEST_F(UnaryHandlersTest, ListAnnotationQueues) {
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillOnce([](const upstream::CallContext&, upstream::ListQueuesParams params,
                   upstream::Callback<upstream::QueuePage> done) {
        EXPECT_EQ(params.space_id, "sp1");
        EXPECT_EQ(params.name, "abc");
        EXPECT_EQ(params.limit, 50);  // 0 means 50
        EXPECT_EQ(params.cursor, "tok");
        std::move(done)(upstream::QueuePage{{Queue("q1", "a"), Queue("q2", "b")}, "next"});
      });
  v1::ListAnnotationQueuesRequest request;
  request.mutable_space()->set_id("sp1");
  request.set_name_contains("abc");
  request.set_page_token("tok");
  grpc::ClientContext context;
  v1::ListAnnotationQueuesResponse response;
  ASSERT_TRUE(stub().ListAnnotationQueues(&context, request, &response).ok());
  ASSERT_EQ(response.annotation_queues_size(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(response.annotation_queues(1), Queue("q2", "b")));
  EXPECT_EQ(response.next_page_token(), "next");
}

TEST_F(UnaryHandlersTest, GetAnnotationQueue) {
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<v1::AnnotationQueue> done) {
        std::move(done)(Queue("q1", "first"));
      });
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  ASSERT_TRUE(stub().GetAnnotationQueue(&context, request, &response).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(response.annotation_queue(), Queue("q1", "first")));
}

TEST_F(UnaryHandlersTest, CreateAnnotationQueue) {
  EXPECT_CALL(api_, CreateQueue(_, _, _))
      .WillOnce([](auto&&, upstream::CreateQueueParams params,
                   upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_EQ(params.name, "new");
        EXPECT_EQ(params.space_id, "sp1");
        EXPECT_THAT(params.annotation_config_ids, ElementsAre("cfg1"));
        EXPECT_THAT(params.annotator_emails, ElementsAre("a@x", "b@x"));
        EXPECT_EQ(params.instructions, std::optional<std::string>("read"));
        EXPECT_EQ(params.assignment_method, v1::ASSIGNMENT_METHOD_RANDOM);
        ASSERT_EQ(params.record_sources.size(), 1u);
        EXPECT_EQ(params.record_sources[0].examples().dataset_id(), "d1");
        std::move(done)(Queue("q9", "new"));
      });
  v1::CreateAnnotationQueueRequest request;
  request.set_name("new");
  request.mutable_space()->set_id("sp1");
  request.add_annotation_config_ids("cfg1");
  request.add_annotator_emails("a@x");
  request.add_annotator_emails("b@x");
  request.set_instructions("read");
  request.set_assignment_method(v1::ASSIGNMENT_METHOD_RANDOM);
  request.add_record_sources()->mutable_examples()->set_dataset_id("d1");
  grpc::ClientContext context;
  v1::CreateAnnotationQueueResponse response;
  ASSERT_TRUE(stub().CreateAnnotationQueue(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue().id(), "q9");
}

TEST_F(UnaryHandlersTest, CreateWithoutInstructionsSendsNone) {
  EXPECT_CALL(api_, CreateQueue(_, _, _))
      .WillOnce([](auto&&, upstream::CreateQueueParams params,
                   upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_FALSE(params.instructions.has_value());
        EXPECT_TRUE(params.record_sources.empty());
        std::move(done)(Queue("q9", "new"));
      });
  v1::CreateAnnotationQueueRequest request;
  request.set_name("new");
  request.mutable_space()->set_id("sp1");
  request.add_annotation_config_ids("cfg1");
  request.add_annotator_emails("a@x");
  grpc::ClientContext context;
  v1::CreateAnnotationQueueResponse response;
  ASSERT_TRUE(stub().CreateAnnotationQueue(&context, request, &response).ok());
}

TEST_F(UnaryHandlersTest, UpdateWithMaskSendsExactlyTheMaskedFields) {
  EXPECT_CALL(api_, UpdateQueue(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, upstream::UpdateQueueParams params,
                   upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_FALSE(params.name.has_value());
        EXPECT_EQ(params.instructions, std::optional<std::string>(""));  // clears
        EXPECT_EQ(params.annotation_config_ids, std::optional<std::vector<std::string>>({"c2"}));
        EXPECT_FALSE(params.annotator_emails.has_value());
        std::move(done)(Queue("q1", "same"));
      });
  v1::UpdateAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_name("ignored: not in the mask");
  request.mutable_update_mask()->add_paths("instructions");
  request.mutable_update_mask()->add_paths("annotationConfigIds");
  request.add_annotation_config_ids("c2");
  grpc::ClientContext context;
  v1::UpdateAnnotationQueueResponse response;
  ASSERT_TRUE(stub().UpdateAnnotationQueue(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue().id(), "q1");
}

TEST_F(UnaryHandlersTest, UpdateWithoutMaskSendsNonEmptyFields) {
  EXPECT_CALL(api_, UpdateQueue(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, upstream::UpdateQueueParams params,
                   upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_EQ(params.name, std::optional<std::string>("renamed"));
        EXPECT_FALSE(params.instructions.has_value());
        EXPECT_FALSE(params.annotation_config_ids.has_value());
        ASSERT_TRUE(params.annotator_emails.has_value());
        EXPECT_THAT(*params.annotator_emails, ElementsAre("z@x"));
        std::move(done)(Queue("q1", "renamed"));
      });
  v1::UpdateAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_name("renamed");
  request.add_annotator_emails("z@x");
  grpc::ClientContext context;
  v1::UpdateAnnotationQueueResponse response;
  ASSERT_TRUE(stub().UpdateAnnotationQueue(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue().name(), "renamed");
}

TEST_F(UnaryHandlersTest, DeleteAnnotationQueue) {
  EXPECT_CALL(api_, DeleteQueue(_, "q1", _))
      .WillOnce([](auto&&, auto&&, upstream::DoneCallback done) {
        std::move(done)(absl::OkStatus());
      });
  v1::DeleteAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::DeleteAnnotationQueueResponse response;
  ASSERT_TRUE(stub().DeleteAnnotationQueue(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue_id(), "q1");
}

TEST_F(UnaryHandlersTest, ListRecords) {
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, upstream::ListRecordsParams params,
                   upstream::Callback<upstream::RecordPage> done) {
        EXPECT_EQ(params.limit, 7);
        EXPECT_EQ(params.cursor, "c1");
        std::move(done)(upstream::RecordPage{{RecordWithId("r1"), RecordWithId("r2")}, ""});
      });
  v1::ListRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_page_size(7);
  request.set_page_token("c1");
  grpc::ClientContext context;
  v1::ListRecordsResponse response;
  ASSERT_TRUE(stub().ListRecords(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue_id(), "q1");
  ASSERT_EQ(response.records_size(), 2);
  EXPECT_EQ(response.records(1).id(), "r2");
  EXPECT_EQ(response.next_page_token(), "");
}

TEST_F(UnaryHandlersTest, AddRecords) {
  EXPECT_CALL(api_, AddRecords(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, std::vector<v1::RecordSource> sources,
                   upstream::Callback<std::vector<v1::Record>> done) {
        EXPECT_EQ(sources.size(), 1u);
        std::move(done)(std::vector<v1::Record>{RecordWithId("r7")});
      });
  v1::AddRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  request.add_record_sources()->mutable_examples()->set_dataset_id("d1");
  grpc::ClientContext context;
  v1::AddRecordsResponse response;
  ASSERT_TRUE(stub().AddRecords(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue_id(), "q1");
  ASSERT_EQ(response.records_size(), 1);
  EXPECT_EQ(response.records(0).id(), "r7");
}

// The upstream names REST fields; the caller sees its own request's fields.
TEST_F(UnaryHandlersTest, UpstreamFieldViolationsNameTheRequestsFields) {
  EXPECT_CALL(api_, AddRecords(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, auto&&, upstream::Callback<std::vector<v1::Record>> done) {
        std::move(done)(UpstreamInvalidFields(
            {"record_sources[0].start_time", "record_sources[1].dataset_version_id",
             "record_sources[1].record_type", "record_sources[1].example_ids[2]",
             "record_sources[7].project_id", "cursor", "limit", "space_id"}));
      });
  v1::AddRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  v1::SpanSource* spans = request.add_record_sources()->mutable_spans();
  spans->set_project_id("p1");
  spans->mutable_start_time()->set_seconds(1772323200);
  spans->mutable_end_time()->set_seconds(1772326800);
  spans->add_span_ids("s1");
  request.add_record_sources()->mutable_examples()->set_dataset_id("d1");
  grpc::ClientContext context;
  v1::AddRecordsResponse response;
  grpc::Status status = stub().AddRecords(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestFields(status),
              ElementsAre("record_sources[0].spans.start_time",
                          "record_sources[1].examples.dataset_version_id", "record_sources[1]",
                          "record_sources[1].examples.example_ids[2]",
                          "record_sources[7].project_id",  // no such source: left as it is
                          "page_token", "page_size", "space"));
  EXPECT_EQ(ErrorInfoOf(status)->domain(), "arize");
}

TEST_F(UnaryHandlersTest, DeleteRecords) {
  EXPECT_CALL(api_, DeleteRecords(_, "q1", ElementsAre("r1", "r2"), _))
      .WillOnce([](auto&&, auto&&, auto&&, upstream::DoneCallback done) {
        std::move(done)(absl::OkStatus());
      });
  v1::DeleteRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  request.add_record_ids("r1");
  request.add_record_ids("r2");
  grpc::ClientContext context;
  v1::DeleteRecordsResponse response;
  ASSERT_TRUE(stub().DeleteRecords(&context, request, &response).ok());
  EXPECT_EQ(response.annotation_queue_id(), "q1");
}

TEST_F(UnaryHandlersTest, AnnotateRecord) {
  EXPECT_CALL(api_, AnnotateRecord(_, "q1", "r1", _, _))
      .WillOnce([](auto&&, auto&&, auto&&, std::vector<v1::AnnotationInput> annotations,
                   upstream::Callback<v1::AnnotateRecordResponse> done) {
        ASSERT_EQ(annotations.size(), 1u);
        EXPECT_EQ(annotations[0].score(), 0.5);
        v1::AnnotateRecordResponse result;
        result.set_record_id("r1");
        result.set_annotation_queue_id("q1");
        result.set_granularity(v1::GRANULARITY_TRACE);
        result.add_annotations()->set_name("quality");
        std::move(done)(result);
      });
  v1::AnnotateRecordRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_record_id("r1");
  v1::AnnotationInput* annotation = request.add_annotations();
  annotation->set_name("quality");
  annotation->set_score(0.5);
  grpc::ClientContext context;
  v1::AnnotateRecordResponse response;
  ASSERT_TRUE(stub().AnnotateRecord(&context, request, &response).ok());
  EXPECT_EQ(response.record_id(), "r1");
  EXPECT_EQ(response.granularity(), v1::GRANULARITY_TRACE);
  EXPECT_EQ(response.annotations(0).name(), "quality");
}

TEST_F(UnaryHandlersTest, AssignRecordWithEmptyListClears) {
  EXPECT_CALL(api_, AssignRecord(_, "q1", "r1", ::testing::IsEmpty(), _))
      .WillOnce([](auto&&, auto&&, auto&&, auto&&,
                   upstream::Callback<v1::AssignRecordResponse> done) {
        v1::AssignRecordResponse result;
        result.set_record_id("r1");
        result.set_annotation_queue_id("q1");
        std::move(done)(result);
      });
  v1::AssignRecordRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_record_id("r1");
  grpc::ClientContext context;
  v1::AssignRecordResponse response;
  ASSERT_TRUE(stub().AssignRecord(&context, request, &response).ok());
  EXPECT_EQ(response.record_id(), "r1");
}

TEST_F(UnaryHandlersTest, UpstreamErrorPassesThroughWithDetails) {
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<v1::AnnotationQueue> done) {
        absl::Status status(absl::StatusCode::kResourceExhausted, "slow down");
        google::rpc::ErrorInfo info;
        info.set_domain(upstream::kDomainUpstream);
        info.set_reason("RATE_LIMITED");
        (*info.mutable_metadata())["http_status"] = "429";
        upstream::SetDetail(status, info);
        google::rpc::RetryInfo retry;
        retry.mutable_retry_delay()->set_seconds(3);
        upstream::SetDetail(status, retry);
        std::move(done)(status);
      });
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "req-42");
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "slow down");
  google::rpc::Status rpc_status = RpcStatusOf(status);
  EXPECT_EQ(rpc_status.code(), static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED));
  EXPECT_EQ(rpc_status.message(), "slow down");
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "arize");
  EXPECT_EQ(info->reason(), "RATE_LIMITED");
  EXPECT_EQ(info->metadata().at("http_status"), "429");
  EXPECT_EQ(info->metadata().at("request_id"), "req-42");
  std::optional<google::rpc::RetryInfo> retry = RetryInfoOf(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 3);
}

TEST_F(UnaryHandlersTest, ErrorWithoutDetailsGetsAnErrorInfo) {
  EXPECT_CALL(api_, DeleteQueue(_, "q1", _))
      .WillOnce([](auto&&, auto&&, upstream::DoneCallback done) {
        std::move(done)(absl::InternalError("boom"));
      });
  v1::DeleteAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::DeleteAnnotationQueueResponse response;
  grpc::Status status = stub().DeleteAnnotationQueue(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "aqgate");
  EXPECT_EQ(info->reason(), "INTERNAL");
  EXPECT_FALSE(info->metadata().at("request_id").empty());
}

TEST_F(UnaryHandlersTest, CallerKeyRequestIdAndDeadlineReachTheUpstream) {
  LogCapture logs;
  const absl::Time before = absl::Now();
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([before](const upstream::CallContext& ctx, auto&&,
                         upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_EQ(ctx.api_key, "secret-key-1");
        EXPECT_EQ(ctx.request_id, "req-7");
        EXPECT_GT(ctx.deadline, before + absl::Seconds(25));
        EXPECT_LT(ctx.deadline, before + absl::Seconds(31));
        ASSERT_NE(ctx.cancellation, nullptr);
        std::move(done)(Queue("q1", "n"));
      });
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer secret-key-1");
  context.AddMetadata("x-request-id", "req-7");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::GetAnnotationQueueResponse response;
  ASSERT_TRUE(stub().GetAnnotationQueue(&context, request, &response).ok());
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "req-7");
  ASSERT_TRUE(logs.WaitFor({"event=rpc", "method=GetAnnotationQueue", "code=OK",
                            "upstream_calls=1", "request_id=req-7", "latency_ms="}));
  for (const std::string& line : logs.Lines()) EXPECT_THAT(line, Not(HasSubstr("secret-key-1")));
}

TEST_F(UnaryHandlersTest, NoDeadlineUsesTheDefaultAndRequestIdIsGenerated) {
  CoreOptions options;
  options.default_deadline = absl::Seconds(5);
  const absl::Time before = absl::Now();
  std::string seen_request_id;
  // Before the server's threads exist (gMock's rule).
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([&](const upstream::CallContext& ctx, auto&&,
                    upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_TRUE(ctx.api_key.empty());  // the server's own key
        EXPECT_LT(ctx.deadline, before + absl::Seconds(6));
        seen_request_id = ctx.request_id;
        std::move(done)(Queue("q1", "n"));
      });
  StartServer(options);
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  ASSERT_TRUE(stub().GetAnnotationQueue(&context, request, &response).ok());
  EXPECT_EQ(seen_request_id.size(), 32u);
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), seen_request_id);
}

TEST_F(UnaryHandlersTest, RequireCallerKeyRejectsCallsWithoutOne) {
  CoreOptions options;
  options.require_caller_key = true;
  // Only the keyed call below may reach the upstream. Expectations are set
  // before the server's threads can touch the mock (gmock's rule).
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([](const upstream::CallContext& ctx, auto&&,
                   upstream::Callback<v1::AnnotationQueue> done) {
        EXPECT_EQ(ctx.api_key, "k2");
        std::move(done)(Queue("q1", "n"));
      });
  StartServer(options);
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(status)->reason(), "CALLER_KEY_REQUIRED");

  grpc::ClientContext with_key;
  with_key.AddMetadata("authorization", "bearer k2");
  EXPECT_TRUE(stub().GetAnnotationQueue(&with_key, request, &response).ok());
}

TEST_F(UnaryHandlersTest, MalformedAuthorizationIsUnauthenticatedWithoutEchoingIt) {
  for (const std::string value : {"Basic c2VjcmV0", "Bearer", "Bearer    ", "Bearer a b"}) {
    v1::GetAnnotationQueueRequest request;
    request.mutable_queue()->set_id("q1");
    grpc::ClientContext context;
    context.AddMetadata("authorization", value);
    v1::GetAnnotationQueueResponse response;
    grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << value;
    EXPECT_EQ(ErrorInfoOf(status)->reason(), "MALFORMED_AUTHORIZATION");
    EXPECT_THAT(status.error_message(), Not(HasSubstr("c2VjcmV0")));
    EXPECT_THAT(status.error_details(), Not(HasSubstr("c2VjcmV0")));
  }
}

TEST_F(UnaryHandlersTest, ClientCancellationReachesTheUpstreamCall) {
  absl::Notification started;
  EXPECT_CALL(api_, GetQueue(_, "q1", _))
      .WillOnce([&](const upstream::CallContext& ctx, auto&&,
                    upstream::Callback<v1::AnnotationQueue> done) {
        auto shared = std::make_shared<upstream::Callback<v1::AnnotationQueue>>(std::move(done));
        ctx.cancellation->OnCancel(
            [shared] { std::move (*shared)(absl::CancelledError("aborted")); });
        started.Notify();
      });
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("q1");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  std::thread canceller([&] {
    started.WaitForNotification();
    context.TryCancel();
  });
  grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
  canceller.join();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace aqgate::core::testing
