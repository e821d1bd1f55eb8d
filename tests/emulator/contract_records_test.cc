// Contract tests for records: sources, listing, delete, annotate, assign.
#include <chrono>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "tests/emulator/emulator_fixture.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

class RecordsTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    queue_ = CreateQueue("records");
    records_ = QueuePath(queue_) + "/records";
  }
  HttpResult Add(const std::vector<json>& sources) {
    return Post(records_, {{"record_sources", json(sources)}});
  }
  std::string FirstRecord() {
    HttpResult added = Add({SpanSource(json::array({Spans()[0]["span_id"]}))});
    return added.json["record_sources"][0]["id"];
  }
  std::string RecordPath(const std::string& id, const char* action) {
    return records_ + "/" + httplib::detail::encode_query_param(id) + "/" + action;
  }
  std::string queue_;
  std::string records_;
};

TEST_F(RecordsTest, SpanSourcesRespectTheWindowAndSkipUnknownSpans) {
  json source = SpanSource({Spans()[0]["span_id"], Spans()[1]["span_id"], "ffffffffffffffff"});
  HttpResult added = Add({source});
  ASSERT_EQ(added.status, 201) << added.body;
  const json& records = added.json["record_sources"];
  ASSERT_EQ(records.size(), 2u);
  const json& r = records[0];
  EXPECT_EQ(r["annotation_queue_id"], queue_);
  EXPECT_EQ(r["source_type"], "SPANS");
  EXPECT_EQ(r["granularity"], "SPAN");
  EXPECT_EQ(r["data"]["context.span_id"], Spans()[0]["span_id"]);
  EXPECT_TRUE(r["data"]["context.trace_id"].is_string());
  EXPECT_TRUE(r["data"]["latency_ms"].is_number_float());
  EXPECT_EQ(r["trace_annotations"], json::array());
  EXPECT_EQ(r["annotations"], json::array());
  EXPECT_EQ(r["assigned_users"].size(), 2u);
  EXPECT_EQ(r["assigned_users"][0]["completion_status"], "PENDING");
  // An LLM span: integer token counts, nested objects and arrays, evaluations.
  const json& llm = records[1]["data"];
  EXPECT_TRUE(llm["attributes.llm.token_count.total"].is_number_integer());
  EXPECT_TRUE(llm["attributes.llm.invocation_parameters"].is_object());
  EXPECT_TRUE(llm["attributes.llm.input_messages"].is_array());
  EXPECT_EQ(records[1]["evaluations"][0]["name"], "hallucination");
  // A window that excludes the spans adds nothing.
  source["start_time"] = "2026-03-05T00:00:00Z";
  source["end_time"] = "2026-03-06T00:00:00+02:00";
  EXPECT_EQ(Add({source}).json["record_sources"].size(), 0u);
}

TEST_F(RecordsTest, SourceValidation) {
  json source = SpanSource(json::array({Spans()[0]["span_id"]}));
  source["end_time"] = "2026-03-09T00:00:00.001Z";
  EXPECT_EQ(ProblemField(Add({source})), "record_sources[0].end_time");
  EXPECT_EQ(Add({source}).status, 422);
  source["end_time"] = "2026-03-01T00:00:00Z";
  EXPECT_EQ(ProblemField(Add({source})), "record_sources[0].end_time");
  source["end_time"] = "yesterday";
  EXPECT_EQ(Add({source}).status, 400);
  json many = SpanSource(json::array());
  for (int i = 0; i < 501; ++i) many["span_ids"].push_back("x");
  EXPECT_EQ(ProblemField(Add({many})), "record_sources[0].span_ids");
  EXPECT_EQ(ProblemField(Add({SpanSource(json::array())})), "record_sources[0].span_ids");
  json s = SpanSource(json::array({"x"}));
  EXPECT_EQ(ProblemField(Add({s, s, s})), "record_sources");
  EXPECT_EQ(ProblemField(Add(std::vector<json>())), "record_sources");
  s["record_type"] = "BOGUS";
  EXPECT_EQ(ProblemField(Add({s})), "record_sources[0].record_type");
  s = SpanSource(json::array({"x"}));
  s["project_id"] = MintId("Project", 2);  // other-space's project
  EXPECT_EQ(Add({s}).status, 422);
  EXPECT_EQ(Post(QueuePath(MintId("AnnotationQueue", 777)) + "/records",
                 {{"record_sources", json::array({SpanSource(json::array({"x"}))})}}).status, 404);
}

TEST_F(RecordsTest, TraceSourcesAddTheRootSpanWithTraceGranularity) {
  json source = SpanSource(nullptr);
  source.erase("span_ids");
  source["record_type"] = "TRACE";
  source["trace_ids"] = {Spans()[6]["trace_id"], "0000"};
  HttpResult added = Add({source});
  ASSERT_EQ(added.status, 201) << added.body;
  ASSERT_EQ(added.json["record_sources"].size(), 1u);
  const json& r = added.json["record_sources"][0];
  EXPECT_EQ(r["granularity"], "TRACE");
  EXPECT_EQ(r["data"]["context.trace_id"], Spans()[6]["trace_id"]);
  EXPECT_TRUE(r["data"]["parent_id"].is_null());
}

TEST_F(RecordsTest, ExampleSourcesWholeDatasetOrChosenExamples) {
  const json& dataset = ids_["datasets"]["demo-space/golden-qa"];
  HttpResult whole = Add({{{"record_type", "EXAMPLE"}, {"dataset_id", dataset["id"]}}});
  ASSERT_EQ(whole.status, 201) << whole.body;
  EXPECT_EQ(whole.json["record_sources"].size(), 22u);  // latest version (v2)
  const json& r = whole.json["record_sources"][0];
  EXPECT_EQ(r["source_type"], "DATASET");
  EXPECT_TRUE(r["granularity"].is_null());
  EXPECT_TRUE(r["data"]["verified"].is_boolean());
  EXPECT_TRUE(r["data"]["pass_rate"].is_number_float());
  HttpResult v1 = Add({{{"record_type", "EXAMPLE"}, {"dataset_id", dataset["id"]},
                        {"dataset_version_id", dataset["versions"]["v1"]}}});
  EXPECT_EQ(v1.json["record_sources"].size(), 20u);
  HttpResult chosen = Add({{{"record_type", "EXAMPLE"}, {"dataset_id", dataset["id"]},
                            {"example_ids", json::array({dataset["examples"][21]})}}});
  ASSERT_EQ(chosen.json["record_sources"].size(), 1u);
  HttpResult not_in_v1 = Add({{{"record_type", "EXAMPLE"}, {"dataset_id", dataset["id"]},
                               {"dataset_version_id", dataset["versions"]["v1"]},
                               {"example_ids", json::array({dataset["examples"][21]})}}});
  EXPECT_EQ(not_in_v1.status, 422);
  EXPECT_EQ(ProblemField(not_in_v1), "record_sources[0].example_ids[0]");
}

TEST_F(RecordsTest, ListRecordsPagesWithOpaqueCursors) {
  json ids = json::array();
  for (int i = 0; i < 7; ++i) ids.push_back(Spans()[i]["span_id"]);
  ASSERT_EQ(Add({SpanSource(ids)}).status, 201);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string path = records_ + "?limit=3";
    if (!cursor.empty()) path += "&cursor=" + httplib::detail::encode_query_param(cursor);
    HttpResult page = Get(path);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const json& r : page.json["records"]) seen.insert(r["id"]);
    cursor = page.json["pagination"].value("next_cursor", "");
    EXPECT_EQ(page.json["pagination"]["has_more"], !cursor.empty());
    ++pages;
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ProblemField(Get(records_ + "?limit=501")), "limit");
  EXPECT_EQ(ProblemField(Get(records_ + "?limit=0")), "limit");
  // A queue-listing cursor is not a records cursor.
  HttpResult queues = Get("/v2/annotation-queues?limit=1");
  EXPECT_EQ(ProblemField(Get(records_ + "?cursor=" + httplib::detail::encode_query_param(
                                            queues.json["pagination"]["next_cursor"]))),
            "cursor");
}

TEST_F(RecordsTest, A500RecordPageIsFast) {
  const std::string bench = Get("/v2/annotation-queues?name=bench-1k").json["annotation_queues"][0]["id"];
  const auto start = std::chrono::steady_clock::now();
  HttpResult page = Get(QueuePath(bench) + "/records?limit=500");
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json["records"].size(), 500u);
  std::printf("500-record page: %.1f ms, %zu bytes\n", ms, page.body.size());
  EXPECT_LT(ms, 500.0);
}

TEST_F(RecordsTest, DeleteRecordsIgnoresUnknownIds) {
  const std::string id = FirstRecord();
  EXPECT_EQ(Delete(records_, {{"record_ids", {id, MintId("AnnotationQueueRecord", 99999), "junk"}}})
                .status, 204);
  EXPECT_EQ(Get(records_).json["records"].size(), 0u);
  EXPECT_EQ(ProblemField(Delete(records_, {{"record_ids", json::array()}})), "record_ids");
  json many = json::array();
  for (int i = 0; i < 101; ++i) many.push_back("x");
  EXPECT_EQ(ProblemField(Delete(records_, {{"record_ids", many}})), "record_ids");
  EXPECT_EQ(Delete(QueuePath(MintId("AnnotationQueue", 555)) + "/records", {{"record_ids", {id}}})
                .status, 404);
}

// A deleted record's ID is never handed out again, as upstream: a stale ID
// must not reach a newer record.
TEST_F(RecordsTest, ADeletedRecordsIdIsNotReused) {
  const std::string first = FirstRecord();
  ASSERT_EQ(Delete(records_, {{"record_ids", {first}}}).status, 204);
  EXPECT_NE(FirstRecord(), first);
}

TEST_F(RecordsTest, AnnotateUpsertsValidatesAndCompletes) {
  const std::string id = FirstRecord();
  HttpResult first = Post(RecordPath(id, "annotate"),
                          {{"annotations", {{{"name", "accuracy"}, {"label", "correct"}, {"score", 1}},
                                            {{"name", "notes"}, {"text", "ok"}}}}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json["id"], id);
  EXPECT_EQ(first.json["annotation_queue_id"], queue_);
  EXPECT_EQ(first.json["source_type"], "SPANS");
  EXPECT_EQ(first.json["granularity"], "SPAN");
  ASSERT_EQ(first.json["annotations"].size(), 2u);
  EXPECT_EQ(first.json["annotations"][0]["annotator"]["email"], "alice@example.com");
  EXPECT_TRUE(first.json["annotations"][0].contains("updated_at"));
  // Omitted values stay; the score changes.
  HttpResult second = Post(RecordPath(id, "annotate"),
                           {{"annotations", {{{"name", "accuracy"}, {"score", 0.5}}}}});
  EXPECT_EQ(second.json["annotations"][0]["label"], "correct");
  EXPECT_EQ(second.json["annotations"][0]["score"], 0.5);
  json record = Get(records_).json["records"][0];
  EXPECT_EQ(record["annotations"].size(), 2u);
  EXPECT_EQ(record["assigned_users"][0]["completion_status"], "COMPLETED");  // alice
  EXPECT_EQ(record["assigned_users"][1]["completion_status"], "PENDING");    // bob

  auto annotate = [&](const json& a) {
    return Post(RecordPath(id, "annotate"), {{"annotations", {a}}});
  };
  EXPECT_EQ(annotate({{"name", "accuracy"}, {"label", "maybe"}}).status, 422);
  EXPECT_EQ(ProblemField(annotate({{"name", "accuracy"}, {"label", "maybe"}})),
            "annotations[0].label");
  EXPECT_EQ(ProblemField(annotate({{"name", "helpfulness"}, {"score", 11}})),
            "annotations[0].score");
  EXPECT_EQ(ProblemField(annotate({{"name", "unknown"}, {"score", 1}})), "annotations[0].name");
  EXPECT_EQ(ProblemField(annotate({{"name", "notes"}, {"score", 1}})), "annotations[0].score");
  EXPECT_EQ(annotate({{"name", "accuracy"}, {"score", nullptr}}).status, 400);
  EXPECT_EQ(ProblemField(annotate({{"score", 1}})), "annotations[0].name");
  EXPECT_EQ(ProblemField(Post(RecordPath(id, "annotate"), {{"annotations", json::array()}})),
            "annotations");
  EXPECT_EQ(Post(RecordPath(MintId("AnnotationQueueRecord", 4444), "annotate"),
                 {{"annotations", {{{"name", "notes"}, {"text", "x"}}}}}).status, 404);
}

TEST_F(RecordsTest, AssignReplacesAndResetsCompletedToPending) {
  const std::string id = FirstRecord();
  Post(RecordPath(id, "annotate"), {{"annotations", {{{"name", "notes"}, {"text", "x"}}}}});
  HttpResult assigned = Post(RecordPath(id, "assign"),
                             {{"assigned_user_emails", {"ALICE@example.com", "carol@example.com"}}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  ASSERT_EQ(assigned.json["assigned_users"].size(), 2u);
  EXPECT_EQ(assigned.json["assigned_users"][0]["user"]["email"], "alice@example.com");
  EXPECT_EQ(assigned.json["assigned_users"][0]["completion_status"], "PENDING");
  EXPECT_EQ(Get(records_).json["records"][0]["assigned_users"], assigned.json["assigned_users"]);
  EXPECT_EQ(Post(RecordPath(id, "assign"), {{"assigned_user_emails", json::array()}})
                .json["assigned_users"].size(), 0u);
  EXPECT_EQ(ProblemField(Post(RecordPath(id, "assign"), {{"assigned_user_emails", {"dave@example.com"}}})),
            "assigned_user_emails[0]");
  json many = json::array();
  for (int i = 0; i < 101; ++i) many.push_back("a@example.com");
  EXPECT_EQ(ProblemField(Post(RecordPath(id, "assign"), {{"assigned_user_emails", many}})),
            "assigned_user_emails");
  EXPECT_EQ(ProblemField(Post(RecordPath(id, "assign"), json::object())), "assigned_user_emails");
}

TEST_F(RecordsTest, RandomAssignmentGivesEachRecordOneAnnotator) {
  json body = CreateBody("random");
  body["assignment_method"] = "RANDOM";
  json ids = json::array();
  for (int i = 0; i < 10; ++i) ids.push_back(Spans()[i]["span_id"]);
  body["record_sources"] = json::array({SpanSource(ids)});
  HttpResult created = Post("/v2/annotation-queues", body);
  ASSERT_EQ(created.status, 201) << created.body;
  std::set<std::string> used;
  const HttpResult listed = Get(QueuePath(created.json["id"]) + "/records");
  for (const json& r : listed.json["records"]) {
    ASSERT_EQ(r["assigned_users"].size(), 1u);
    used.insert(r["assigned_users"][0]["user"]["email"]);
  }
  EXPECT_EQ(used.size(), 2u);
}

}  // namespace
}  // namespace aqgate::emulator
