// Each RPC's error paths: bad input (BadRequest naming every offending
// field, no upstream call), not found, conflict, permission, credentials.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::HasSubstr;

class RpcErrorsTest : public StackTest {
 protected:
  void SetUp() override { StartStack(); }
};

TEST_F(RpcErrorsTest, InvalidCreateNamesEveryFieldAndNeverCallsUpstream) {
  ClearUpstreamRequests();
  v1::CreateAnnotationQueueRequest request;  // no name, no space, no configs, no emails
  request.set_instructions(std::string(5001, 'x'));
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status = stub().CreateAnnotationQueue(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationFields(status),
              IsSupersetOf({"name", "space", "annotation_config_ids", "annotator_emails",
                            "instructions"}));
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "aqgate");
  EXPECT_THAT(UpstreamRequests(), IsEmpty());
}

TEST_F(RpcErrorsTest, InvalidInputOfEveryRpc) {
  ClearUpstreamRequests();
  {
    v1::ListAnnotationQueuesRequest request;
    request.set_page_size(101);
    v1::ListAnnotationQueuesResponse response;
    grpc::Status status = stub().ListAnnotationQueues(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains("page_size"));
  }
  {
    v1::GetAnnotationQueueRequest request;  // no queue at all
    v1::GetAnnotationQueueResponse response;
    grpc::Status status = stub().GetAnnotationQueue(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Not(IsEmpty()));
  }
  {
    v1::UpdateAnnotationQueueRequest request;  // nothing to change
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    v1::UpdateAnnotationQueueResponse response;
    EXPECT_EQ(stub().UpdateAnnotationQueue(Ctx().get(), request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    v1::DeleteAnnotationQueueRequest request;
    request.mutable_queue()->set_name(kExistingQueue);  // name without a space
    v1::DeleteAnnotationQueueResponse response;
    grpc::Status status = stub().DeleteAnnotationQueue(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Not(IsEmpty()));
  }
  {
    v1::ListRecordsRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    request.set_page_size(501);
    v1::ListRecordsResponse response;
    grpc::Status status = stub().ListRecords(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains("page_size"));
  }
  {
    v1::StreamRecordsRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    request.set_resume_token("not-a-token");
    auto context = Ctx();
    auto reader = stub().StreamRecords(context.get(), request);
    v1::StreamRecordsResponse message;
    EXPECT_FALSE(reader->Read(&message));
    grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains("resume_token"));
  }
  {
    v1::AddRecordsRequest request;  // no sources; a 3rd source would also be too many
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    v1::AddRecordsResponse response;
    grpc::Status status = stub().AddRecords(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains(HasSubstr("record_sources")));
  }
  {
    v1::DeleteRecordsRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    for (int i = 0; i < 101; ++i) request.add_record_ids(absl::StrCat("r", i));
    v1::DeleteRecordsResponse response;
    grpc::Status status = stub().DeleteRecords(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains(HasSubstr("record_ids")));
  }
  {
    v1::AnnotateRecordRequest request;  // no record ID, no annotations
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    v1::AnnotateRecordResponse response;
    grpc::Status status = stub().AnnotateRecord(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), IsSupersetOf({"annotations", "record_id"}));
  }
  {
    v1::AssignRecordRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    request.set_record_id("r");
    for (int i = 0; i < 101; ++i) request.add_assigned_user_emails(absl::StrCat(i, "@x.test"));
    v1::AssignRecordResponse response;
    grpc::Status status = stub().AssignRecord(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationFields(status), Contains(HasSubstr("assigned_user_emails")));
  }
  EXPECT_THAT(UpstreamRequests(), IsEmpty());
}

TEST_F(RpcErrorsTest, UpstreamValidationErrorIsInvalidArgument) {
  // Valid for the gateway, rejected by the upstream (a config of no queue).
  v1::AnnotateRecordRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  request.set_record_id(SeedId("AnnotationQueueRecord", 1));
  request.add_annotations()->set_name("no-such-config");
  request.mutable_annotations(0)->set_text("x");
  v1::AnnotateRecordResponse response;
  grpc::Status status = stub().AnnotateRecord(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "arize");
  EXPECT_THAT(info->metadata().at("http_status"), ::testing::AnyOf("400", "422"));
}

TEST_F(RpcErrorsTest, NotFound) {
  {
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 424242));
    v1::GetAnnotationQueueResponse response;
    grpc::Status status = stub().GetAnnotationQueue(Ctx().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->metadata().at("http_status"), "404");
  }
  for (const v1::QueueRef& ref :
       {QueueByName("no such queue"), QueueByName(kExistingQueue, "no such space")}) {
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = ref;
    v1::GetAnnotationQueueResponse response;
    EXPECT_EQ(stub().GetAnnotationQueue(Ctx().get(), request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND)
        << ref.ShortDebugString();
  }
  {
    v1::DeleteRecordsRequest request;  // NOT_FOUND only because the queue is missing
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 424242));
    request.add_record_ids(SeedId("AnnotationQueueRecord", 1));
    v1::DeleteRecordsResponse response;
    EXPECT_EQ(stub().DeleteRecords(Ctx().get(), request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    v1::AssignRecordRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    request.set_record_id(SeedId("AnnotationQueueRecord", 424242));
    v1::AssignRecordResponse response;
    EXPECT_EQ(stub().AssignRecord(Ctx().get(), request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
}

TEST_F(RpcErrorsTest, DuplicateNameIsAlreadyExists) {
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status =
      stub().CreateAnnotationQueue(Ctx().get(), NewQueueRequest(kExistingQueue), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->domain(), "arize");
  EXPECT_EQ(info->metadata().at("http_status"), "409");
}

TEST_F(RpcErrorsTest, ForeignSpaceIsPermissionDenied) {
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(Ctx(kOutsiderKey).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->metadata().at("http_status"), "403");
}

TEST_F(RpcErrorsTest, UnknownCallerKeyIsUnauthenticatedAndNeverEchoed) {
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(Ctx(kUnknownKey).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), Not(HasSubstr(kUnknownKey)));
  EXPECT_EQ(status.error_details().find(kUnknownKey), std::string::npos);
  EXPECT_THAT(gateway().Stderr(), Not(HasSubstr(kUnknownKey)));
}

TEST_F(RpcErrorsTest, CallerKeyOverridesServerKey) {
  // The annotator may not see the restricted space; the server's key (owner) may.
  v1::ListAnnotationQueuesRequest request;
  request.mutable_space()->set_name(kRestrictedSpace);
  v1::ListAnnotationQueuesResponse response;
  EXPECT_TRUE(stub().ListAnnotationQueues(Ctx().get(), request, &response).ok());
  grpc::Status as_caller = stub().ListAnnotationQueues(Ctx(kCallerKey).get(), request, &response);
  EXPECT_THAT(as_caller.error_code(),
              ::testing::AnyOf(grpc::StatusCode::NOT_FOUND, grpc::StatusCode::PERMISSION_DENIED));
}

class RequireCallerKeyTest : public StackTest {
 protected:
  void SetUp() override {
    StackOptions options;
    options.gateway_args = {"--require_caller_key"};
    StartStack(options);
  }
};

TEST_F(RequireCallerKeyTest, CallsWithoutAKeyAreRejectedBeforeTheUpstream) {
  ClearUpstreamRequests();
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(UpstreamRequests(), IsEmpty());

  status = stub().GetAnnotationQueue(Ctx(kCallerKey).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(UpstreamRequests(), ElementsAre(::testing::Field(&LoggedRequest::method, "GET")));
}

}  // namespace
}  // namespace aqgate::testing
