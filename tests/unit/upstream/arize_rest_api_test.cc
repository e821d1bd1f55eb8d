#include "service/upstream/arize_rest_api.h"

#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "nlohmann/json.hpp"
#include "service/common/log.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/logging_transport.h"
#include "service/upstream/status_payloads.h"
#include "tests/testing_util/fake_scheduler.h"
#include "tests/testing_util/mock_http_transport.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;
using ::aqgate::testing_util::FailWith;
using ::aqgate::testing_util::FakeScheduler;
using ::aqgate::testing_util::MockHttpTransport;
using ::aqgate::testing_util::RespondWith;
using ::testing::_;
using ::testing::DoAll;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SaveArg;

constexpr char kDefaultKey[] = "default-key-0000";
constexpr char kCallKey[] = "call-key-SECRET-1234";
constexpr char kQueueJson[] = R"({"id":"q1","name":"n","space_id":"s",
    "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z"})";

template <typename T>
struct Result {
  std::optional<absl::StatusOr<T>> value;
  auto Callback() {
    return [this](absl::StatusOr<T> v) { value = std::move(v); };
  }
};

class RestApiTest : public ::testing::Test {
 protected:
  RestApiTest()
      : api_(RestApiOptions{"https://api.test/base/", kDefaultKey, "aqgate/9.9.9"}, &transport_,
             &scheduler_) {
    ctx_.request_id = "req-42";
  }

  // Captures the request of the next Send and answers it.
  void ExpectRequest(int status, std::string body = "", HttpHeaders headers = {}) {
    EXPECT_CALL(transport_, Send(_, _, _, _))
        .WillOnce(DoAll(SaveArg<0>(&request_), RespondWith(status, std::move(body), std::move(headers))));
  }

  MockHttpTransport transport_;
  FakeScheduler scheduler_;
  ArizeRestApi api_;
  CallContext ctx_;
  HttpRequest request_;
};

TEST_F(RestApiTest, GetQueueRequestAndHeaders) {
  ExpectRequest(200, kQueueJson);
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "a/b?c#d%2F..", result.Callback());
  ASSERT_TRUE(result.value.has_value());
  ASSERT_TRUE(result.value->ok()) << result.value->status();
  EXPECT_EQ((*result.value)->id(), "q1");
  EXPECT_EQ(request_.method, HttpMethod::kGet);
  EXPECT_EQ(request_.idempotency, Idempotency::kIdempotent);
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/a%2Fb%3Fc%23d%252F..");
  EXPECT_EQ(request_.Header("authorization"), "Bearer default-key-0000");
  EXPECT_EQ(request_.Header("user-agent"), "aqgate/9.9.9");
  EXPECT_EQ(request_.Header("x-request-id"), "req-42");
  EXPECT_EQ(request_.Header("content-type"), std::nullopt);
  EXPECT_EQ(request_.body, "");
}

TEST_F(RestApiTest, PerCallKeyWinsOverDefault) {
  ctx_.api_key = kCallKey;
  ExpectRequest(200, kQueueJson);
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  EXPECT_EQ(request_.Header("authorization"), std::string("Bearer ") + kCallKey);
}

TEST_F(RestApiTest, UnsafeRequestIdIsNotSent) {
  ctx_.request_id = "evil\r\nX-Injected: 1";
  ExpectRequest(200, kQueueJson);
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  EXPECT_EQ(request_.Header("x-request-id"), std::nullopt);
}

TEST_F(RestApiTest, NoKeyAtAllIsUnauthenticatedOnTheSchedulerWithoutSending) {
  ArizeRestApi keyless(RestApiOptions{"https://api.test", "", "ua"}, &transport_, &scheduler_);
  EXPECT_CALL(transport_, Send(_, _, _, _)).Times(0);
  Result<v1::AnnotationQueue> result;
  keyless.GetQueue(ctx_, "q1", result.Callback());
  EXPECT_FALSE(result.value.has_value());  // not inline: done runs on the I/O thread
  scheduler_.RunAll();
  ASSERT_TRUE(result.value.has_value());
  EXPECT_EQ(result.value->status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(result.value->status()), kReasonMissingApiKey);
}

TEST_F(RestApiTest, KeyWithNewlineIsRefusedAndNotEchoed) {
  ctx_.api_key = "abc\r\nX-Evil: 1";
  EXPECT_CALL(transport_, Send(_, _, _, _)).Times(0);
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  scheduler_.RunAll();
  EXPECT_EQ(result.value->status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(result.value->status().message()), Not(HasSubstr("X-Evil")));
}

TEST_F(RestApiTest, EmptyIdsAreInvalidArgumentsNotRouteChanges) {
  EXPECT_CALL(transport_, Send(_, _, _, _)).Times(0);
  Result<v1::AnnotationQueue> get;
  api_.GetQueue(ctx_, "", get.Callback());
  Result<v1::AnnotateRecordResponse> annotate;
  api_.AnnotateRecord(ctx_, "q1", "", {}, annotate.Callback());
  scheduler_.RunAll();
  EXPECT_EQ(get.value->status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(annotate.value->status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(annotate.value->status().message()), HasSubstr("record_id"));
}

TEST_F(RestApiTest, ListQueuesQuery) {
  ExpectRequest(200, R"({"annotation_queues":[],"pagination":{"has_more":true,"next_cursor":"n"}})");
  Result<QueuePage> result;
  api_.ListQueues(ctx_, ListQueuesParams{"sp/1", "", "my q", 50, "c+1"}, result.Callback());
  ASSERT_TRUE(result.value->ok());
  EXPECT_EQ((*result.value)->next_cursor, "n");
  EXPECT_EQ(request_.url,
            "https://api.test/base/v2/annotation-queues?space_id=sp%2F1&name=my%20q&limit=50&cursor=c%2B1");
}

TEST_F(RestApiTest, CreateQueueIsANonIdempotentPost) {
  ExpectRequest(201, kQueueJson);
  CreateQueueParams params;
  params.name = "n";
  params.space_id = "s";
  params.annotation_config_ids = {"c"};
  params.annotator_emails = {"a@x"};
  Result<v1::AnnotationQueue> result;
  api_.CreateQueue(ctx_, params, result.Callback());
  ASSERT_TRUE(result.value->ok());
  EXPECT_EQ(request_.method, HttpMethod::kPost);
  EXPECT_EQ(request_.idempotency, Idempotency::kNonIdempotent);
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues");
  EXPECT_EQ(request_.Header("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(request_.body)["name"], "n");
}

TEST_F(RestApiTest, UpdateQueueIsAnIdempotentPatch) {
  ExpectRequest(200, kQueueJson);
  UpdateQueueParams params;
  params.instructions = "";
  Result<v1::AnnotationQueue> result;
  api_.UpdateQueue(ctx_, "q1", params, result.Callback());
  ASSERT_TRUE(result.value->ok());
  EXPECT_EQ(request_.method, HttpMethod::kPatch);
  EXPECT_EQ(request_.idempotency, Idempotency::kIdempotent);
  EXPECT_EQ(request_.body, R"({"instructions":null})");
}

TEST_F(RestApiTest, DeleteQueue) {
  ExpectRequest(204);
  std::optional<absl::Status> result;
  api_.DeleteQueue(ctx_, "q1", [&](absl::Status s) { result = s; });
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->ok());
  EXPECT_EQ(request_.method, HttpMethod::kDelete);
  EXPECT_EQ(request_.idempotency, Idempotency::kIdempotent);
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/q1");
}

TEST_F(RestApiTest, ListRecords) {
  ExpectRequest(200, R"({"records":[],"pagination":{"has_more":false}})");
  Result<RecordPage> result;
  api_.ListRecords(ctx_, "q 1", ListRecordsParams{500, ""}, result.Callback());
  ASSERT_TRUE(result.value->ok());
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/q%201/records?limit=500");
}

TEST_F(RestApiTest, AddRecordsIsANonIdempotentPostAcceptingOkAndCreated) {
  for (int status : {200, 201}) {
    ExpectRequest(status, R"({"record_sources":[{"id":"r1","annotation_queue_id":"q1","source_type":"SPANS"}]})");
    v1::RecordSource source;
    source.mutable_examples()->set_dataset_id("d");
    Result<std::vector<v1::Record>> result;
    api_.AddRecords(ctx_, "q1", {source}, result.Callback());
    ASSERT_TRUE(result.value->ok()) << result.value->status();
    EXPECT_EQ((*result.value)->size(), 1u);
    EXPECT_EQ(request_.idempotency, Idempotency::kNonIdempotent);
    EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/q1/records");
  }
}

TEST_F(RestApiTest, DeleteRecordsSendsABody) {
  ExpectRequest(204);
  std::optional<absl::Status> result;
  api_.DeleteRecords(ctx_, "q1", {"r1"}, [&](absl::Status s) { result = s; });
  EXPECT_TRUE(result->ok());
  EXPECT_EQ(request_.method, HttpMethod::kDelete);
  EXPECT_EQ(request_.body, R"({"record_ids":["r1"]})");
  EXPECT_EQ(request_.Header("content-type"), "application/json");
}

TEST_F(RestApiTest, AnnotateAndAssignAreIdempotentPosts) {
  ExpectRequest(200, R"({"id":"r/1","annotation_queue_id":"q1","source_type":"SPANS","annotations":[]})");
  Result<v1::AnnotateRecordResponse> annotate;
  v1::AnnotationInput input;
  input.set_name("quality");
  input.set_score(1);
  api_.AnnotateRecord(ctx_, "q1", "r/1", {input}, annotate.Callback());
  ASSERT_TRUE(annotate.value->ok()) << annotate.value->status();
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/q1/records/r%2F1/annotate");
  EXPECT_EQ(request_.method, HttpMethod::kPost);
  EXPECT_EQ(request_.idempotency, Idempotency::kIdempotent);

  ExpectRequest(200, R"({"id":"r/1","annotation_queue_id":"q1","source_type":"SPANS","assigned_users":[]})");
  Result<v1::AssignRecordResponse> assign;
  api_.AssignRecord(ctx_, "q1", "r/1", {"a@x"}, assign.Callback());
  ASSERT_TRUE(assign.value->ok());
  EXPECT_EQ(request_.url, "https://api.test/base/v2/annotation-queues/q1/records/r%2F1/assign");
  EXPECT_EQ(request_.idempotency, Idempotency::kIdempotent);
  EXPECT_EQ(request_.body, R"({"assigned_user_emails":["a@x"]})");
}

TEST_F(RestApiTest, ListSpaces) {
  ExpectRequest(200, R"({"spaces":[{"id":"s1","name":"Prod"}],"pagination":{"has_more":false}})");
  Result<SpacePage> result;
  api_.ListSpaces(ctx_, ListSpacesParams{"Prod & Co", 10, ""}, result.Callback());
  ASSERT_TRUE(result.value->ok());
  EXPECT_EQ(request_.url, "https://api.test/base/v2/spaces?name=Prod%20%26%20Co&limit=10");
}

TEST_F(RestApiTest, HttpErrorsAreMappedWithRequestId) {
  ExpectRequest(409, R"({"title":"Conflict","status":409,"detail":"name taken"})");
  Result<v1::AnnotationQueue> result;
  api_.CreateQueue(ctx_, CreateQueueParams{}, result.Callback());
  const absl::Status& status = result.value->status();
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  auto info = GetDetail<google::rpc::ErrorInfo>(status);
  EXPECT_EQ(info->domain(), "arize");
  EXPECT_EQ(info->metadata().at("request_id"), "req-42");
  EXPECT_EQ(info->metadata().at("problem_detail"), "name taken");
}

TEST_F(RestApiTest, TransportErrorsPassThroughWithRequestId) {
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(FailWith(GatewayError(absl::StatusCode::kUnavailable, kReasonConnectFailed, "refused")));
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  EXPECT_EQ(result.value->status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(GetDetail<google::rpc::ErrorInfo>(result.value->status())->metadata().at("request_id"), "req-42");
}

TEST_F(RestApiTest, UnreadableSuccessBodyIsInternalWithItsOwnReason) {
  ExpectRequest(200, R"({"id": 7})");
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  const absl::Status& status = result.value->status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  auto info = GetDetail<google::rpc::ErrorInfo>(status);
  EXPECT_EQ(info->reason(), kReasonBadResponse);
  EXPECT_EQ(info->metadata().at("http_status"), "200");
  EXPECT_EQ(info->metadata().at("json_path"), "$.id");
}

TEST_F(RestApiTest, KeyEchoedByTheUpstreamIsRedactedEverywhere) {
  ctx_.api_key = kCallKey;
  ExpectRequest(401,
                std::string(R"({"title":"bad key )") + kCallKey + R"(","detail":"key )" + kCallKey +
                    R"( rejected","instance":"/k/)" + kCallKey + R"(","errors":[{"field":"authorization","message":")" +
                    kCallKey + R"("}]})");
  Result<v1::AnnotationQueue> result;
  api_.GetQueue(ctx_, "q1", result.Callback());
  const absl::Status& status = result.value->status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(status.ToString(absl::StatusToStringMode::kWithEverything), Not(HasSubstr(kCallKey)));
  EXPECT_THAT(std::string(status.message()), HasSubstr("[REDACTED]"));
  status.ForEachPayload([](absl::string_view, const absl::Cord& payload) {
    EXPECT_THAT(std::string(payload), Not(HasSubstr(kCallKey)));
  });
}

TEST(LoggingTransportTest, OneLinePerCallWithoutSecrets) {
  std::vector<std::string> lines;
  SetLogSink([&lines](const std::string& line) { lines.push_back(line); });
  MockHttpTransport inner;
  FakeScheduler clock;
  LoggingTransport logging(&inner, &clock);
  EXPECT_CALL(inner, Send(_, _, _, _))
      .WillOnce([&clock](HttpRequest, absl::Time, std::shared_ptr<Cancellation>, HttpCallback done) {
        clock.Advance(absl::Milliseconds(25));
        HttpResponse response;
        response.status = 200;
        response.attempts = 2;
        std::move(done)(response);
      })
      .WillOnce(FailWith(GatewayError(absl::StatusCode::kDeadlineExceeded, kReasonTimeout, "slow",
                                      {{"attempts", "3"}})));
  HttpRequest request;
  request.url = "https://api.test/v2/annotation-queues/q1?cursor=abc";
  request.headers = {{"Authorization", std::string("Bearer ") + kCallKey}, {"X-Request-Id", "rid-1"}};
  logging.Send(request, absl::InfiniteFuture(), nullptr, [](absl::StatusOr<HttpResponse>) {});
  logging.Send(request, absl::InfiniteFuture(), nullptr, [](absl::StatusOr<HttpResponse>) {});
  SetLogSink(nullptr);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("event=upstream_call method=GET path=/v2/annotation-queues/q1 "
                                  "http_status=200 attempts=2 latency_ms=25 request_id=rid-1"));
  EXPECT_THAT(lines[1], HasSubstr("code=DEADLINE_EXCEEDED reason=UPSTREAM_TIMEOUT attempts=3"));
  for (const std::string& line : lines) {
    EXPECT_THAT(line, Not(HasSubstr(kCallKey)));
    EXPECT_THAT(line, Not(HasSubstr("cursor")));
  }
}

TEST(LoggingTransportTest, UrlPathForLogs) {
  EXPECT_EQ(UrlPathForLogs("https://h:8/a/b?x=1#f"), "/a/b");
  EXPECT_EQ(UrlPathForLogs("http://h"), "/");
}

}  // namespace
}  // namespace aqgate::upstream
