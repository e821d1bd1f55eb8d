// Every RPC's success path, through the real gateway and the real emulator.
#include <sys/wait.h>

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class RpcSuccessTest : public StackTest {
 protected:
  void SetUp() override { StartStack(); }

  std::vector<v1::Record> AllRecords(const std::string& queue_id) {
    v1::ListRecordsRequest request;
    *request.mutable_queue() = QueueById(queue_id);
    request.set_page_size(500);
    v1::ListRecordsResponse response;
    grpc::Status status = stub().ListRecords(Ctx().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.next_page_token().empty());
    return {response.records().begin(), response.records().end()};
  }
};

TEST_F(RpcSuccessTest, ListAnnotationQueuesFiltersAndPages) {
  CreateQueue(stub(), "alpha queue");
  CreateQueue(stub(), "beta queue");

  v1::ListAnnotationQueuesRequest request;
  request.mutable_space()->set_name(kSpace);
  v1::ListAnnotationQueuesResponse response;
  ASSERT_TRUE(stub().ListAnnotationQueues(Ctx().get(), request, &response).ok());
  std::vector<std::string> names;
  for (const auto& q : response.annotation_queues()) names.push_back(q.name());
  EXPECT_THAT(names, ElementsAre("beta queue", "alpha queue", kExistingQueue));  // newest first
  for (const auto& q : response.annotation_queues()) EXPECT_EQ(q.space_id(), SpaceId());

  request.set_name_contains("ALPHA");
  ASSERT_TRUE(stub().ListAnnotationQueues(Ctx().get(), request, &response).ok());
  ASSERT_EQ(response.annotation_queues_size(), 1);
  EXPECT_EQ(response.annotation_queues(0).name(), "alpha queue");

  // One per page, by space ID this time: three pages, then no token.
  request.Clear();
  request.mutable_space()->set_id(SpaceId());
  request.set_page_size(1);
  std::vector<std::string> paged;
  do {
    ASSERT_TRUE(stub().ListAnnotationQueues(Ctx().get(), request, &response).ok());
    ASSERT_EQ(response.annotation_queues_size(), 1);
    paged.push_back(response.annotation_queues(0).name());
    request.set_page_token(response.next_page_token());
  } while (!response.next_page_token().empty());
  EXPECT_EQ(paged, names);
}

TEST_F(RpcSuccessTest, GetAnnotationQueueByIdAndByName) {
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  v1::GetAnnotationQueueResponse by_name;
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), request, &by_name).ok());
  const v1::AnnotationQueue& queue = by_name.annotation_queue();
  EXPECT_EQ(queue.id(), SeedId("AnnotationQueue", 1));
  EXPECT_EQ(queue.name(), kExistingQueue);
  EXPECT_EQ(queue.space_id(), SpaceId());
  ASSERT_EQ(queue.annotation_configs_size(), 3);
  EXPECT_TRUE(queue.annotation_configs(0).has_continuous());
  EXPECT_EQ(queue.annotation_configs(0).continuous().optimization_direction(),
            v1::OPTIMIZATION_DIRECTION_MAXIMIZE);
  EXPECT_TRUE(queue.annotation_configs(1).has_categorical());
  EXPECT_EQ(queue.annotation_configs(1).categorical().values_size(), 2);
  EXPECT_TRUE(queue.annotation_configs(2).has_freeform());
  EXPECT_EQ(queue.annotators_size(), 2);
  EXPECT_GT(queue.created_at().seconds(), 0);

  *request.mutable_queue() = QueueById(queue.id());
  v1::GetAnnotationQueueResponse by_id;
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), request, &by_id).ok());
  EXPECT_EQ(by_id.annotation_queue().SerializeAsString(), queue.SerializeAsString());

  // The space may be named by ID too.
  request.mutable_queue()->Clear();
  request.mutable_queue()->set_name(kExistingQueue);
  request.mutable_queue()->mutable_space()->set_id(SpaceId());
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), request, &by_id).ok());
  EXPECT_EQ(by_id.annotation_queue().id(), queue.id());
}

TEST_F(RpcSuccessTest, CreateAnnotationQueueWithInitialRecords) {
  v1::CreateAnnotationQueueRequest request = NewQueueRequest("created with records");
  request.set_assignment_method(v1::ASSIGNMENT_METHOD_RANDOM);
  *request.add_record_sources() = SpanSource({"span-1-1", "span-2-1"});
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status = stub().CreateAnnotationQueue(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::AnnotationQueue& queue = response.annotation_queue();
  EXPECT_FALSE(queue.id().empty());
  EXPECT_EQ(queue.name(), "created with records");
  EXPECT_EQ(queue.space_id(), SpaceId());
  EXPECT_EQ(queue.instructions(), "Label carefully.");
  EXPECT_EQ(queue.annotation_configs_size(), 3);
  EXPECT_EQ(AllRecords(queue.id()).size(), 2u);
}

TEST_F(RpcSuccessTest, UpdateAnnotationQueueByMask) {
  v1::AnnotationQueue queue = CreateQueue(stub(), "before rename");
  v1::UpdateAnnotationQueueRequest request;
  *request.mutable_queue() = QueueByName("before rename");
  request.set_name("after rename");
  request.add_annotation_config_ids(ConfigId(2));
  request.mutable_update_mask()->add_paths("name");
  request.mutable_update_mask()->add_paths("instructions");  // "" in the mask clears
  request.mutable_update_mask()->add_paths("annotation_config_ids");
  v1::UpdateAnnotationQueueResponse response;
  grpc::Status status = stub().UpdateAnnotationQueue(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.annotation_queue().id(), queue.id());
  EXPECT_EQ(response.annotation_queue().name(), "after rename");
  EXPECT_FALSE(response.annotation_queue().has_instructions() &&
               !response.annotation_queue().instructions().empty());
  ASSERT_EQ(response.annotation_queue().annotation_configs_size(), 1);
  EXPECT_EQ(response.annotation_queue().annotation_configs(0).id(), ConfigId(2));
  EXPECT_EQ(response.annotation_queue().annotators_size(), 2);  // not in the mask

  v1::GetAnnotationQueueRequest get;
  *get.mutable_queue() = QueueByName("after rename");
  v1::GetAnnotationQueueResponse got;
  ASSERT_TRUE(stub().GetAnnotationQueue(Ctx().get(), get, &got).ok());
  EXPECT_EQ(got.annotation_queue().id(), queue.id());
}

TEST_F(RpcSuccessTest, DeleteAnnotationQueueByName) {
  v1::AnnotationQueue queue = CreateQueue(stub(), "to delete");
  v1::DeleteAnnotationQueueRequest request;
  *request.mutable_queue() = QueueByName("to delete");
  v1::DeleteAnnotationQueueResponse response;
  ASSERT_TRUE(stub().DeleteAnnotationQueue(Ctx().get(), request, &response).ok());
  EXPECT_EQ(response.annotation_queue_id(), queue.id());

  v1::GetAnnotationQueueRequest get;
  *get.mutable_queue() = QueueById(queue.id());
  v1::GetAnnotationQueueResponse ignored;
  EXPECT_EQ(stub().GetAnnotationQueue(Ctx().get(), get, &ignored).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RpcSuccessTest, ListRecordsPages) {
  v1::ListRecordsRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  request.set_page_size(2);
  std::set<std::string> ids;
  int pages = 0;
  v1::ListRecordsResponse response;
  do {
    ASSERT_TRUE(stub().ListRecords(Ctx().get(), request, &response).ok());
    EXPECT_EQ(response.annotation_queue_id(), SeedId("AnnotationQueue", 1));
    for (const auto& r : response.records()) {
      ids.insert(r.id());
      EXPECT_EQ(r.source_type(), v1::SOURCE_TYPE_SPANS);
      EXPECT_EQ(r.granularity(), v1::GRANULARITY_SPAN);
      EXPECT_TRUE(r.data().fields().contains("context.span_id"));
      EXPECT_EQ(r.assigned_users_size(), 2);
    }
    ++pages;
    request.set_page_token(response.next_page_token());
  } while (!response.next_page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ids.size(), 5u);
}

TEST_F(RpcSuccessTest, AddRecordsFromSpansTracesAndExamples) {
  v1::AnnotationQueue queue = CreateQueue(stub(), "fill me");
  v1::AddRecordsRequest request;
  *request.mutable_queue() = QueueByName("fill me");
  *request.add_record_sources() = SpanSource({"span-1-1", "span-1-2"});
  *request.add_record_sources() = TraceSource({"trace-3"});
  v1::AddRecordsResponse response;
  grpc::Status status = stub().AddRecords(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.annotation_queue_id(), queue.id());
  ASSERT_EQ(response.records_size(), 3);
  std::vector<v1::Granularity> granularities;
  for (const auto& r : response.records()) granularities.push_back(r.granularity());
  EXPECT_THAT(granularities, UnorderedElementsAre(v1::GRANULARITY_SPAN, v1::GRANULARITY_SPAN,
                                                  v1::GRANULARITY_TRACE));

  // No example IDs: the whole dataset (3 examples).
  request.clear_record_sources();
  *request.add_record_sources() = ExampleSource({});
  status = stub().AddRecords(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.records_size(), 3);
  for (const auto& r : response.records()) {
    EXPECT_EQ(r.source_type(), v1::SOURCE_TYPE_DATASET);
    EXPECT_EQ(r.granularity(), v1::GRANULARITY_UNSPECIFIED);
  }
  EXPECT_EQ(AllRecords(queue.id()).size(), 6u);
}

TEST_F(RpcSuccessTest, DeleteRecordsIgnoresUnknownIds) {
  std::vector<v1::Record> before = AllRecords(SeedId("AnnotationQueue", 1));
  ASSERT_EQ(before.size(), 5u);
  v1::DeleteRecordsRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  request.add_record_ids(before[0].id());
  request.add_record_ids(before[1].id());
  request.add_record_ids(SeedId("AnnotationQueueRecord", 999));
  v1::DeleteRecordsResponse response;
  grpc::Status status = stub().DeleteRecords(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.annotation_queue_id(), SeedId("AnnotationQueue", 1));
  EXPECT_EQ(AllRecords(SeedId("AnnotationQueue", 1)).size(), 3u);
}

TEST_F(RpcSuccessTest, AnnotateRecordUpsertsAndShowsInListRecords) {
  const std::string queue_id = SeedId("AnnotationQueue", 1);
  const std::string record_id = AllRecords(queue_id)[0].id();
  v1::AnnotateRecordRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  request.set_record_id(record_id);
  v1::AnnotationInput* quality = request.add_annotations();
  quality->set_name("quality");
  quality->set_score(0.75);
  v1::AnnotationInput* verdict = request.add_annotations();
  verdict->set_name("verdict");
  verdict->set_label("good");
  v1::AnnotationInput* notes = request.add_annotations();
  notes->set_name("notes");
  notes->set_text("fine");
  v1::AnnotateRecordResponse response;
  // As the annotator, with their own key.
  grpc::Status status = stub().AnnotateRecord(Ctx(kCallerKey).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.record_id(), record_id);
  EXPECT_EQ(response.annotation_queue_id(), queue_id);
  EXPECT_EQ(response.source_type(), v1::SOURCE_TYPE_SPANS);
  ASSERT_EQ(response.annotations_size(), 3);

  for (const v1::Record& r : AllRecords(queue_id)) {
    if (r.id() != record_id) continue;
    ASSERT_EQ(r.annotations_size(), 3);
    for (const auto& a : r.annotations()) {
      if (a.name() == "quality") {
        EXPECT_DOUBLE_EQ(a.score(), 0.75);
      } else if (a.name() == "verdict") {
        EXPECT_EQ(a.label(), "good");
      } else {
        EXPECT_EQ(a.text(), "fine");
      }
    }
    for (const auto& u : r.assigned_users()) {
      if (u.user().email() == kAnnotatorEmail) {
        EXPECT_EQ(u.completion_status(), v1::COMPLETION_STATUS_COMPLETED);
      }
    }
  }
}

TEST_F(RpcSuccessTest, AssignRecordReplacesAndClears) {
  const std::string record_id = AllRecords(SeedId("AnnotationQueue", 1))[0].id();
  v1::AssignRecordRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  request.set_record_id(record_id);
  request.add_assigned_user_emails(kAnnotatorEmail);
  v1::AssignRecordResponse response;
  grpc::Status status = stub().AssignRecord(Ctx().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.record_id(), record_id);
  ASSERT_EQ(response.assigned_users_size(), 1);
  EXPECT_EQ(response.assigned_users(0).user().email(), kAnnotatorEmail);
  EXPECT_EQ(response.assigned_users(0).completion_status(), v1::COMPLETION_STATUS_PENDING);

  request.clear_assigned_user_emails();
  ASSERT_TRUE(stub().AssignRecord(Ctx().get(), request, &response).ok());
  EXPECT_EQ(response.assigned_users_size(), 0);
}

TEST_F(RpcSuccessTest, StreamRecordsDeliversEveryRecordOnce) {
  v1::StreamRecordsRequest request;
  *request.mutable_queue() = QueueByName(kExistingQueue);
  request.set_page_size(2);
  request.set_max_records_per_message(1);
  auto context = Ctx();
  auto reader = stub().StreamRecords(context.get(), request);
  v1::StreamRecordsResponse message;
  std::vector<std::string> ids;
  while (reader->Read(&message)) {
    EXPECT_EQ(message.annotation_queue_id(), SeedId("AnnotationQueue", 1));
    EXPECT_EQ(message.records_size(), 1);
    EXPECT_FALSE(message.resume_token().empty());
    for (const auto& r : message.records()) ids.push_back(r.id());
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 5u);
}

TEST_F(RpcSuccessTest, BufCurlThroughReflection) {
  // What the README shows: any client, no .proto files, via reflection.
  const std::string buf = absl::StrCat(AQGATE_SOURCE_DIR, "/node_modules/.bin/buf");
  RunResult run = RunToExit(
      buf,
      {"curl", "--protocol", "grpc", "--http2-prior-knowledge",
       absl::StrCat("http://", gateway().target(),
                    "/aqgate.v1.AnnotationQueueService/ListAnnotationQueues"),
       "-d", "{}"},
      {}, absl::Seconds(60));
  EXPECT_TRUE(WIFEXITED(run.wait_status) && WEXITSTATUS(run.wait_status) == 0) << run.err;
  EXPECT_THAT(run.out, ::testing::HasSubstr(kExistingQueue)) << run.err;
}

}  // namespace
}  // namespace aqgate::testing
