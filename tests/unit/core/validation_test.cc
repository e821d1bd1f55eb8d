// Every limit of the contract is checked before any upstream call (the
// StrictMock upstream fails the test on any call), and the BadRequest names
// every offending field.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/util/time_util.h"
#include "tests/unit/core/core_test_server.h"

namespace aqgate::core::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;
using google::protobuf::util::TimeUtil;

class ValidationTest : public CoreServiceTest {
 protected:
  // Asserts INVALID_ARGUMENT with exactly `fields`, and the gateway's
  // ErrorInfo.
  void ExpectInvalid(const grpc::Status& status, std::vector<std::string> fields) {
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(BadRequestFields(status), UnorderedElementsAreArray(fields));
    std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->domain(), "aqgate");
    EXPECT_EQ(info->reason(), "INVALID_ARGUMENT");
    EXPECT_FALSE(info->metadata().at("request_id").empty());
  }

  template <typename Request, typename Response>
  grpc::Status Call(grpc::Status (v1::AnnotationQueueService::Stub::*method)(
                        grpc::ClientContext*, const Request&, Response*),
                    const Request& request) {
    grpc::ClientContext context;
    Response response;
    return (stub().*method)(&context, request, &response);
  }
};

v1::SpanSource GoodSpans(int ids) {
  v1::SpanSource spans;
  spans.set_project_id("p1");
  *spans.mutable_start_time() = TimeUtil::SecondsToTimestamp(1700000000);
  *spans.mutable_end_time() = TimeUtil::SecondsToTimestamp(1700000000 + 3600);
  for (int i = 0; i < ids; ++i) spans.add_span_ids("s" + std::to_string(i));
  return spans;
}

v1::QueueRef ById(const std::string& id) {
  v1::QueueRef ref;
  ref.set_id(id);
  return ref;
}

TEST_F(ValidationTest, QueueRefForms) {
  using Stub = v1::AnnotationQueueService::Stub;
  v1::GetAnnotationQueueRequest request;
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue"});
  request.mutable_queue()->set_id("");
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue.id"});
  request.mutable_queue()->set_name("q");
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue.space"});
  request.mutable_queue()->mutable_space();
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue.space"});
  request.mutable_queue()->mutable_space()->set_name("");
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue.space.name"});
  request.mutable_queue()->mutable_space()->set_id("");
  request.mutable_queue()->set_name(std::string(256, 'x'));
  ExpectInvalid(Call(&Stub::GetAnnotationQueue, request), {"queue.name", "queue.space.id"});
  // The same QueueRef rules apply to every queue-addressed RPC.
  ExpectInvalid(Call(&Stub::DeleteAnnotationQueue, v1::DeleteAnnotationQueueRequest()),
                {"queue"});
  ExpectInvalid(Call(&Stub::ListRecords, v1::ListRecordsRequest()), {"queue"});
}

TEST_F(ValidationTest, NameLengthCountsCharactersNotBytes) {
  v1::GetAnnotationQueueRequest request;
  std::string name;
  for (int i = 0; i < 255; ++i) name += "\xC3\xA9";  // 255 x "é", 510 bytes
  request.mutable_queue()->set_name(name);
  request.mutable_queue()->mutable_space()->set_id("sp1");
  EXPECT_CALL(api_, GetQueue).Times(0);
  EXPECT_CALL(api_, ListQueues)
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        std::move(done)(upstream::QueuePage{});
      });
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);  // valid, just not there
}

TEST_F(ValidationTest, CreateReportsEveryField) {
  v1::CreateAnnotationQueueRequest request;
  request.set_instructions(std::string(5001, 'i'));
  request.add_annotator_emails("");
  request.set_assignment_method(static_cast<v1::AssignmentMethod>(7));
  for (int i = 0; i < 3; ++i) *request.add_record_sources()->mutable_spans() = GoodSpans(1);
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::CreateAnnotationQueue, request),
                {"name", "space", "annotation_config_ids", "annotator_emails[0]", "instructions",
                 "assignment_method", "record_sources"});
}

TEST_F(ValidationTest, CreateLimits) {
  v1::CreateAnnotationQueueRequest request;
  request.set_name(std::string(255, 'n'));
  request.mutable_space()->set_name("");
  request.add_annotation_config_ids("");
  for (int i = 0; i < 101; ++i) request.add_annotator_emails("u@x");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::CreateAnnotationQueue, request),
                {"space.name", "annotation_config_ids[0]", "annotator_emails"});
}

TEST_F(ValidationTest, RecordSourcesEveryRule) {
  v1::AddRecordsRequest request;
  *request.mutable_queue() = ById("q1");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AddRecords, request),
                {"record_sources"});

  // [0]: no oneof. [1]: spans missing everything and an empty ID.
  request.add_record_sources();
  v1::SpanSource* spans = request.add_record_sources()->mutable_spans();
  spans->add_span_ids("a");
  spans->add_span_ids("b");
  spans->add_span_ids("c");
  spans->add_span_ids("");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AddRecords, request),
                {"record_sources[0]", "record_sources[1].spans.project_id",
                 "record_sources[1].spans.start_time", "record_sources[1].spans.end_time",
                 "record_sources[1].spans.span_ids[3]"});

  // Traces: end before start, no IDs; examples: no dataset, empty example ID.
  request.clear_record_sources();
  v1::TraceSource* traces = request.add_record_sources()->mutable_traces();
  traces->set_project_id("p");
  *traces->mutable_start_time() = TimeUtil::SecondsToTimestamp(2000);
  *traces->mutable_end_time() = TimeUtil::SecondsToTimestamp(1000);
  v1::ExampleSource* examples = request.add_record_sources()->mutable_examples();
  examples->add_example_ids("");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AddRecords, request),
                {"record_sources[0].traces.end_time", "record_sources[0].traces.trace_ids",
                 "record_sources[1].examples.dataset_id",
                 "record_sources[1].examples.example_ids[0]"});

  // The window: exactly 7 days passes, 7 days and 1 ns does not; equal
  // start and end do not.
  request.clear_record_sources();
  v1::SpanSource week = GoodSpans(1);
  *week.mutable_end_time() = TimeUtil::SecondsToTimestamp(1700000000 + 7 * 86400);
  week.mutable_end_time()->set_nanos(1);
  *request.add_record_sources()->mutable_spans() = week;
  v1::SpanSource empty_window = GoodSpans(1);
  *empty_window.mutable_end_time() = empty_window.start_time();
  *request.add_record_sources()->mutable_spans() = empty_window;
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AddRecords, request),
                {"record_sources[0].spans.end_time", "record_sources[1].spans.end_time"});

  // More than 500 IDs across sources.
  request.clear_record_sources();
  *request.add_record_sources()->mutable_spans() = GoodSpans(300);
  v1::ExampleSource* more = request.add_record_sources()->mutable_examples();
  more->set_dataset_id("d");
  for (int i = 0; i < 201; ++i) more->add_example_ids("e" + std::to_string(i));
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AddRecords, request),
                {"record_sources"});
}

TEST_F(ValidationTest, ExactlySevenDaysAndFiveHundredIdsPass) {
  v1::AddRecordsRequest request;
  *request.mutable_queue() = ById("q1");
  v1::SpanSource week = GoodSpans(250);
  *week.mutable_end_time() = TimeUtil::SecondsToTimestamp(1700000000 + 7 * 86400);
  *request.add_record_sources()->mutable_spans() = week;
  v1::ExampleSource* examples = request.add_record_sources()->mutable_examples();
  examples->set_dataset_id("d");
  for (int i = 0; i < 250; ++i) examples->add_example_ids("e" + std::to_string(i));
  EXPECT_CALL(api_, AddRecords)
      .WillOnce([](auto&&, auto&&, auto&&, upstream::Callback<std::vector<v1::Record>> done) {
        std::move(done)(std::vector<v1::Record>{});
      });
  EXPECT_TRUE(Call(&v1::AnnotationQueueService::Stub::AddRecords, request).ok());
}

TEST_F(ValidationTest, DeleteRecordsLimits) {
  v1::DeleteRecordsRequest request;
  *request.mutable_queue() = ById("q1");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::DeleteRecords, request),
                {"record_ids"});
  for (int i = 0; i < 100; ++i) request.add_record_ids("r");
  request.add_record_ids("");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::DeleteRecords, request),
                {"record_ids", "record_ids[100]"});
}

TEST_F(ValidationTest, AssignLimits) {
  v1::AssignRecordRequest request;
  *request.mutable_queue() = ById("q1");
  for (int i = 0; i < 101; ++i) request.add_assigned_user_emails("u@x");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AssignRecord, request),
                {"record_id", "assigned_user_emails"});
}

TEST_F(ValidationTest, AnnotationRules) {
  v1::AnnotateRecordRequest request;
  *request.mutable_queue() = ById("q1");
  request.set_record_id("r1");
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AnnotateRecord, request),
                {"annotations"});
  v1::AnnotationInput* ok = request.add_annotations();
  ok->set_name("quality");
  ok->set_score(1);
  v1::AnnotationInput* nameless = request.add_annotations();
  nameless->set_label("x");
  v1::AnnotationInput* duplicate = request.add_annotations();
  duplicate->set_name("quality");
  duplicate->set_text("t");
  v1::AnnotationInput* valueless = request.add_annotations();
  valueless->set_name("other");
  v1::AnnotationInput* nan = request.add_annotations();
  nan->set_name("nan");
  nan->set_score(std::numeric_limits<double>::quiet_NaN());
  v1::AnnotationInput* inf = request.add_annotations();
  inf->set_name("inf");
  inf->set_score(std::numeric_limits<double>::infinity());
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AnnotateRecord, request),
                {"annotations[1].name", "annotations[2].name", "annotations[3]",
                 "annotations[4].score", "annotations[5].score"});
  request.clear_annotations();
  for (int i = 0; i < 501; ++i) {
    v1::AnnotationInput* a = request.add_annotations();
    a->set_name("n" + std::to_string(i));
    a->set_text("t");
  }
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::AnnotateRecord, request),
                {"annotations"});
}

TEST_F(ValidationTest, PageSizes) {
  v1::ListAnnotationQueuesRequest queues;
  queues.set_page_size(101);
  queues.mutable_space();
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::ListAnnotationQueues, queues),
                {"space", "page_size"});
  queues.clear_space();
  queues.set_page_size(-1);
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::ListAnnotationQueues, queues),
                {"page_size"});
  v1::ListRecordsRequest records;
  *records.mutable_queue() = ById("q1");
  records.set_page_size(501);
  ExpectInvalid(Call(&v1::AnnotationQueueService::Stub::ListRecords, records), {"page_size"});
}

TEST_F(ValidationTest, StreamLimitsAndBadTokens) {
  v1::StreamRecordsRequest request;
  *request.mutable_queue() = ById("q1");
  request.set_page_size(501);
  request.set_max_records_per_message(-1);
  request.set_resume_token("not-a-token!");
  grpc::ClientContext context;
  auto reader = stub().StreamRecords(&context, request);
  v1::StreamRecordsResponse message;
  EXPECT_FALSE(reader->Read(&message));
  ExpectInvalid(reader->Finish(),
                {"page_size", "max_records_per_message", "resume_token"});
  for (const std::string token : {"", "AQ", "AQAAAAJxMQ", "AAAA"}) {
    if (token.empty()) continue;
    v1::StreamRecordsRequest bad;
    *bad.mutable_queue() = ById("q1");
    bad.set_resume_token(token);
    grpc::ClientContext bad_context;
    auto bad_reader = stub().StreamRecords(&bad_context, bad);
    EXPECT_FALSE(bad_reader->Read(&message));
    ExpectInvalid(bad_reader->Finish(), {"resume_token"});
  }
}

TEST_F(ValidationTest, UpdateMask) {
  using Stub = v1::AnnotationQueueService::Stub;
  v1::UpdateAnnotationQueueRequest request;
  *request.mutable_queue() = ById("q1");
  ExpectInvalid(Call(&Stub::UpdateAnnotationQueue, request), {"update_mask"});
  request.mutable_update_mask();
  ExpectInvalid(Call(&Stub::UpdateAnnotationQueue, request), {"update_mask"});
  request.mutable_update_mask()->add_paths("name");
  request.mutable_update_mask()->add_paths("space_id");
  request.mutable_update_mask()->add_paths("annotatorEmails");
  for (int i = 0; i < 101; ++i) request.add_annotator_emails("u@x");
  request.set_instructions(std::string(5001, 'i'));  // not in the mask: ignored
  ExpectInvalid(Call(&Stub::UpdateAnnotationQueue, request),
                {"update_mask.paths[1]", "name", "annotator_emails"});
}

// A queue needs at least one config and one annotator, so naming a list in
// the mask with no values is refused here, not by the upstream's 400.
TEST_F(ValidationTest, UpdateMaskCannotEmptyAQueuesLists) {
  using Stub = v1::AnnotationQueueService::Stub;
  v1::UpdateAnnotationQueueRequest request;
  *request.mutable_queue() = ById("q1");
  request.mutable_update_mask()->add_paths("annotation_config_ids");
  request.mutable_update_mask()->add_paths("annotator_emails");
  ExpectInvalid(Call(&Stub::UpdateAnnotationQueue, request),
                {"annotation_config_ids", "annotator_emails"});
}

}  // namespace
}  // namespace aqgate::core::testing
