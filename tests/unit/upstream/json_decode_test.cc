#include "service/upstream/json_decode.h"

#include <string>

#include <gtest/gtest.h>

#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "service/upstream/json_parse.h"
#include "service/upstream/json_reader.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;

constexpr char kQueue[] = R"({
  "id": "UXVldWU6MTI6YUJjRA==", "name": "triage", "space_id": "sp1",
  "instructions": "be kind", "unknown_member": {"ignored": [1, 2]},
  "annotation_configs": [
    {"id": "c1", "name": "quality", "type": "CONTINUOUS", "space_id": "sp1",
     "created_at": "2026-03-01T00:00:00Z", "minimum_score": 0, "maximum_score": 10.5,
     "optimization_direction": "MAXIMIZE"},
    {"id": "c2", "name": "label", "type": "CATEGORICAL", "space_id": "sp1",
     "created_at": "2026-03-01T00:00:00Z",
     "values": [{"label": "good", "score": 1}, {"label": "bad"}]},
    {"id": "c3", "name": "notes", "type": "FREEFORM", "space_id": "sp1", "created_at": "2026-03-01T00:00:00Z"},
    {"id": "c4", "name": "future", "type": "HOLOGRAM", "space_id": "sp1", "created_at": "2026-03-01T00:00:00Z"},
    {"id": "c5", "name": "dir", "type": "CONTINUOUS", "created_at": "2026-03-01T00:00:00Z",
     "minimum_score": -1, "maximum_score": 1, "optimization_direction": "SIDEWAYS"}
  ],
  "annotators": [{"id": "u1", "email": "a@x.com"}, {"email": "b@x.com"}],
  "created_at": "2026-03-01T10:00:00.123456789+02:00",
  "updated_at": "2026-03-02t00:00:00.5z"
})";

TEST(JsonDecodeTest, QueueWithEveryConfigKind) {
  absl::StatusOr<v1::AnnotationQueue> queue = DecodeQueue(kQueue);
  ASSERT_TRUE(queue.ok()) << queue.status();
  EXPECT_EQ(queue->id(), "UXVldWU6MTI6YUJjRA==");
  EXPECT_EQ(queue->name(), "triage");
  EXPECT_EQ(queue->space_id(), "sp1");
  EXPECT_EQ(queue->instructions(), "be kind");
  ASSERT_EQ(queue->annotation_configs_size(), 5);
  const auto& continuous = queue->annotation_configs(0);
  EXPECT_EQ(continuous.continuous().minimum_score(), 0);
  EXPECT_EQ(continuous.continuous().maximum_score(), 10.5);
  EXPECT_EQ(continuous.continuous().optimization_direction(), v1::OPTIMIZATION_DIRECTION_MAXIMIZE);
  EXPECT_EQ(continuous.created_at().seconds(), 1772323200);
  const auto& categorical = queue->annotation_configs(1).categorical();
  ASSERT_EQ(categorical.values_size(), 2);
  EXPECT_EQ(categorical.values(0).label(), "good");
  EXPECT_TRUE(categorical.values(0).has_score());
  EXPECT_FALSE(categorical.values(1).has_score());
  EXPECT_EQ(categorical.optimization_direction(), v1::OPTIMIZATION_DIRECTION_UNSPECIFIED);
  EXPECT_TRUE(queue->annotation_configs(2).has_freeform());
  EXPECT_EQ(queue->annotation_configs(3).kind_case(), v1::AnnotationConfig::KIND_NOT_SET);
  EXPECT_EQ(queue->annotation_configs(3).name(), "future");
  EXPECT_EQ(queue->annotation_configs(4).continuous().optimization_direction(),
            v1::OPTIMIZATION_DIRECTION_UNSPECIFIED);
  ASSERT_EQ(queue->annotators_size(), 2);
  EXPECT_EQ(queue->annotators(1).email(), "b@x.com");
  EXPECT_EQ(queue->annotators(1).id(), "");
  // 10:00+02:00 is 08:00Z.
  EXPECT_EQ(queue->created_at().seconds(), 1772323200 + 8 * 3600);
  EXPECT_EQ(queue->created_at().nanos(), 123456789);
  EXPECT_EQ(queue->updated_at().seconds(), 1772409600);
  EXPECT_EQ(queue->updated_at().nanos(), 500000000);
}

TEST(JsonDecodeTest, AbsentOrNullInstructionsStayAbsent) {
  auto queue = DecodeQueue(R"({"id":"q","name":"n","space_id":"s","instructions":null,
      "created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z"})");
  ASSERT_TRUE(queue.ok()) << queue.status();
  EXPECT_FALSE(queue->has_instructions());
  EXPECT_EQ(queue->annotation_configs_size(), 0);
}

constexpr char kRecordPage[] = R"({
  "records": [{
    "id": "r1", "annotation_queue_id": "q1", "source_type": "SPANS", "granularity": "TRACE",
    "data": {"attributes.input.value": "hi", "n": 42, "neg": -7, "f": 0.25, "b": true, "z": null,
             "big": 9007199254740993, "edge": 9007199254740992, "negbig": -9223372036854775808,
             "u64": 18446744073709551615, "huge": 123456789012345678901234567890,
             "nested": {"list": [1, "two", {"three": [3.5]}]}},
    "annotations": [{"name": "quality", "score": 0.5, "label": "ok", "text": "fine",
                     "updated_at": "2026-03-01T00:00:00Z", "annotator": {"id": "u1", "email": "a@x.com"}}],
    "trace_annotations": [{"name": "t"}],
    "evaluations": [{"name": "e", "score": 1, "label": "pass", "explanation": "because"}],
    "assigned_users": [{"user": {"id": "u1", "email": "a@x.com"}, "completion_status": "COMPLETED"},
                       {"user": {"email": "b@x.com"}, "completion_status": "LATER"}]
  }, {"id": "r2", "annotation_queue_id": "q1", "source_type": "NEW_KIND", "granularity": null}],
  "pagination": {"has_more": true, "next_cursor": "c/2+=="}
})";

TEST(JsonDecodeTest, RecordPageWithExactData) {
  absl::StatusOr<RecordPage> page = DecodeRecordPage(kRecordPage);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->next_cursor, "c/2+==");
  ASSERT_EQ(page->records.size(), 2u);
  const v1::Record& record = page->records[0];
  EXPECT_EQ(record.source_type(), v1::SOURCE_TYPE_SPANS);
  EXPECT_EQ(record.granularity(), v1::GRANULARITY_TRACE);
  const auto& data = record.data().fields();
  EXPECT_EQ(data.at("attributes.input.value").string_value(), "hi");
  EXPECT_EQ(data.at("n").number_value(), 42);
  EXPECT_EQ(data.at("neg").number_value(), -7);
  EXPECT_EQ(data.at("f").number_value(), 0.25);
  EXPECT_TRUE(data.at("b").bool_value());
  EXPECT_EQ(data.at("z").kind_case(), google::protobuf::Value::kNullValue);
  EXPECT_EQ(data.at("big").string_value(), "9007199254740993");
  EXPECT_EQ(data.at("edge").number_value(), 9007199254740992.0);
  EXPECT_EQ(data.at("negbig").string_value(), "-9223372036854775808");
  EXPECT_EQ(data.at("u64").string_value(), "18446744073709551615");
  EXPECT_EQ(data.at("huge").string_value(), "123456789012345678901234567890");
  const auto& list = data.at("nested").struct_value().fields().at("list").list_value();
  ASSERT_EQ(list.values_size(), 3);
  EXPECT_EQ(list.values(1).string_value(), "two");
  EXPECT_EQ(list.values(2).struct_value().fields().at("three").list_value().values(0).number_value(), 3.5);
  ASSERT_EQ(record.annotations_size(), 1);
  EXPECT_EQ(record.annotations(0).score(), 0.5);
  EXPECT_EQ(record.annotations(0).annotator().email(), "a@x.com");
  EXPECT_FALSE(record.trace_annotations(0).has_score());
  EXPECT_EQ(record.evaluations(0).explanation(), "because");
  EXPECT_EQ(record.assigned_users(0).completion_status(), v1::COMPLETION_STATUS_COMPLETED);
  EXPECT_EQ(record.assigned_users(1).completion_status(), v1::COMPLETION_STATUS_UNSPECIFIED);
  EXPECT_EQ(page->records[1].source_type(), v1::SOURCE_TYPE_UNSPECIFIED);
  EXPECT_EQ(page->records[1].granularity(), v1::GRANULARITY_UNSPECIFIED);
}

// The page decode moves strings and keys out of its DOM; the result must be
// what the copying conversion gives, for long (heap) strings too.
TEST(JsonDecodeTest, MovingConversionMatchesCopyingConversion) {
  absl::StatusOr<Json> source = ParseUpstreamJson(R"({
    "attributes.a.key.longer.than.sso": "a string value well beyond the small-string buffer",
    "short": "s", "n": 7, "f": -0.5, "t": true, "z": null,
    "huge": 123456789012345678901234567890, "u64": 18446744073709551615,
    "attributes.llm.input_messages": [
      {"message.content": "You are a helpful assistant, with a long message.", "message.role": "system"},
      ["nested list element that is long enough to allocate", 1, null, false, {}],
      []
    ],
    "attributes.metadata": {"inner key that is also rather long": {"deeper": "yes"}}
  })");
  ASSERT_TRUE(source.ok()) << source.status();
  google::protobuf::Value copied;
  JsonToProtoValue(*source, &copied);
  Json owned = *source;
  google::protobuf::Value moved;
  JsonToProtoValue(std::move(owned), &moved);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(copied, moved))
      << "copied: " << copied.DebugString() << "\nmoved: " << moved.DebugString();
  const auto& fields = moved.struct_value().fields();
  EXPECT_EQ(fields.at("attributes.a.key.longer.than.sso").string_value(),
            "a string value well beyond the small-string buffer");
  EXPECT_EQ(fields.at("huge").string_value(), "123456789012345678901234567890");
  EXPECT_EQ(fields.at("attributes.llm.input_messages").list_value().values(1).list_value()
                .values(0).string_value(),
            "nested list element that is long enough to allocate");
  EXPECT_EQ(fields.size(), 10u);
}

TEST(JsonDecodeTest, RecordPageMovesLongDataIntact) {
  const std::string long_value(300, 'v');
  const std::string body = R"({"records": [)"
                           R"({"id": "r1", "annotation_queue_id": "q1", "data": {"attributes.output.value": ")" +
                           long_value + R"(", "list": [")" + long_value +
                           R"("]}},)"
                           R"({"id": "r2", "annotation_queue_id": "q1", "data": {"attributes.output.value": "x"}}]})";
  absl::StatusOr<RecordPage> page = DecodeRecordPage(body);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->records.size(), 2u);
  const auto& data = page->records[0].data().fields();
  EXPECT_EQ(data.at("attributes.output.value").string_value(), long_value);
  EXPECT_EQ(data.at("list").list_value().values(0).string_value(), long_value);
  EXPECT_EQ(page->records[1].data().fields().at("attributes.output.value").string_value(), "x");
  EXPECT_EQ(page->records[1].id(), "r2");
}

TEST(JsonDecodeTest, LastPageAndMissingPagination) {
  auto last = DecodeQueuePage(R"({"annotation_queues": [], "pagination": {"has_more": false}})");
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(last->next_cursor, "");
  auto bare = DecodeSpacePage(R"({"spaces": [{"id": "s1", "name": "Prod", "is_private": false}]})");
  ASSERT_TRUE(bare.ok()) << bare.status();
  ASSERT_EQ(bare->spaces.size(), 1u);
  EXPECT_EQ(bare->spaces[0].name, "Prod");
}

TEST(JsonDecodeTest, AddedRecordsAndSnapshots) {
  auto added = DecodeAddedRecords(
      R"({"record_sources": [{"id": "r1", "annotation_queue_id": "q", "source_type": "DATASET"}]})");
  ASSERT_TRUE(added.ok()) << added.status();
  ASSERT_EQ(added->size(), 1u);
  EXPECT_EQ((*added)[0].source_type(), v1::SOURCE_TYPE_DATASET);

  auto annotate = DecodeAnnotateSnapshot(R"({"id": "r1", "annotation_queue_id": "q",
      "source_type": "SPANS", "granularity": "SPAN", "annotations": [{"name": "x", "text": "t"}]})");
  ASSERT_TRUE(annotate.ok()) << annotate.status();
  EXPECT_EQ(annotate->record_id(), "r1");
  EXPECT_EQ(annotate->granularity(), v1::GRANULARITY_SPAN);
  EXPECT_EQ(annotate->annotations(0).text(), "t");

  auto assign = DecodeAssignSnapshot(R"({"id": "r1", "annotation_queue_id": "q",
      "source_type": "SPANS", "assigned_users": [{"user": {"email": "a@x"}, "completion_status": "PENDING"}]})");
  ASSERT_TRUE(assign.ok()) << assign.status();
  EXPECT_EQ(assign->assigned_users(0).completion_status(), v1::COMPLETION_STATUS_PENDING);
}

struct Malformed {
  const char* name;
  std::string body;
  std::string path;  // the json_path the error must name
};

constexpr char kTimes[] = R"("created_at":"2026-03-01T00:00:00Z","updated_at":"2026-03-01T00:00:00Z")";

std::string QueueWith(const std::string& members) {
  return std::string(R"({"id":"q","name":"n","space_id":"s",)") + kTimes + members + "}";
}

class MalformedQueueTest : public ::testing::TestWithParam<Malformed> {};

INSTANTIATE_TEST_SUITE_P(
    EveryShape, MalformedQueueTest,
    ::testing::Values(
        Malformed{"Empty", "", "$"},
        Malformed{"NotJson", "<html>", "$"},
        Malformed{"Truncated", R"({"id": "q")", "$"},
        Malformed{"TrailingGarbage", QueueWith("") + "x", "$"},
        Malformed{"InvalidUtf8", "{\"id\": \"\xff\"}", "$"},
        Malformed{"TopLevelArray", "[]", "$"},
        Malformed{"MissingId", std::string(R"({"name":"n","space_id":"s",)") + kTimes + "}", "$.id"},
        Malformed{"IdIsNumber", std::string(R"({"id":5,"name":"n","space_id":"s",)") + kTimes + "}", "$.id"},
        Malformed{"IdIsNull", std::string(R"({"id":null,"name":"n","space_id":"s",)") + kTimes + "}", "$.id"},
        Malformed{"MissingCreatedAt", R"({"id":"q","name":"n","space_id":"s","updated_at":"2026-03-01T00:00:00Z"})",
                  "$.created_at"},
        Malformed{"BadTimestamp", R"({"id":"q","name":"n","space_id":"s","created_at":"yesterday","updated_at":"2026-03-01T00:00:00Z"})",
                  "$.created_at"},
        Malformed{"TimestampWithoutZone", R"({"id":"q","name":"n","space_id":"s","created_at":"2026-03-01T00:00:00","updated_at":"2026-03-01T00:00:00Z"})",
                  "$.created_at"},
        Malformed{"TimestampAsNumber", R"({"id":"q","name":"n","space_id":"s","created_at":1700000000,"updated_at":"2026-03-01T00:00:00Z"})",
                  "$.created_at"},
        Malformed{"InstructionsIsArray", QueueWith(R"(,"instructions":[])"), "$.instructions"},
        Malformed{"ConfigsIsObject", QueueWith(R"(,"annotation_configs":{})"), "$.annotation_configs"},
        Malformed{"ConfigIsString", QueueWith(R"(,"annotation_configs":["x"])"), "$.annotation_configs[0]"},
        Malformed{"ConfigWithoutType", QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n"}])"),
                  "$.annotation_configs[0].type"},
        Malformed{"ContinuousWithoutMinimum",
                  QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n","type":"CONTINUOUS","maximum_score":1}])"),
                  "$.annotation_configs[0].minimum_score"},
        Malformed{"ScoreIsString",
                  QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n","type":"CONTINUOUS","minimum_score":"0","maximum_score":1}])"),
                  "$.annotation_configs[0].minimum_score"},
        Malformed{"CategoricalWithoutValues",
                  QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n","type":"CATEGORICAL"}])"),
                  "$.annotation_configs[0].values"},
        Malformed{"CategoricalValueWithoutLabel",
                  QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n","type":"CATEGORICAL","values":[{"score":1}]}])"),
                  "$.annotation_configs[0].values[0].label"},
        Malformed{"DirectionIsNumber",
                  QueueWith(R"(,"annotation_configs":[{"id":"c","name":"n","type":"CONTINUOUS","minimum_score":0,"maximum_score":1,"optimization_direction":1}])"),
                  "$.annotation_configs[0].optimization_direction"},
        Malformed{"AnnotatorWithoutEmail", QueueWith(R"(,"annotators":[{"id":"u"}])"), "$.annotators[0].email"}),
    [](const ::testing::TestParamInfo<Malformed>& info) { return info.param.name; });

void ExpectBadResponse(const absl::Status& status, const std::string& path) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  auto info = GetDetail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "UPSTREAM_BAD_RESPONSE");
  EXPECT_EQ(info->domain(), "aqgate");
  EXPECT_EQ(info->metadata().at("json_path"), path) << status;
  EXPECT_NE(status.message().find(path), std::string::npos) << status;
}

TEST_P(MalformedQueueTest, CleanInternalErrorNamingThePath) {
  ExpectBadResponse(DecodeQueue(GetParam().body).status(), GetParam().path);
}

TEST(JsonDecodeMalformedTest, RecordShapes) {
  ExpectBadResponse(DecodeRecordPage(R"({"pagination":{"has_more":false}})").status(), "$.records");
  ExpectBadResponse(DecodeRecordPage(R"({"records":[{"id":"r"}]})").status(),
                    "$.records[0].annotation_queue_id");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","source_type":7}]})").status(),
      "$.records[0].source_type");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","data":[1]}]})").status(),
      "$.records[0].data");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","annotations":[{"score":1}]}]})")
          .status(),
      "$.records[0].annotations[0].name");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","annotations":[{"name":"a","score":"high"}]}]})")
          .status(),
      "$.records[0].annotations[0].score");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","assigned_users":[{"completion_status":"PENDING"}]}]})")
          .status(),
      "$.records[0].assigned_users[0].user");
  ExpectBadResponse(
      DecodeRecordPage(R"({"records":[{"id":"r","annotation_queue_id":"q","evaluations":[{"name":"e","label":false}]}]})")
          .status(),
      "$.records[0].evaluations[0].label");
}

TEST(JsonDecodeMalformedTest, PaginationShapes) {
  ExpectBadResponse(DecodeQueuePage(R"({"annotation_queues":[],"pagination":{"has_more":true}})").status(),
                    "$.pagination.next_cursor");
  ExpectBadResponse(DecodeQueuePage(R"({"annotation_queues":[],"pagination":{"has_more":"yes"}})").status(),
                    "$.pagination.has_more");
  ExpectBadResponse(DecodeQueuePage(R"({"annotation_queues":[],"pagination":[]})").status(), "$.pagination");
  ExpectBadResponse(DecodeSpacePage(R"({"spaces":[{"id":"s"}]})").status(), "$.spaces[0].name");
  ExpectBadResponse(DecodeAddedRecords(R"({"records":[]})").status(), "$.record_sources");
  ExpectBadResponse(DecodeAnnotateSnapshot(R"({"annotation_queue_id":"q"})").status(), "$.id");
  ExpectBadResponse(DecodeAssignSnapshot(R"({"id":"r","annotation_queue_id":"q","assigned_users":5})").status(),
                    "$.assigned_users");
}

TEST(JsonDecodeMalformedTest, DeepNestingIsRejectedNotACrash) {
  std::string deep = R"({"records":[{"id":"r","annotation_queue_id":"q","data":{"x":)";
  deep += std::string(100000, '[') + std::string(100000, ']') + "}}]}";
  ExpectBadResponse(DecodeRecordPage(deep).status(), "$");
}

}  // namespace
}  // namespace aqgate::upstream
