#include "service/upstream/json_encode.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"

namespace aqgate::upstream {
namespace {

namespace v1 = ::aqgate::v1;
using nlohmann::json;

json Parsed(const absl::StatusOr<std::string>& body) {
  EXPECT_TRUE(body.ok()) << body.status();
  return body.ok() ? json::parse(*body) : json();
}

google::protobuf::Timestamp Ts(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(nanos);
  return ts;
}

TEST(JsonEncodeTest, CreateQueueWithEverySourceKind) {
  CreateQueueParams params;
  params.name = "triage";
  params.space_id = "sp1";
  params.annotation_config_ids = {"c1", "c2"};
  params.annotator_emails = {"a@x.com"};
  params.instructions = "be kind";
  params.assignment_method = v1::ASSIGNMENT_METHOD_RANDOM;
  v1::RecordSource spans;
  spans.mutable_spans()->set_project_id("p1");
  *spans.mutable_spans()->mutable_start_time() = Ts(1772323200);
  *spans.mutable_spans()->mutable_end_time() = Ts(1772409600, 500000000);
  spans.mutable_spans()->add_span_ids("s1");
  v1::RecordSource traces;
  traces.mutable_traces()->set_project_id("p1");
  *traces.mutable_traces()->mutable_start_time() = Ts(1772323200);
  *traces.mutable_traces()->mutable_end_time() = Ts(1772323201, 1000);
  traces.mutable_traces()->add_trace_ids("t1");
  params.record_sources = {spans, traces};

  json body = Parsed(EncodeCreateQueue(params));
  EXPECT_EQ(body, json::parse(R"({
    "name": "triage", "space_id": "sp1", "annotation_config_ids": ["c1", "c2"],
    "annotator_emails": ["a@x.com"], "instructions": "be kind", "assignment_method": "RANDOM",
    "record_sources": [
      {"record_type": "SPAN", "project_id": "p1", "start_time": "2026-03-01T00:00:00Z",
       "end_time": "2026-03-02T00:00:00.5Z", "span_ids": ["s1"]},
      {"record_type": "TRACE", "project_id": "p1", "start_time": "2026-03-01T00:00:00Z",
       "end_time": "2026-03-01T00:00:01.000001Z", "trace_ids": ["t1"]}]})"));
}

TEST(JsonEncodeTest, CreateQueueOmitsUnsetOptionals) {
  CreateQueueParams params;
  params.name = "q";
  params.space_id = "s";
  params.annotation_config_ids = {"c"};
  params.annotator_emails = {"a@x"};
  json body = Parsed(EncodeCreateQueue(params));
  EXPECT_FALSE(body.contains("instructions"));
  EXPECT_FALSE(body.contains("assignment_method"));
  EXPECT_FALSE(body.contains("record_sources"));
  params.assignment_method = v1::ASSIGNMENT_METHOD_ALL;
  EXPECT_EQ(Parsed(EncodeCreateQueue(params))["assignment_method"], "ALL");
}

TEST(JsonEncodeTest, ExampleSourceOmitsEmptyVersionAndIds) {
  v1::RecordSource whole;
  whole.mutable_examples()->set_dataset_id("d1");
  v1::RecordSource picked;
  picked.mutable_examples()->set_dataset_id("d1");
  picked.mutable_examples()->set_dataset_version_id("v2");
  picked.mutable_examples()->add_example_ids("e1");
  json body = Parsed(EncodeAddRecords({whole, picked}));
  EXPECT_EQ(body, json::parse(R"({"record_sources": [
      {"record_type": "EXAMPLE", "dataset_id": "d1"},
      {"record_type": "EXAMPLE", "dataset_id": "d1", "dataset_version_id": "v2", "example_ids": ["e1"]}]})"));
}

TEST(JsonEncodeTest, UpdateSendsOnlyPresentFieldsAndNullClearsInstructions) {
  UpdateQueueParams params;
  params.instructions = "";
  params.annotator_emails = std::vector<std::string>{};
  EXPECT_EQ(Parsed(EncodeUpdateQueue(params)),
            json::parse(R"({"instructions": null, "annotator_emails": []})"));
  UpdateQueueParams rename;
  rename.name = "new";
  rename.instructions = "text";
  rename.annotation_config_ids = std::vector<std::string>{"c9"};
  EXPECT_EQ(Parsed(EncodeUpdateQueue(rename)),
            json::parse(R"({"name": "new", "instructions": "text", "annotation_config_ids": ["c9"]})"));
}

TEST(JsonEncodeTest, AnnotateSendsOnlyGivenValues) {
  v1::AnnotationInput score;
  score.set_name("quality");
  score.set_score(0.0);
  v1::AnnotationInput text;
  text.set_name("notes");
  text.set_text("");
  text.set_label("x");
  EXPECT_EQ(Parsed(EncodeAnnotate({score, text})),
            json::parse(R"({"annotations": [{"name": "quality", "score": 0.0},
                                            {"name": "notes", "label": "x", "text": ""}]})"));
}

TEST(JsonEncodeTest, DeleteAndAssignBodies) {
  EXPECT_EQ(Parsed(EncodeDeleteRecords({"r1", "r2"})), json::parse(R"({"record_ids": ["r1", "r2"]})"));
  EXPECT_EQ(Parsed(EncodeAssign({})), json::parse(R"({"assigned_user_emails": []})"));
}

TEST(JsonEncodeTest, EscapesStringsExactly) {
  EXPECT_EQ(*EncodeAssign({"a\"b\\c\n\u00e9"}), R"({"assigned_user_emails":["a\"b\\c\n)"
                                                  "\u00e9"
                                                  R"("]})");
}

// RFC 3339 years have exactly four digits; "999-..." is not a date upstream
// can parse. Timestamps reach back to year 1.
TEST(JsonEncodeTest, EarlyYearsAreZeroPadded) {
  struct Case {
    int64_t seconds;
    const char* expected;
  };
  for (const Case& c : {Case{-62135596800, "0001-01-01T00:00:00Z"},
                        Case{-30610224000, "1000-01-01T00:00:00Z"},
                        Case{-30641760000, "0999-01-01T00:00:00Z"},
                        Case{-59042995200, "0099-01-01T00:00:00Z"}}) {
    v1::RecordSource source;
    source.mutable_spans()->set_project_id("p");
    *source.mutable_spans()->mutable_start_time() = Ts(c.seconds);
    absl::StatusOr<std::string> body = EncodeAddRecords({source});
    ASSERT_TRUE(body.ok()) << body.status();
    EXPECT_EQ(Parsed(*body)["record_sources"][0]["start_time"], c.expected);
  }
}

TEST(JsonEncodeTest, RefusesWhatCannotBeSent) {
  v1::RecordSource empty;
  auto no_kind = EncodeAddRecords({empty});
  EXPECT_EQ(no_kind.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_kind.status().message().find("record_sources[0]"), std::string::npos);

  v1::RecordSource bad_time;
  bad_time.mutable_spans()->set_project_id("p");
  *bad_time.mutable_spans()->mutable_start_time() = Ts(253402300800);  // year 10000
  EXPECT_EQ(EncodeAddRecords({bad_time}).status().code(), absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(EncodeAssign({"\xff\xfe"}).status().code(), absl::StatusCode::kInvalidArgument);

  v1::AnnotationInput nan;
  nan.set_name("q");
  nan.set_score(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(EncodeAnnotate({nan}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aqgate::upstream
