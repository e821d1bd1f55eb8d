// Contract tests for spaces and annotation queues, over a real socket.
#include <string>

#include "gtest/gtest.h"
#include "tests/emulator/emulator_fixture.h"

namespace aqgate::emulator {
namespace {

using json = nlohmann::json;

TEST_F(EmulatorTest, AuthIsRequiredAndKeysNeverEchoed) {
  HttpResult missing = Get("/v2/spaces", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.content_type, "application/problem+json");
  EXPECT_EQ(missing.json["status"], 401);
  EXPECT_EQ(missing.json["title"], "Authentication required");
  HttpResult wrong = Get("/v2/annotation-queues", "secret-wrong-key-123");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body.find("secret-wrong-key-123"), std::string::npos);
  EXPECT_EQ(Get("/v2/nothing-here").status, 404);
  EXPECT_EQ(Call("PUT", "/v2/spaces", "{}", kAlice).status, 0 + 405);
}

TEST_F(EmulatorTest, ListSpacesFiltersPagesAndHidesInaccessible) {
  HttpResult all = Get("/v2/spaces");
  ASSERT_EQ(all.status, 200);
  ASSERT_EQ(all.json["spaces"].size(), 3u);
  const json& space = all.json["spaces"][0];
  for (const char* key : {"id", "name", "description", "created_at", "is_private"}) {
    EXPECT_TRUE(space.contains(key)) << key;
  }
  EXPECT_EQ(all.json["pagination"]["has_more"], false);
  EXPECT_FALSE(all.json["pagination"].contains("next_cursor"));
  EXPECT_EQ(Get("/v2/spaces?name=DEMO-SPACE").json["spaces"].size(), 2u);
  HttpResult page = Get("/v2/spaces?limit=2");
  ASSERT_EQ(page.json["pagination"]["has_more"], true);
  HttpResult rest = Get("/v2/spaces?limit=2&cursor=" +
                        httplib::detail::encode_query_param(page.json["pagination"]["next_cursor"]));
  EXPECT_EQ(rest.json["spaces"].size(), 1u);
  EXPECT_EQ(Get("/v2/spaces", kBob).json["spaces"].size(), 2u);
  EXPECT_EQ(ProblemField(Get("/v2/spaces?limit=0")), "limit");
  EXPECT_EQ(ProblemField(Get("/v2/spaces?limit=101")), "limit");
  EXPECT_EQ(ProblemField(Get("/v2/spaces?cursor=garbage")), "cursor");
}

TEST_F(EmulatorTest, CreateQueueReturnsTheDocumentedShape) {
  json body = CreateBody("review");
  body["instructions"] = "Be strict.";
  HttpResult created = Post("/v2/annotation-queues", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json& q = created.json;
  EXPECT_EQ(q["name"], "review");
  EXPECT_EQ(q["space_id"], SpaceId("demo-space"));
  EXPECT_EQ(q["instructions"], "Be strict.");
  ASSERT_EQ(q["annotation_configs"].size(), 3u);
  EXPECT_EQ(q["annotation_configs"][0]["type"], "CATEGORICAL");
  EXPECT_EQ(q["annotation_configs"][0]["values"][0]["label"], "correct");
  EXPECT_EQ(q["annotation_configs"][1]["type"], "CONTINUOUS");
  EXPECT_EQ(q["annotation_configs"][1]["maximum_score"], 10);
  EXPECT_EQ(q["annotation_configs"][2]["type"], "FREEFORM");
  EXPECT_EQ(q["annotators"][1]["email"], "bob@example.com");
  EXPECT_TRUE(q["annotators"][1].contains("id"));
  EXPECT_TRUE(q.contains("created_at"));
  EXPECT_TRUE(q.contains("updated_at"));
  EXPECT_EQ(Get(QueuePath(q["id"])).json, q);
}

TEST_F(EmulatorTest, CreateQueueValidatesEveryField) {
  struct Case {
    const char* what;
    json patch;
    int status;
    const char* field;
  };
  const std::string other_config = ConfigId("other-space", "accuracy");
  const Case cases[] = {
      {"no name", {{"name", nullptr}}, 400, "name"},
      {"empty name", {{"name", ""}}, 400, "name"},
      {"long name", {{"name", std::string(256, 'x')}}, 400, "name"},
      {"long instructions", {{"instructions", std::string(5001, 'x')}}, 400, "instructions"},
      {"no configs", {{"annotation_config_ids", json::array()}}, 400, "annotation_config_ids"},
      {"bad config id", {{"annotation_config_ids", {"nope"}}}, 400, "annotation_config_ids[0]"},
      {"config of another space", {{"annotation_config_ids", {other_config}}}, 422,
       "annotation_config_ids[0]"},
      {"no annotators", {{"annotator_emails", json::array()}}, 400, "annotator_emails"},
      {"unknown annotator", {{"annotator_emails", {"zed@example.com"}}}, 422,
       "annotator_emails[0]"},
      {"annotator without access", {{"annotator_emails", {"alice@example.com", "dave@example.com"}}},
       422, "annotator_emails[1]"},
      {"bad assignment", {{"assignment_method", "SOMETIMES"}}, 400, "assignment_method"},
      {"three sources", {{"record_sources", json::array({json::object(), json::object(), json::object()})}},
       400, "record_sources"},
      {"bad space id", {{"space_id", "not-an-id"}}, 400, "space_id"},
  };
  for (const Case& c : cases) {
    json body = CreateBody(std::string("q-") + c.what);
    for (auto it = c.patch.begin(); it != c.patch.end(); ++it) {
      if (it->is_null()) {
        body.erase(it.key());
      } else {
        body[it.key()] = it.value();
      }
    }
    HttpResult result = Post("/v2/annotation-queues", body);
    EXPECT_EQ(result.status, c.status) << c.what << ": " << result.body;
    EXPECT_EQ(ProblemField(result), c.field) << c.what;
    EXPECT_NE(result.json.value("detail", "").find(c.field), std::string::npos) << c.what;
  }
  EXPECT_EQ(Call("POST", "/v2/annotation-queues", "{not json", kAlice).status, 400);
  json other = CreateBody("x");
  other["space_id"] = SpaceId("other-space");
  other["annotation_config_ids"] = {other_config};
  EXPECT_EQ(Post("/v2/annotation-queues", other, kBob).status, 403);
  other["space_id"] = MintId("Space", 999);
  EXPECT_EQ(Post("/v2/annotation-queues", other).status, 404);
}

TEST_F(EmulatorTest, DuplicateNameIs409UntilTheQueueIsDeleted) {
  const std::string id = CreateQueue("dup");
  HttpResult again = Post("/v2/annotation-queues", CreateBody("dup"));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json["title"], "Resource conflict");
  // The same name in another space is fine.
  json other = CreateBody("dup");
  other["space_id"] = SpaceId("other-space");
  other["annotation_config_ids"] = {ConfigId("other-space", "notes")};
  other["annotator_emails"] = {"carol@example.com"};
  EXPECT_EQ(Post("/v2/annotation-queues", other).status, 201);
  EXPECT_EQ(Delete(QueuePath(id)).status, 204);
  EXPECT_EQ(Get(QueuePath(id)).status, 404);
  EXPECT_EQ(Delete(QueuePath(id)).status, 404);
  EXPECT_EQ(Post("/v2/annotation-queues", CreateBody("dup")).status, 201);
}

TEST_F(EmulatorTest, CreateAcceptsTheProseFormRecordsKeyAndLowerCaseAll) {
  json body = CreateBody("prose");
  body["assignment_method"] = "all";
  body["records"] = json::array({SpanSource(json::array({Spans()[0]["span_id"]}))});
  HttpResult created = Post("/v2/annotation-queues", body);
  ASSERT_EQ(created.status, 201) << created.body;
  HttpResult records = Get(QueuePath(created.json["id"]) + "/records");
  EXPECT_EQ(records.json["records"].size(), 1u);
}

TEST_F(EmulatorTest, ListQueuesIsNewestFirstFilteredAndPaged) {
  const std::string first = CreateQueue("Alpha Review");
  const std::string second = CreateQueue("beta review");
  const std::string third = CreateQueue("gamma");
  HttpResult all = Get("/v2/annotation-queues?space_name=demo-space");
  ASSERT_EQ(all.status, 200);
  ASSERT_GE(all.json["annotation_queues"].size(), 4u);  // + the seeded bench-1k
  EXPECT_EQ(all.json["annotation_queues"][0]["id"], third);
  EXPECT_EQ(all.json["annotation_queues"][1]["id"], second);
  HttpResult named = Get("/v2/annotation-queues?name=REVIEW");
  ASSERT_EQ(named.json["annotation_queues"].size(), 2u);
  EXPECT_EQ(named.json["annotation_queues"][1]["id"], first);
  HttpResult page = Get("/v2/annotation-queues?limit=2");
  ASSERT_EQ(page.json["annotation_queues"].size(), 2u);
  ASSERT_EQ(page.json["pagination"]["has_more"], true);
  HttpResult next = Get("/v2/annotation-queues?limit=2&cursor=" +
                        httplib::detail::encode_query_param(page.json["pagination"]["next_cursor"]));
  EXPECT_EQ(next.json["annotation_queues"][0]["id"], first);
  EXPECT_EQ(Get("/v2/annotation-queues?space_id=" +
                httplib::detail::encode_query_param(SpaceId("demo-space-archive")))
                .json["annotation_queues"].size(), 0u);
  EXPECT_EQ(ProblemField(Get("/v2/annotation-queues?limit=101")), "limit");
  EXPECT_EQ(ProblemField(Get("/v2/annotation-queues?cursor=abc")), "cursor");
  EXPECT_EQ(ProblemField(Get("/v2/annotation-queues?space_id=abc")), "space_id");
  EXPECT_EQ(Get("/v2/annotation-queues?space_id=" +
                    httplib::detail::encode_query_param(SpaceId("other-space")), kBob).status,
            403);
}

TEST_F(EmulatorTest, UpdateReplacesListsAndClearsInstructions) {
  json body = CreateBody("upd");
  body["instructions"] = "old";
  const std::string id = Post("/v2/annotation-queues", body).json["id"];
  EXPECT_EQ(ProblemField(Patch(QueuePath(id), json::object())), "body");
  HttpResult renamed = Patch(QueuePath(id), {{"name", "upd2"},
                                             {"annotator_emails", {"carol@example.com"}},
                                             {"annotation_config_ids",
                                              {ConfigId("demo-space", "notes")}}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json["name"], "upd2");
  EXPECT_EQ(renamed.json["instructions"], "old");
  EXPECT_EQ(renamed.json["annotators"].size(), 1u);
  EXPECT_EQ(renamed.json["annotation_configs"].size(), 1u);
  EXPECT_GE(renamed.json["updated_at"].get<std::string>(), renamed.json["created_at"].get<std::string>());
  HttpResult cleared = Patch(QueuePath(id), {{"instructions", ""}});
  EXPECT_FALSE(cleared.json.contains("instructions")) << cleared.body;
  CreateQueue("taken");
  EXPECT_EQ(Patch(QueuePath(id), {{"name", "taken"}}).status, 409);
  EXPECT_EQ(ProblemField(Patch(QueuePath(id), {{"annotator_emails", {"dave@example.com"}}})),
            "annotator_emails[0]");
  EXPECT_EQ(ProblemField(Patch(QueuePath(id), {{"annotation_config_ids", json::array()}})),
            "annotation_config_ids");
}

TEST_F(EmulatorTest, QueueIdsArePercentDecodedExactlyOnce) {
  const std::string bench = Get("/v2/annotation-queues?name=bench-1k").json["annotation_queues"][0]["id"];
  ASSERT_NE(bench.find_first_of("+/"), std::string::npos) << bench;
  EXPECT_EQ(Get(QueuePath(bench)).status, 200);
  // Double-encoded: decoding once leaves "%2B", which is not the ID.
  std::string twice = QueuePath(bench);
  for (size_t pos = twice.find('%'); pos != std::string::npos; pos = twice.find('%', pos + 3)) {
    twice.replace(pos, 1, "%25");
  }
  EXPECT_EQ(Get(twice).status, 404);
  EXPECT_EQ(Get("/v2/annotation-queues/%zz").status, 400);
  EXPECT_EQ(Get("/v2/annotation-queues/" + MintId("AnnotationQueue", 4242)).status, 404);
  EXPECT_EQ(Get(QueuePath(SpaceId("demo-space"))).status, 404);  // wrong kind
  HttpResult log = Get("/_admin/requests");
  bool seen = false;
  for (const json& entry : log.json["requests"]) seen = seen || entry["path"] == QueuePath(bench);
  EXPECT_TRUE(seen);
}

TEST_F(EmulatorTest, EscapedLineBreaksAndNulInAnIdReachTheApiAndTheLog) {
  // Decoded, these paths hold \r, \n and \0; the API still answers them
  // (404 problem+json: no such queue) and the request log records them.
  for (const char* path : {"/v2/annotation-queues/a%0D%0AX-Injected%3A%201",
                           "/v2/annotation-queues/a%0Ab/records", "/v2/annotation-queues/a%00b"}) {
    SCOPED_TRACE(path);
    HttpResult result = Get(path);
    EXPECT_EQ(result.status, 404);
    EXPECT_EQ(result.content_type, "application/problem+json");
    HttpResult log = Get("/_admin/requests");
    bool seen = false;
    for (const json& entry : log.json["requests"]) seen = seen || entry["path"] == path;
    EXPECT_TRUE(seen) << log.body;
  }
}

TEST_F(EmulatorTest, ForbiddenWhenTheUserCannotReachTheSpace) {
  json body = CreateBody("private");
  body["space_id"] = SpaceId("other-space");
  body["annotation_config_ids"] = {ConfigId("other-space", "accuracy")};
  body["annotator_emails"] = {"dave@example.com"};
  const std::string id = Post("/v2/annotation-queues", body).json["id"];
  EXPECT_EQ(Get(QueuePath(id), kBob).status, 403);
  EXPECT_EQ(Patch(QueuePath(id), {{"name", "x"}}, kBob).status, 403);
  EXPECT_EQ(Get(QueuePath(id) + "/records", kBob).status, 403);
  EXPECT_EQ(Delete(QueuePath(id), nullptr, kBob).status, 403);
  EXPECT_EQ(Get(QueuePath(id), kDave).status, 200);
  const HttpResult bobs = Get("/v2/annotation-queues", kBob);
  for (const json& q : bobs.json["annotation_queues"]) {
    EXPECT_NE(q["id"], id);
  }
}

}  // namespace
}  // namespace aqgate::emulator
