// The client library against an in-process fake gateway: typed results,
// metadata, decoded google.rpc details, and the page range.
#include "aqgate/client/annotation_queue_client.h"

#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aqgate/client/error_details.h"
#include "fake_annotation_queue_service.h"

namespace aqgate::client {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class ClientTest : public ::testing::Test {
 protected:
  AnnotationQueueClient MakeClient(ClientOptions options = {}) {
    options.target = server_.target();
    absl::StatusOr<AnnotationQueueClient> client = AnnotationQueueClient::Create(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return *std::move(client);
  }
  testing::FakeServer server_;
};

TEST_F(ClientTest, GetByIdReturnsTypedQueueAndSendsMetadata) {
  std::string id = server_.service().AddQueue("review", 2);
  ClientOptions options;
  options.api_key = "sk-test-123";
  options.request_id = "req-42";
  AnnotationQueueClient client = MakeClient(options);
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id(id);
  absl::StatusOr<v1::GetAnnotationQueueResponse> got = client.GetAnnotationQueue(request);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->annotation_queue().id(), id);
  EXPECT_EQ(got->annotation_queue().name(), "review");
  EXPECT_EQ(server_.service().last_authorization(), "Bearer sk-test-123");
  EXPECT_EQ(server_.service().last_request_id(), "req-42");

  CallOptions call;
  call.request_id = "override";
  ASSERT_TRUE(client.GetAnnotationQueue(request, call).ok());
  EXPECT_EQ(server_.service().last_request_id(), "override");
}

TEST_F(ClientTest, NoKeyMeansNoAuthorizationMetadata) {
  std::string id = server_.service().AddQueue("review", 0);
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id(id);
  ASSERT_TRUE(MakeClient().GetAnnotationQueue(request).ok());
  EXPECT_EQ(server_.service().last_authorization(), "");
}

TEST_F(ClientTest, NotFoundKeepsCodeMessageAndErrorInfo) {
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("missing");
  absl::StatusOr<v1::GetAnnotationQueueResponse> got = MakeClient().GetAnnotationQueue(request);
  ASSERT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "queue missing not found");
  std::optional<google::rpc::ErrorInfo> info = GetErrorDetail<google::rpc::ErrorInfo>(got.status());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "QUEUE_NOT_FOUND");
  EXPECT_EQ(info->domain(), "aqgate");
  EXPECT_FALSE(GetErrorDetail<google::rpc::BadRequest>(got.status()).has_value());
}

TEST_F(ClientTest, InvalidArgumentDecodesEveryFieldViolation) {
  v1::CreateAnnotationQueueRequest request;
  absl::StatusOr<v1::CreateAnnotationQueueResponse> created =
      MakeClient().CreateAnnotationQueue(request);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  std::optional<google::rpc::BadRequest> bad =
      GetErrorDetail<google::rpc::BadRequest>(created.status());
  ASSERT_TRUE(bad.has_value());
  std::vector<std::pair<std::string, std::string>> violations;
  for (const auto& v : bad->field_violations()) violations.emplace_back(v.field(), v.description());
  EXPECT_THAT(violations, ElementsAre(Pair("name", "must not be empty"),
                                      Pair("annotation_config_ids", "at least one is required"),
                                      Pair("space", "required")));
}

TEST_F(ClientTest, ResourceExhaustedDecodesRetryInfo) {
  v1::CreateAnnotationQueueRequest request;
  request.set_name("rate-limited");
  absl::StatusOr<v1::CreateAnnotationQueueResponse> created =
      MakeClient().CreateAnnotationQueue(request);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kResourceExhausted);
  std::optional<google::rpc::RetryInfo> retry =
      GetErrorDetail<google::rpc::RetryInfo>(created.status());
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 3);
}

TEST_F(ClientTest, EveryUnaryMethodReachesTheServer) {
  AnnotationQueueClient client = MakeClient();
  v1::CreateAnnotationQueueRequest create;
  create.set_name("new");
  create.mutable_space()->set_id(testing::kSpaceId);
  create.add_annotation_config_ids(testing::kConfigId);
  create.add_annotator_emails(testing::kAnnotatorEmail);
  absl::StatusOr<v1::CreateAnnotationQueueResponse> created = client.CreateAnnotationQueue(create);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string id = created->annotation_queue().id();

  v1::UpdateAnnotationQueueRequest update;
  update.mutable_queue()->set_name("new");
  update.mutable_queue()->mutable_space()->set_name(testing::kSpaceName);
  update.set_name("renamed");
  update.mutable_update_mask()->add_paths("name");
  absl::StatusOr<v1::UpdateAnnotationQueueResponse> updated = client.UpdateAnnotationQueue(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->annotation_queue().name(), "renamed");

  v1::AddRecordsRequest add;
  add.mutable_queue()->set_id(id);
  add.add_record_sources()->mutable_examples()->add_example_ids("ex-1");
  absl::StatusOr<v1::AddRecordsResponse> added = client.AddRecords(add);
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_EQ(added->records_size(), 1);
  EXPECT_EQ(added->records(0).source_type(), v1::SOURCE_TYPE_DATASET);
  const std::string record_id = added->records(0).id();

  v1::AnnotateRecordRequest annotate;
  annotate.mutable_queue()->set_id(id);
  annotate.set_record_id(record_id);
  annotate.add_annotations()->set_name(testing::kConfigName);
  annotate.mutable_annotations(0)->set_score(0.5);
  absl::StatusOr<v1::AnnotateRecordResponse> annotated = client.AnnotateRecord(annotate);
  ASSERT_TRUE(annotated.ok()) << annotated.status();
  EXPECT_EQ(annotated->annotations(0).score(), 0.5);

  v1::AssignRecordRequest assign;
  assign.mutable_queue()->set_id(id);
  assign.set_record_id(record_id);
  assign.add_assigned_user_emails("a@example.com");
  absl::StatusOr<v1::AssignRecordResponse> assigned = client.AssignRecord(assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->assigned_users(0).user().email(), "a@example.com");

  v1::ListRecordsRequest list;
  list.mutable_queue()->set_id(id);
  absl::StatusOr<v1::ListRecordsResponse> listed = client.ListRecords(list);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->records_size(), 1);

  v1::DeleteRecordsRequest remove;
  remove.mutable_queue()->set_id(id);
  remove.add_record_ids(record_id);
  ASSERT_TRUE(client.DeleteRecords(remove).ok());
  listed = client.ListRecords(list);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->records_size(), 0);

  v1::DeleteAnnotationQueueRequest del;
  del.mutable_queue()->set_id(id);
  absl::StatusOr<v1::DeleteAnnotationQueueResponse> deleted = client.DeleteAnnotationQueue(del);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->annotation_queue_id(), id);
  v1::GetAnnotationQueueRequest get;
  get.mutable_queue()->set_id(id);
  EXPECT_EQ(client.GetAnnotationQueue(get).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ClientTest, QueueRangeFollowsEveryPageToken) {
  std::set<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.insert(server_.service().AddQueue("q" + std::to_string(i), 0));
  v1::ListAnnotationQueuesRequest request;
  request.set_page_size(3);
  std::vector<std::string> seen;
  for (absl::StatusOr<v1::AnnotationQueue>& queue :
       MakeClient().ListAllAnnotationQueues(request)) {
    ASSERT_TRUE(queue.ok()) << queue.status();
    seen.push_back(queue->id());
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), ids);
  EXPECT_THAT(server_.service().list_page_tokens(), ElementsAre("", "p3", "p6"));
}

TEST_F(ClientTest, QueueRangeYieldsTheErrorOnceAndEnds) {
  v1::ListAnnotationQueuesRequest request;
  request.set_page_token("garbage");
  int errors = 0;
  int items = 0;
  for (absl::StatusOr<v1::AnnotationQueue>& queue :
       MakeClient().ListAllAnnotationQueues(request)) {
    if (queue.ok()) {
      ++items;
    } else {
      ++errors;
      EXPECT_EQ(queue.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_EQ(items, 0);
  EXPECT_EQ(errors, 1);
}

TEST_F(ClientTest, EmptyListIsAnEmptyRange) {
  int items = 0;
  for (auto& queue : MakeClient().ListAllAnnotationQueues({})) {
    (void)queue;
    ++items;
  }
  EXPECT_EQ(items, 0);
}

TEST_F(ClientTest, RecordListRangeWalksPages) {
  std::string id = server_.service().AddQueue("big", 120);
  v1::ListRecordsRequest request;
  request.mutable_queue()->set_id(id);
  request.set_page_size(50);
  int n = 0;
  for (auto& record : MakeClient().ListAllRecords(request)) {
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->id(), "rec-" + std::to_string(n));
    ++n;
  }
  EXPECT_EQ(n, 120);
}

TEST(ClientOptionsTest, ChannelErrorsAreCleanStatuses) {
  ClientOptions options;
  EXPECT_EQ(MakeChannel(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.target = "127.0.0.1:1";
  options.use_tls = true;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(MakeChannel(options).status().code(), absl::StatusCode::kNotFound);
  options.use_tls = false;
  EXPECT_EQ(MakeChannel(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClientOptionsTest, UnreachableGatewayIsUnavailableAndKeyIsNotInTheError) {
  ClientOptions options;
  options.target = "127.0.0.1:1";
  options.api_key = "sk-secret-key";
  options.default_deadline = absl::Seconds(5);
  absl::StatusOr<AnnotationQueueClient> client = AnnotationQueueClient::Create(options);
  ASSERT_TRUE(client.ok());
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("x");
  absl::Status status = client->GetAnnotationQueue(request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.ToString().find("sk-secret-key"), std::string::npos);
}

}  // namespace
}  // namespace aqgate::client
