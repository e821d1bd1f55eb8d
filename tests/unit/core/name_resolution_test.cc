// Names resolve exactly as the official SDKs do, and the cache behaves:
// one upstream request per warm name-addressed call, TTL, eviction, per-key
// isolation, single flight.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "service/core/name_resolver.h"
#include "service/upstream/status_payloads.h"
#include "tests/unit/core/core_test_server.h"

namespace aqgate::core::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::_;
using ::testing::InSequence;

v1::AnnotationQueue Queue(const std::string& id, const std::string& name) {
  v1::AnnotationQueue queue;
  queue.set_id(id);
  queue.set_name(name);
  queue.set_space_id("sp-team-a");
  return queue;
}

class NameResolutionTest : public CoreServiceTest {
 protected:
  // Space "team-a" over two pages, among substring matches.
  void ExpectSpaceLookup() {
    EXPECT_CALL(api_, ListSpaces(_, _, _))
        .WillOnce([](auto&&, upstream::ListSpacesParams params,
                     upstream::Callback<upstream::SpacePage> done) {
          EXPECT_EQ(params.name, "team-a");
          EXPECT_EQ(params.cursor, "");
          std::move(done)(upstream::SpacePage{{{"sp-x", "team-a-dev"}, {"sp-y", "Team-A"}}, "p2"});
        })
        .WillOnce([](auto&&, upstream::ListSpacesParams params,
                     upstream::Callback<upstream::SpacePage> done) {
          EXPECT_EQ(params.cursor, "p2");
          std::move(done)(upstream::SpacePage{{{"sp-team-a", "team-a"}}, ""});
        });
  }
  // Queue "q" in sp-team-a over two pages, among substring matches.
  void ExpectQueueLookup(const std::string& id = "q-id") {
    EXPECT_CALL(api_, ListQueues(_, _, _))
        .WillOnce([](auto&&, upstream::ListQueuesParams params,
                     upstream::Callback<upstream::QueuePage> done) {
          EXPECT_EQ(params.space_id, "sp-team-a");
          EXPECT_EQ(params.name, "q");
          std::move(done)(upstream::QueuePage{{Queue("q-other", "Q"), Queue("q-2", "q2")}, "n"});
        })
        .WillOnce([id](auto&&, upstream::ListQueuesParams params,
                       upstream::Callback<upstream::QueuePage> done) {
          EXPECT_EQ(params.cursor, "n");
          std::move(done)(upstream::QueuePage{{Queue(id, "q")}, ""});
        });
  }
  void ExpectGet(const std::string& id, int times = 1) {
    EXPECT_CALL(api_, GetQueue(_, id, _))
        .Times(times)
        .WillRepeatedly([](auto&&, std::string id, upstream::Callback<v1::AnnotationQueue> done) {
          std::move(done)(Queue(id, "q"));
        });
  }
  grpc::Status GetByName(const std::string& key = "", std::string* id = nullptr) {
    v1::GetAnnotationQueueRequest request;
    request.mutable_queue()->set_name("q");
    request.mutable_queue()->mutable_space()->set_name("team-a");
    grpc::ClientContext context;
    if (!key.empty()) context.AddMetadata("authorization", "Bearer " + key);
    v1::GetAnnotationQueueResponse response;
    grpc::Status status = stub().GetAnnotationQueue(&context, request, &response);
    if (id != nullptr) *id = response.annotation_queue().id();
    return status;
  }
  grpc::Status DeleteByName(std::string* deleted_id) {
    v1::DeleteAnnotationQueueRequest request;
    request.mutable_queue()->set_name("q");
    request.mutable_queue()->mutable_space()->set_name("team-a");
    grpc::ClientContext context;
    v1::DeleteAnnotationQueueResponse response;
    grpc::Status status = stub().DeleteAnnotationQueue(&context, request, &response);
    *deleted_id = response.annotation_queue_id();
    return status;
  }
  // Queue "q" of space "team-a", by name, changed as `request` says.
  grpc::Status UpdateByName(v1::UpdateAnnotationQueueRequest request,
                            std::string* updated_id = nullptr) {
    request.mutable_queue()->set_name("q");
    request.mutable_queue()->mutable_space()->set_name("team-a");
    grpc::ClientContext context;
    v1::UpdateAnnotationQueueResponse response;
    grpc::Status status = stub().UpdateAnnotationQueue(&context, request, &response);
    if (updated_id != nullptr) *updated_id = response.annotation_queue().id();
    return status;
  }
  void ExpectUpdate(const std::string& id, const std::string& name_after) {
    EXPECT_CALL(api_, UpdateQueue(_, id, _, _))
        .WillOnce([id, name_after](auto&&, auto&&, auto&&,
                                   upstream::Callback<v1::AnnotationQueue> done) {
          std::move(done)(Queue(id, name_after));
        });
  }
  // The calls of a first GetByName: "q" in "team-a" resolves to q-id. Set
  // every expectation of a test before its first call, in an InSequence
  // (gMock's rule: no new expectation while server threads use the mock).
  void ExpectWarmUpOfQ() {
    ExpectSpaceLookup();
    ExpectQueueLookup();
    ExpectGet("q-id");
  }
  // Warms "q" up to q-id, then Gets it by name while the upstream answers
  // `cached_now` for q-id and "q" now names q-new: the answer is q-new.
  void ExpectGetLooksUpAgainWhenTheCachedQueueIs(
      absl::StatusOr<v1::AnnotationQueue> cached_now) {
    InSequence order;
    ExpectWarmUpOfQ();
    ExpectCheckOfCachedQueue(std::move(cached_now));
    ExpectQueueLookup("q-new");
    ExpectGet("q-new");
    ASSERT_TRUE(GetByName().ok());
    std::string id;
    ASSERT_TRUE(GetByName("", &id).ok());
    EXPECT_EQ(id, "q-new");
  }
  // The one GET that checks a cached queue, answering `answer`.
  void ExpectCheckOfCachedQueue(absl::StatusOr<v1::AnnotationQueue> answer) {
    EXPECT_CALL(api_, GetQueue(_, "q-id", _))
        .WillOnce([answer](auto&&, auto&&, upstream::Callback<v1::AnnotationQueue> done) {
          std::move(done)(answer);
        });
  }
  void ExpectDelete(const std::string& id) {
    EXPECT_CALL(api_, DeleteQueue(_, id, _)).WillOnce([](auto&&, auto&&, auto done) {
      std::move(done)(absl::OkStatus());
    });
  }
};

TEST_F(NameResolutionTest, ExactMatchAcrossPagesThenWarmCallCostsOneRequest) {
  LogCapture logs;
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id", 2);
  std::string id;
  ASSERT_TRUE(GetByName("", &id).ok());
  EXPECT_EQ(id, "q-id");
  ASSERT_TRUE(logs.WaitFor({"method=GetAnnotationQueue", "upstream_calls=5"}));
  ASSERT_TRUE(GetByName().ok());  // StrictMock: only GetQueue is allowed now
  ASSERT_TRUE(logs.WaitFor({"method=GetAnnotationQueue", "upstream_calls=1"}));
}

TEST_F(NameResolutionTest, TtlExpiryLooksUpAgain) {
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id", 2);
  ASSERT_TRUE(GetByName().ok());
  clock_.Advance(absl::Seconds(59));
  ASSERT_TRUE(GetByName().ok());  // still cached
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  clock_.Advance(absl::Seconds(2));
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id");
  ASSERT_TRUE(GetByName().ok());
}

TEST_F(NameResolutionTest, ZeroTtlDisablesTheCache) {
  CoreOptions options;
  options.name_cache_ttl = absl::ZeroDuration();
  ExpectSpaceLookup();  // before the server's threads exist (gMock's rule)
  ExpectQueueLookup();
  ExpectGet("q-id");
  StartServer(options);
  ASSERT_TRUE(GetByName().ok());
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id");
  ASSERT_TRUE(GetByName().ok());
}

TEST_F(NameResolutionTest, EachKeyResolvesForItself) {
  LogCapture logs;
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id");
  ASSERT_TRUE(GetByName("key-a").ok());
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id", 2);
  ASSERT_TRUE(GetByName("key-b").ok());
  ASSERT_TRUE(GetByName("key-a").ok());  // still warm for key-a: one request
  for (const std::string& line : logs.Lines()) {
    EXPECT_THAT(line, ::testing::Not(::testing::HasSubstr("key-a")));
  }
}

TEST_F(NameResolutionTest, DeleteEvicts) {
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectDelete("q-id");
  std::string deleted;
  ASSERT_TRUE(DeleteByName(&deleted).ok());
  EXPECT_EQ(deleted, "q-id");
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  // The space stays cached; the queue name is looked up again (a new queue
  // of that name now exists).
  ExpectQueueLookup("q-new");
  ExpectGet("q-new");
  std::string id;
  ASSERT_TRUE(GetByName("", &id).ok());
  EXPECT_EQ(id, "q-new");
}

TEST_F(NameResolutionTest, RenameEvicts) {
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectUpdate("q-id", "renamed");
  v1::UpdateAnnotationQueueRequest rename;
  rename.set_name("renamed");
  ASSERT_TRUE(UpdateByName(rename).ok());
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ExpectQueueLookup("q-new");
  ExpectGet("q-new");
  ASSERT_TRUE(GetByName().ok());
}

// A delete by a cached name first checks, with one GET, that the cached
// queue still has that name; when it does, the delete goes to it.
TEST_F(NameResolutionTest, ADeleteByAWarmNameChecksTheCachedQueueFirst) {
  LogCapture logs;
  ExpectSpaceLookup();
  ExpectQueueLookup();
  ExpectGet("q-id", 2);
  ExpectDelete("q-id");
  ASSERT_TRUE(GetByName().ok());
  std::string deleted;
  ASSERT_TRUE(DeleteByName(&deleted).ok());
  EXPECT_EQ(deleted, "q-id");
  ASSERT_TRUE(logs.WaitFor({"method=DeleteAnnotationQueue", "upstream_calls=2"}));
}

// The cached queue was renamed elsewhere and a new queue took its name: the
// delete goes to the new queue, never to the renamed one (StrictMock).
TEST_F(NameResolutionTest, ADeleteByAStaleNameLooksTheNameUpAgain) {
  InSequence order;
  ExpectWarmUpOfQ();
  ExpectCheckOfCachedQueue(Queue("q-id", "q-renamed-elsewhere"));
  ExpectQueueLookup("q-new");
  ExpectDelete("q-new");
  ASSERT_TRUE(GetByName().ok());
  std::string deleted;
  ASSERT_TRUE(DeleteByName(&deleted).ok());
  EXPECT_EQ(deleted, "q-new");
}

// The cached queue was deleted elsewhere: the name is looked up again.
TEST_F(NameResolutionTest, AnUpdateByANameWhoseQueueIsGoneLooksTheNameUpAgain) {
  InSequence order;
  ExpectWarmUpOfQ();
  ExpectCheckOfCachedQueue(absl::NotFoundError("no such queue"));
  ExpectQueueLookup("q-new");
  ExpectUpdate("q-new", "q");
  ASSERT_TRUE(GetByName().ok());
  v1::UpdateAnnotationQueueRequest change;
  change.set_instructions("new");
  std::string updated;
  ASSERT_TRUE(UpdateByName(change, &updated).ok());
  EXPECT_EQ(updated, "q-new");
}

// Get shows a stale cached name by itself (the queue answered has another
// name, or is gone): it looks the name up again, once, and answers the
// queue that has the name now.
TEST_F(NameResolutionTest, AGetByAStaleNameAnswersTheQueueNamedNow) {
  ExpectGetLooksUpAgainWhenTheCachedQueueIs(Queue("q-id", "q-renamed-elsewhere"));
}

TEST_F(NameResolutionTest, AGetByANameWhoseQueueIsGoneAnswersTheQueueNamedNow) {
  ExpectGetLooksUpAgainWhenTheCachedQueueIs(absl::NotFoundError("deleted elsewhere"));
}

// Record RPCs trust a warm name: one upstream request, as a read.
TEST_F(NameResolutionTest, ARecordRpcByAWarmNameCostsOneRequest) {
  LogCapture logs;
  ExpectWarmUpOfQ();
  EXPECT_CALL(api_, AssignRecord(_, "q-id", "rec-1", _, _))
      .WillOnce([](auto&&, auto&&, auto&&, auto&&,
                   upstream::Callback<v1::AssignRecordResponse> done) {
        std::move(done)(v1::AssignRecordResponse());
      });
  ASSERT_TRUE(GetByName().ok());
  v1::AssignRecordRequest request;
  request.mutable_queue()->set_name("q");
  request.mutable_queue()->mutable_space()->set_name("team-a");
  request.set_record_id("rec-1");
  grpc::ClientContext context;
  v1::AssignRecordResponse response;
  ASSERT_TRUE(stub().AssignRecord(&context, request, &response).ok());
  ASSERT_TRUE(logs.WaitFor({"method=AssignRecord", "upstream_calls=1"}));
}

TEST_F(NameResolutionTest, AmbiguousSpaceNamesTheCandidates) {
  EXPECT_CALL(api_, ListSpaces(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(upstream::SpacePage{{{"sp-1", "team-a"}}, "p2"});
      })
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(upstream::SpacePage{{{"sp-2", "team-a"}}, ""});
      });
  grpc::Status status = GetByName();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("sp-1, sp-2"));
  std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "AMBIGUOUS_NAME");
  EXPECT_EQ(info->metadata().at("candidates"), "sp-1,sp-2");
}

TEST_F(NameResolutionTest, AmbiguousQueue) {
  ExpectSpaceLookup();
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        std::move(done)(upstream::QueuePage{{Queue("q-1", "q"), Queue("q-2", "q")}, ""});
      });
  grpc::Status status = GetByName();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorInfoOf(status)->metadata().at("candidates"), "q-1,q-2");
}

TEST_F(NameResolutionTest, NotFoundIsNotCached) {
  EXPECT_CALL(api_, ListSpaces(_, _, _))
      .Times(2)
      .WillRepeatedly([](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(upstream::SpacePage{{{"sp-x", "team-a-dev"}}, ""});
      });
  for (int i = 0; i < 2; ++i) {
    grpc::Status status = GetByName();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(ErrorInfoOf(status)->reason(), "SPACE_NOT_FOUND");
  }
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ExpectSpaceLookup();
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        std::move(done)(upstream::QueuePage{{Queue("q-1", "Q")}, ""});
      });
  grpc::Status status = GetByName();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorInfoOf(status)->reason(), "QUEUE_NOT_FOUND");
  // The space is named the way the caller named it, with its ID.
  EXPECT_EQ(status.error_message(), "no queue is named \"q\" in space \"team-a\" (sp-team-a)");
  EXPECT_EQ(ErrorInfoOf(status)->metadata().at("space_name"), "team-a");
  EXPECT_EQ(ErrorInfoOf(status)->metadata().at("space_id"), "sp-team-a");
}

TEST_F(NameResolutionTest, UpstreamErrorDuringLookupPassesThrough) {
  EXPECT_CALL(api_, ListSpaces(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(absl::PermissionDeniedError("no access"));
      });
  EXPECT_EQ(GetByName().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// A lookup's rejected query names the reference the caller gave, not the
// upstream's query parameter (nor the RPC's own page fields).
TEST_F(NameResolutionTest, AnUpstreamErrorOfALookupNamesTheReference) {
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        std::move(done)(UpstreamInvalidFields({"space_id"}));
      });
  EXPECT_CALL(api_, ListSpaces(_, _, _))
      .Times(2)
      .WillRepeatedly([](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(UpstreamInvalidFields({"name"}));
      });
  v1::GetAnnotationQueueRequest by_name;
  by_name.mutable_queue()->set_name("q");
  by_name.mutable_queue()->mutable_space()->set_id("garbage");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  grpc::Status status = stub().GetAnnotationQueue(&context, by_name, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestFields(status), ::testing::ElementsAre("queue.space"));
  EXPECT_EQ(ErrorInfoOf(status)->metadata().at("name_lookup"), "queue");

  status = GetByName();
  EXPECT_THAT(BadRequestFields(status), ::testing::ElementsAre("queue.space.name"));
  EXPECT_EQ(ErrorInfoOf(status)->metadata().at("name_lookup"), "queue.space");
  v1::ListAnnotationQueuesRequest list;
  list.mutable_space()->set_name("team-a");
  grpc::ClientContext list_context;
  v1::ListAnnotationQueuesResponse listed;
  status = stub().ListAnnotationQueues(&list_context, list, &listed);
  EXPECT_THAT(BadRequestFields(status), ::testing::ElementsAre("space.name"));
}

// An upstream whose cursors never end must not keep a lookup walking
// forever: a repeated cursor stops at once, fresh ones after 1,000 pages.
TEST_F(NameResolutionTest, CursorsThatNeverEndStopTheLookup) {
  EXPECT_CALL(api_, ListSpaces(_, _, _))
      .Times(2)
      .WillRepeatedly([](auto&&, upstream::ListSpacesParams,
                         upstream::Callback<upstream::SpacePage> done) {
        std::move(done)(upstream::SpacePage{{{"sp-other", "other"}}, "same"});
      });
  grpc::Status status = GetByName();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(ErrorInfoOf(status)->reason(), "UPSTREAM_PAGINATION");

  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ExpectSpaceLookup();
  int pages = 0;
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillRepeatedly([&pages](auto&&, upstream::ListQueuesParams,
                               upstream::Callback<upstream::QueuePage> done) {
        ++pages;
        std::move(done)(upstream::QueuePage{{Queue("q-2", "q2")}, absl::StrCat("c", pages)});
      });
  status = GetByName();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(ErrorInfoOf(status)->reason(), "UPSTREAM_PAGINATION");
  EXPECT_EQ(pages, 1000);
}

TEST_F(NameResolutionTest, IdsPassThroughWithoutLookup) {
  ExpectGet("opaque==id");
  v1::GetAnnotationQueueRequest request;
  request.mutable_queue()->set_id("opaque==id");
  request.mutable_queue()->mutable_space()->set_name("ignored");
  grpc::ClientContext context;
  v1::GetAnnotationQueueResponse response;
  EXPECT_TRUE(stub().GetAnnotationQueue(&context, request, &response).ok());
}

// Resolver-level: concurrent cold lookups of one name share one walk.
TEST(NameResolverTest, ConcurrentColdLookupsShareOneFlight) {
  ::testing::StrictMock<testing_util::MockArizeApi> api;
  upstream::Callback<upstream::SpacePage> held;
  EXPECT_CALL(api, ListSpaces(_, _, _))
      .WillOnce([&](auto&&, auto&&, upstream::Callback<upstream::SpacePage> done) {
        held = std::move(done);
      });
  NameResolver resolver(&api, absl::Seconds(60), nullptr);
  v1::SpaceRef ref;
  ref.set_name("team-a");
  upstream::CallContext ctx;
  std::vector<std::pair<std::string, int>> results;
  for (int i = 0; i < 3; ++i) {
    resolver.ResolveSpace(ctx, ref, [&](absl::StatusOr<std::string> id, int calls) {
      results.emplace_back(id.value_or("error"), calls);
    });
  }
  EXPECT_TRUE(results.empty());
  std::move(held)(upstream::SpacePage{{{"sp-1", "team-a"}}, ""});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0], std::make_pair(std::string("sp-1"), 1));
  EXPECT_EQ(results[1], std::make_pair(std::string("sp-1"), 0));
  EXPECT_EQ(results[2], std::make_pair(std::string("sp-1"), 0));
}

// An eviction while a lookup is in flight keeps its (maybe stale) result
// out of the cache.
TEST(NameResolverTest, EvictionDuringFlightIsNotUndone) {
  ::testing::StrictMock<testing_util::MockArizeApi> api;
  upstream::Callback<upstream::QueuePage> held;
  EXPECT_CALL(api, ListQueues(_, _, _))
      .WillOnce([&](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        held = std::move(done);
      })
      .WillOnce([&](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        std::move(done)(upstream::QueuePage{{Queue("q-new", "q")}, ""});
      });
  NameResolver resolver(&api, absl::Seconds(60), nullptr);
  v1::QueueRef ref;
  ref.set_name("q");
  ref.mutable_space()->set_id("sp-team-a");
  std::vector<std::string> ids;
  auto collect = [&](absl::StatusOr<std::string> id, int) { ids.push_back(id.value_or("error")); };
  constexpr NameResolver::CachedName kTrust = NameResolver::CachedName::kTrust;
  resolver.ResolveQueue(upstream::CallContext(), ref, kTrust, collect);
  resolver.EvictQueue("q-old");
  std::move(held)(upstream::QueuePage{{Queue("q-old", "q")}, ""});
  resolver.ResolveQueue(upstream::CallContext(), ref, kTrust, collect);
  EXPECT_EQ(ids, (std::vector<std::string>{"q-old", "q-new"}));
}

}  // namespace
}  // namespace aqgate::core::testing
