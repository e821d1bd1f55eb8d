// Record sources from flags and JSON files.
#include "client/cli/record_sources.h"

#include <gtest/gtest.h>

namespace aqgate::cli {
namespace {

TEST(SourcesTest, SpansSpecHasProjectWindowAndIds) {
  absl::StatusOr<v1::RecordSource> s =
      ParseSpanSource("UHJvajox,2026-03-01T00:00:00Z,2026-03-02T12:00:00+01:00,s1, s2");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->spans().project_id(), "UHJvajox");
  EXPECT_EQ(s->spans().start_time().seconds(), 1772323200);
  EXPECT_EQ(s->spans().end_time().seconds(), 1772323200 + 86400 + 11 * 3600);
  ASSERT_EQ(s->spans().span_ids_size(), 2);
  EXPECT_EQ(s->spans().span_ids(1), "s2");
}

TEST(SourcesTest, TracesSpec) {
  absl::StatusOr<v1::RecordSource> s =
      ParseTraceSource("P,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,t1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->traces().trace_ids(0), "t1");
}

TEST(SourcesTest, MalformedSpecsAreCleanErrors) {
  EXPECT_FALSE(ParseSpanSource("").ok());
  EXPECT_FALSE(ParseSpanSource("P,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z").ok());
  EXPECT_FALSE(ParseSpanSource("P,yesterday,2026-03-02T00:00:00Z,s").ok());
  EXPECT_FALSE(ParseSpanSource(",2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,s").ok());
  EXPECT_FALSE(ParseSpanSource("P,2026-03-01T00:00:00Z,2026-03-02T00:00:00Z,s,,t").ok());
  absl::Status status = ParseTraceSource("P,2026-13-01T00:00:00Z,2026-03-02T00:00:00Z,t").status();
  EXPECT_NE(status.message().find("RFC 3339"), absl::string_view::npos);
}

TEST(SourcesTest, ExamplesSpecWithVersionAndIds) {
  absl::StatusOr<v1::RecordSource> s = ParseExampleSource("RGF0YXNldDox@djI,e1,e2");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->examples().dataset_id(), "RGF0YXNldDox");
  EXPECT_EQ(s->examples().dataset_version_id(), "djI");
  EXPECT_EQ(s->examples().example_ids_size(), 2);
  s = ParseExampleSource("D");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->examples().example_ids_size(), 0);
  EXPECT_FALSE(ParseExampleSource("").ok());
  EXPECT_FALSE(ParseExampleSource("D@").ok());
  EXPECT_FALSE(ParseExampleSource("@v").ok());
}

TEST(SourcesTest, JsonFileAsArrayOrObject) {
  auto array = ParseSourcesJson(R"([{"spans": {"project_id": "P", "start_time": "2026-03-01T00:00:00Z",
      "end_time": "2026-03-02T00:00:00Z", "span_ids": ["s1"]}}, {"examples": {"dataset_id": "D"}}])");
  ASSERT_TRUE(array.ok()) << array.status();
  ASSERT_EQ(array->size(), 2u);
  EXPECT_TRUE((*array)[0].has_spans());
  EXPECT_TRUE((*array)[1].has_examples());
  auto object = ParseSourcesJson(R"({"recordSources": [{"traces": {"trace_ids": ["t"]}}]})");
  ASSERT_TRUE(object.ok()) << object.status();
  EXPECT_EQ(object->size(), 1u);
}

TEST(SourcesTest, BadJsonIsACleanError) {
  EXPECT_FALSE(ParseSourcesJson("").ok());
  EXPECT_FALSE(ParseSourcesJson("[{").ok());
  EXPECT_FALSE(ParseSourcesJson(R"([{"spanz": {}}])").ok());
  EXPECT_FALSE(ParseSourcesJson(R"({"queue": {"id": "q"}, "record_sources": []})").ok());
  EXPECT_FALSE(ParseSourcesJson("\xff\xfe").ok());
}

TEST(SourcesTest, AnnotationsJson) {
  auto a = ParseAnnotationsJson(R"([{"name": "accuracy", "score": 0.5}, {"name": "n", "text": "t"}])");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_EQ(a->size(), 2u);
  EXPECT_TRUE((*a)[0].has_score());
  EXPECT_FALSE((*a)[0].has_label());
  EXPECT_FALSE(ParseAnnotationsJson(R"({"record_id": "r", "annotations": []})").ok());
}

TEST(SourcesTest, MissingFileIsNotFound) {
  EXPECT_EQ(ReadTextFile("/nonexistent/file.json").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aqgate::cli
