// The fast record-page decoder (json_record_page.h) against the reference
// DOM decoder (DecodeRecordPageDom): on the emulator's real pages and on edge
// cases, DecodeRecordPage must give exactly the reference result -- the same
// records (compared as deterministic bytes, so -0, presence and every field
// count) or the same error status, message and details -- and the fast path
// must never accept a body the reference rejects.
#include "service/upstream/json_record_page.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "service/upstream/json_decode.h"
#include "service/upstream/json_parse.h"
#include "tests/emulator/api.h"
#include "tests/emulator/demo_seed.h"
#include "tests/emulator/seed_loader.h"
#include "tests/emulator/store.h"
#include "tests/testing_util/deterministic_bytes.h"

namespace aqgate::upstream {
namespace {

using ::aqgate::testing_util::DeterministicBytes;


void ExpectSamePage(const RecordPage& actual, const RecordPage& expected) {
  EXPECT_EQ(actual.next_cursor, expected.next_cursor);
  ASSERT_EQ(actual.records.size(), expected.records.size());
  for (size_t i = 0; i < actual.records.size(); ++i) {
    EXPECT_EQ(DeterministicBytes(actual.records[i]), DeterministicBytes(expected.records[i]))
        << "record " << i << "\nactual:   " << actual.records[i].ShortDebugString()
        << "\nexpected: " << expected.records[i].ShortDebugString();
  }
}

enum class Path { kFast, kReference, kEither };

// DecodeRecordPage(body) is exactly the reference decoder's result, and
// `path` says which decoder produced it.
void ExpectSameAsReference(const std::string& body, Path path) {
  SCOPED_TRACE(body.size() < 400 ? body : body.substr(0, 400) + "...");
  const absl::StatusOr<RecordPage> reference = DecodeRecordPageDom(body);
  const absl::StatusOr<RecordPage> decoded = DecodeRecordPage(body);
  const std::optional<RecordPage> fast = TryDecodeRecordPage(body);
  if (path != Path::kEither) {
    EXPECT_EQ(fast.has_value(), path == Path::kFast);
  }
  if (!reference.ok()) {
    EXPECT_FALSE(fast.has_value()) << "the fast decoder accepted a body the reference rejects";
    EXPECT_EQ(decoded.status(), reference.status());  // code, message and payloads
    return;
  }
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ExpectSamePage(*decoded, *reference);
  if (fast.has_value()) ExpectSamePage(*fast, *reference);
}

std::string Page(absl::string_view records, absl::string_view rest = "") {
  return absl::StrCat(R"({"records":[)", records, "]", rest, "}");
}

std::string Record(absl::string_view extra) {
  return absl::StrCat(R"({"id":"r1","annotation_queue_id":"q1")", extra.empty() ? "" : ",", extra, "}");
}

std::string WithData(absl::string_view data) { return Page(Record(absl::StrCat(R"("data":)", data))); }

TEST(JsonRecordPageTest, RichRecordTakesTheFastPath) {
  ExpectSameAsReference(Page(R"({
    "id": "r1", "annotation_queue_id": "q1", "source_type": "SPANS", "granularity": "TRACE",
    "data": {"attributes.input.value": "hi", "n": 42, "neg": -7, "f": 0.25, "b": true, "c": false,
             "z": null, "edge": 9007199254740992, "big": 9007199254740993,
             "negbig": -9223372036854775808, "u64": 18446744073709551615,
             "nested": {"list": [1, "two", {"three": [3.5, [], {}]}], "empty": {}}},
    "annotations": [{"name": "quality", "score": 0.5, "label": "ok", "text": "fine",
                     "updated_at": "2026-03-01T10:00:00.123456789+02:00",
                     "annotator": {"id": "u1", "email": "a@x.com"}},
                    {"name": "bare"}],
    "trace_annotations": [{"name": "t", "score": -3}],
    "evaluations": [{"name": "e", "score": 1, "label": "pass", "explanation": "because"}],
    "assigned_users": [{"user": {"id": "u1", "email": "a@x.com"}, "completion_status": "COMPLETED"},
                       {"user": {"email": "b@x.com"}, "completion_status": "LATER"}]
  }, {"id": "r2", "annotation_queue_id": "q1", "source_type": "NEW_KIND", "granularity": null})",
                             R"(,"pagination": {"has_more": true, "next_cursor": "c/2+=="})"),
                        Path::kFast);
}

TEST(JsonRecordPageTest, UnicodeEscapes) {
  ExpectSameAsReference(WithData(R"({"\u00e9t\u00E9": "caf\u00e9 \ud83d\ude00 \u0000 \" \\ \/ \b\f\n\r\t",
                                     "raw": "√ 日本 😀", "k\u0065y": 1})"),
                        Path::kFast);
  ExpectSameAsReference(Page(Record(R"("i\u0064":"escaped id")")), Path::kFast);
  // Lone or reversed surrogates and raw invalid UTF-8: rejected by both.
  ExpectSameAsReference(WithData(R"({"s": "\ud800"})"), Path::kReference);
  ExpectSameAsReference(WithData(R"({"s": "\udc00\ud800"})"), Path::kReference);
  ExpectSameAsReference(WithData("{\"s\": \"\xff\"}"), Path::kReference);
  ExpectSameAsReference(WithData("{\"s\": \"\xc3\"}"), Path::kReference);
  ExpectSameAsReference(WithData("{\"s\": \"a\x01\"}"), Path::kReference);
  ExpectSameAsReference(WithData(R"({"s": "\x41"})"), Path::kReference);
}

TEST(JsonRecordPageTest, Numbers) {
  for (const char* number :
       {"0", "1", "-1", "0.1", "1E2", "1e-2", "-1.5e-7", "2.5E+3", "1e308", "1.7976931348623157e308",
        "4.9e-324", "1e-400", "9007199254740991", "-9007199254740992", "-9007199254740993",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615",
        "0.30000000000000004", "123456789.123456789e-5", "-0"}) {
    SCOPED_TRACE(number);
    ExpectSameAsReference(WithData(absl::StrCat(R"({"n":)", number, R"(,"l":[)", number, "]}")),
                          Path::kFast);
    ExpectSameAsReference(Page(Record(absl::StrCat(R"("annotations":[{"name":"a","score":)", number,
                                                   "}]"))),
                          Path::kFast);
  }
  // Left to the reference decoder: beyond 64 bits, a floating -0 (the
  // integer -0 is 0 in both), beyond the double range.
  for (const char* number : {"18446744073709551616", "-9223372036854775809",
                             "123456789012345678901234567890", "-0.0", "-0e5", "1e400",
                             "-1e400", "-1e-400"}) {
    SCOPED_TRACE(number);
    ExpectSameAsReference(WithData(absl::StrCat(R"({"n":)", number, "}")), Path::kReference);
    ExpectSameAsReference(Page(Record(absl::StrCat(R"("evaluations":[{"name":"e","score":)", number,
                                                   "}]"))),
                          Path::kReference);
  }
  // Not JSON numbers: rejected by both.
  for (const char* number : {"01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "-", "0x10"}) {
    SCOPED_TRACE(number);
    ExpectSameAsReference(WithData(absl::StrCat(R"({"n":)", number, "}")), Path::kReference);
  }
}

TEST(JsonRecordPageTest, NullsAreAbsent) {
  ExpectSameAsReference(Page(Record(R"("source_type":null,"granularity":null,"data":null,
      "annotations":null,"trace_annotations":null,"evaluations":null,"assigned_users":null)"),
                             R"(,"pagination":null)"),
                        Path::kFast);
  ExpectSameAsReference(Page(Record(R"("annotations":[{"name":"a","score":null,"label":null,"text":null,
      "updated_at":null,"annotator":null}],"evaluations":[{"name":"e","score":null,"label":null,
      "explanation":null}],"assigned_users":[{"user":{"id":null,"email":"a@x"},"completion_status":null}])"),
                             R"(,"pagination":{"has_more":null,"next_cursor":null})"),
                        Path::kFast);
  ExpectSameAsReference(Page(""), Path::kFast);
  ExpectSameAsReference(Page(Record(""), R"(,"pagination":{"has_more":false})"), Path::kFast);
  ExpectSameAsReference(Page(Record(""), R"(,"pagination":{"has_more":false,"next_cursor":""})"),
                        Path::kFast);
}

TEST(JsonRecordPageTest, UnknownMembersAreIgnored) {
  ExpectSameAsReference(
      absl::StrCat(R"({"future":{"a":[1,{"b":null}]},"records":[)",
                   Record(R"("extra":[true,{"x":"y"}],"annotations":[{"name":"a","mood":"good",
                       "annotator":{"email":"a@x","role":7}}],"assigned_users":[{"user":{"email":"e",
                       "z":[]},"completion_status":"PENDING","since":"2026"}])"),
                   R"(],"pagination":{"has_more":true,"next_cursor":"n","total":5},"zzz":1})"),
      Path::kFast);
}

TEST(JsonRecordPageTest, DuplicateKeysLastWins) {
  ExpectSameAsReference(Page(R"({"id":"first","id":"second","annotation_queue_id":"q",
      "data":{"a":{"x":1},"a":{"y":2},"b":[1],"b":"s"},"data":{"c":3},
      "annotations":[{"name":"one"}],"annotations":[{"name":"two"},{"name":"three"}]})"),
                        Path::kFast);
  ExpectSameAsReference(WithData(R"({"a":{"x":1,"x":{"deep":[1]}},"a":{"x":[2],"x":null}})"), Path::kFast);
  ExpectSameAsReference(Page(Record(R"("source_type":"SPANS","source_type":null)")), Path::kFast);
  ExpectSameAsReference(Page(R"({"id":"r","annotation_queue_id":"q","id":null})"), Path::kReference);
}

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonRecordPageTest, NestingDepthBoundIsTheReferences) {
  // The page object, "records", the record and "data" are 4 levels.
  ExpectSameAsReference(WithData(absl::StrCat(R"({"x":)", Nested(60), "}")), Path::kFast);
  ExpectSameAsReference(WithData(absl::StrCat(R"({"x":)", Nested(61), "}")), Path::kReference);
  ExpectSameAsReference(Page(Record(absl::StrCat(R"("unknown":)", Nested(61)))), Path::kFast);
  ExpectSameAsReference(Page(Record(absl::StrCat(R"("unknown":)", Nested(62)))), Path::kReference);
  ExpectSameAsReference(WithData(absl::StrCat(R"({"x":)", Nested(100000), "}")), Path::kReference);
}

TEST(JsonRecordPageTest, MissingOptionalMembers) {
  ExpectSameAsReference(Page(Record("")), Path::kFast);
  ExpectSameAsReference(Page(Record(R"("data":{})")), Path::kFast);
  ExpectSameAsReference(Page(Record(R"("annotations":[],"evaluations":[])")), Path::kFast);
  ExpectSameAsReference(Page(Record(R"("assigned_users":[{"user":{"email":"a@x"}}])")), Path::kFast);
}

TEST(JsonRecordPageTest, WrongTypesGiveTheReferenceError) {
  for (const std::string& body : std::vector<std::string>{
           R"({"pagination":{"has_more":false}})",
           R"({"records":{}})",
           R"({"records":"r"})",
           R"({"records":null})",
           R"({"records":[1]})",
           R"({"records":[null]})",
           Page(R"({"id":"r"})"),
           Page(R"({"id":5,"annotation_queue_id":"q"})"),
           Page(R"({"annotation_queue_id":"q"})"),
           Page(Record(R"("source_type":7)")),
           Page(Record(R"("granularity":["SPAN"])")),
           Page(Record(R"("data":[1])")),
           Page(Record(R"("data":"x")")),
           Page(Record(R"("annotations":{})")),
           Page(Record(R"("annotations":[1])")),
           Page(Record(R"("annotations":[{"score":1}])")),
           Page(Record(R"("annotations":[{"name":"a","score":"high"}])")),
           Page(Record(R"("annotations":[{"name":"a","score":true}])")),
           Page(Record(R"("annotations":[{"name":"a","label":1}])")),
           Page(Record(R"("annotations":[{"name":"a","text":{}}])")),
           Page(Record(R"("annotations":[{"name":"a","updated_at":"yesterday"}])")),
           Page(Record(R"("annotations":[{"name":"a","updated_at":5}])")),
           Page(Record(R"("annotations":[{"name":"a","annotator":"u1"}])")),
           Page(Record(R"("annotations":[{"name":"a","annotator":{"id":"u1"}}])")),
           Page(Record(R"("trace_annotations":[{"name":null}])")),
           Page(Record(R"("evaluations":[{"name":"e","label":false}])")),
           Page(Record(R"("evaluations":[{"name":"e","explanation":[]}])")),
           Page(Record(R"("assigned_users":[{"completion_status":"PENDING"}])")),
           Page(Record(R"("assigned_users":[{"user":{"email":"a"},"completion_status":1}])")),
           Page(Record(R"("assigned_users":"all")")),
           Page(Record(""), R"(,"pagination":[])"),
           Page(Record(""), R"(,"pagination":{"has_more":"yes"})"),
           Page(Record(""), R"(,"pagination":{"has_more":true})"),
           Page(Record(""), R"(,"pagination":{"has_more":true,"next_cursor":""})"),
           Page(Record(""), R"(,"pagination":{"has_more":false,"next_cursor":5})"),
           // Several errors at once: the reference decoder's order decides.
           Page(R"({"data":[],"annotations":5})"),
           Page(R"({"id":"r","annotation_queue_id":"q","assigned_users":5,"data":1})"),
       }) {
    ExpectSameAsReference(body, Path::kReference);
  }
}

TEST(JsonRecordPageTest, InvalidJsonGivesTheReferenceError) {
  for (const std::string& body : std::vector<std::string>{
           "", " ", "null", "[]", "\"records\"", "5", "{", R"({"records":[)", R"({"records":[]}x)",
           R"({"records":[],})", R"({"records":[1,]})", R"({records:[]})", R"({'records':[]})",
           R"({"records":[]} {})", R"({"records":[] /* c */})", Page(Record(R"("unknown":tru)")),
           Page(Record(R"("unknown":nul)")), Page(Record(R"("unknown":[1 2])")),
           Page(Record(R"("unknown":"\q")")), Page(Record(R"("unknown":"\u12")"))}) {
    ExpectSameAsReference(body, Path::kReference);
  }
  ExpectSameAsReference("\t\r\n " R"({"records":[]})" "\n", Path::kFast);
  // nlohmann reads a leading BOM as nothing and a NUL as the end of input;
  // whichever decoder takes these, the result is the reference's.
  for (const std::string& body :
       {std::string("\xef\xbb\xbf") + R"({"records":[]})", std::string(R"({"records":[]})") + '\0',
        std::string(R"({"records":[]})") + '\0' + "garbage"}) {
    ExpectSameAsReference(body, Path::kEither);
  }
}

// The emulator's own responses: every page of every queue in the demo seed.
emulator::ApiResponse Get(emulator::Api& api, std::vector<std::string> segments,
                          std::multimap<std::string, std::string> query) {
  return api.Handle(
      emulator::MakeGetRequest(std::move(segments), std::move(query), "Bearer ak-alice-demo-0001"));
}

TEST(JsonRecordPageTest, EmulatorPagesTakeTheFastPathAndMatch) {
  auto store = emulator::Store::Open(":memory:");
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE(emulator::LoadSeed(**store, emulator::BuildDemoSeed(60)).ok());  // = seed/demo.json
  emulator::Api api(**store);
  const emulator::ApiResponse queues = Get(api, {"v2", "annotation-queues"}, {{"limit", "100"}});
  ASSERT_EQ(queues.status, 200) << queues.body;
  const nlohmann::json list = nlohmann::json::parse(queues.body);
  int pages = 0;
  size_t records = 0;
  for (const nlohmann::json& queue : list.at("annotation_queues")) {
    std::string cursor;
    do {
      std::multimap<std::string, std::string> query = {{"limit", "300"}};
      if (!cursor.empty()) query.emplace("cursor", cursor);
      const emulator::ApiResponse page =
          Get(api, {"v2", "annotation-queues", queue.at("id").get<std::string>(), "records"}, query);
      ASSERT_EQ(page.status, 200) << page.body;
      ExpectSameAsReference(page.body, Path::kFast);
      absl::StatusOr<RecordPage> decoded = DecodeRecordPage(page.body);
      ASSERT_TRUE(decoded.ok()) << decoded.status();
      cursor = decoded->next_cursor;
      records += decoded->records.size();
      ++pages;
    } while (!cursor.empty());
  }
  EXPECT_GE(pages, 4);
  EXPECT_GE(records, 1000u);  // bench-1k alone has 1,000
}

}  // namespace
}  // namespace aqgate::upstream
