// Abuse: callers and an upstream that misbehave on purpose. Oversized
// messages and metadata, deep and huge `data` structs from the upstream,
// thousands of streams opened and abandoned, clients that never read,
// invalid UTF-8, and IDs built to escape their path segment. After each,
// the gateway still serves, its fds and threads return to baseline, and no
// request reached an upstream path other than the intended one.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "service/upstream/url_builder.h"
#include "tests/integration/harness/stack.h"
#include "tests/reliability/fake_upstream.h"
#include "tests/reliability/process_stats.h"
#include "tests/reliability/rpc_catalog.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
using grpc::StatusCode;

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && std::atoi(value) > 0 ? std::atoi(value) : fallback;
}

class AbuseTest : public StackTest {
 protected:
  // The gateway answers a normal call from a new client. (A connection the
  // abuse was sent on may have been closed by gRPC's transport, and a call
  // racing that close fails with "Socket closed" while the gateway is fine.)
  void ExpectServing() {
    v1::GetAnnotationQueueRequest request;
    *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
    v1::GetAnnotationQueueResponse response;
    auto fresh = v1::AnnotationQueueService::NewStub(gateway().NewChannel());
    grpc::Status status = fresh->GetAnnotationQueue(Ctx().get(), request, &response);
    EXPECT_TRUE(status.ok()) << "gateway no longer serves: " << status.error_message();
  }

  // Waits until the gateway's fds and threads are back near `baseline`.
  void ExpectBackToBaseline(const ProcessStats& baseline, absl::Duration timeout) {
    ProcessStats now;
    const bool back = PollUntil(
        [&] {
          now = ReadProcessStats(gateway().process().pid());
          return now.open_fds <= baseline.open_fds + 4 && now.threads <= baseline.threads + 4;
        },
        timeout);
    EXPECT_TRUE(back) << "baseline " << DescribeStats(baseline) << ", now " << DescribeStats(now);
    std::printf("abuse: baseline %s, after %s\n", DescribeStats(baseline).c_str(),
                DescribeStats(now).c_str());
  }
};

TEST_F(AbuseTest, OversizedMessagesAndMetadataAreRejectedCleanly) {
  StartStack();
  ASSERT_FALSE(HasFatalFailure());
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(gateway().target(),
                                           grpc::InsecureChannelCredentials(), args);
  auto big_stub = v1::AnnotationQueueService::NewStub(channel);
  // A 16 MiB request: past the server's receive limit.
  v1::CreateAnnotationQueueRequest request = NewQueueRequest("huge");
  request.set_instructions(std::string(16 << 20, 'x'));
  v1::CreateAnnotationQueueResponse response;
  grpc::Status status = big_stub->CreateAnnotationQueue(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  // Many small fields adding up (100k annotator emails).
  v1::CreateAnnotationQueueRequest many = NewQueueRequest("many");
  for (int i = 0; i < 100000; ++i) many.add_annotator_emails(absl::StrCat("u", i, "@x.test"));
  status = big_stub->CreateAnnotationQueue(Ctx().get(), many, &response);
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT) << status.error_message();
  // 1 MiB of metadata: refused by the transport, never reaches a handler.
  auto context = Ctx();
  context->AddMetadata("x-junk", std::string(1 << 20, 'j'));
  v1::GetAnnotationQueueRequest get;
  *get.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  v1::GetAnnotationQueueResponse got;
  status = stub().GetAnnotationQueue(context.get(), get, &got);
  EXPECT_FALSE(status.ok());
  // An authorization value of 64 KiB.
  auto long_key = Ctx();
  long_key->AddMetadata("authorization", absl::StrCat("Bearer ", std::string(64 << 10, 'k')));
  status = stub().GetAnnotationQueue(long_key.get(), get, &got);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr("kkkkkkkk")));
  ExpectServing();
}

TEST_F(AbuseTest, InvalidUtf8InStringsIsRejected) {
  StartStack();
  ASSERT_FALSE(HasFatalFailure());
  // Serialized by hand (the C++ runtime would refuse): a Get request whose
  // queue.id (field 1 of field 1) is not UTF-8.
  const std::string bad_id = "\xff\xfe\xc3\x28";
  std::string inner = absl::StrCat(std::string(1, '\x0a'), std::string(1, bad_id.size()), bad_id);
  std::string raw = absl::StrCat(std::string(1, '\x0a'), std::string(1, inner.size()), inner);
  grpc::GenericStub generic(gateway().NewChannel());
  grpc::ByteBuffer reply;
  grpc::Slice slice(raw);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&context, "/aqgate.v1.AnnotationQueueService/GetAnnotationQueue",
                    grpc::StubOptions(), &request, &reply, [&](grpc::Status s) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(s);
                      done = true;
                      cv.notify_all();
                    });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
  }
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.error_code(), StatusCode::UNKNOWN) << status.error_message();
  for (const LoggedRequest& r : UpstreamRequests()) {
    EXPECT_THAT(r.path, ::testing::Not(::testing::HasSubstr("%FF"))) << "invalid UTF-8 went upstream";
  }
  ExpectServing();
}

TEST_F(AbuseTest, HostileIdsNeverLeaveTheirPathSegment) {
  StartStack();
  ASSERT_FALSE(HasFatalFailure());
  const std::vector<std::string> ids = {
      "..", ".", "../../_admin/faults", "..%2F..%2F_admin%2Frequests", "a/b", "a?b=c", "a#b",
      "a b", "a\r\nX-Injected: 1", std::string("a\0b", 3), "%00", "%2e%2e", "\\..\\..",
      "http://evil.test/", "//evil.test/x", ";a=b", "a%", "~!$&'()*+,;=:@"};
  const Target real = MakeTarget(stub(), "hostile-target");
  int calls = 0;
  for (const std::string& id : ids) {
    SCOPED_TRACE(absl::StrCat("id '", id, "'"));
    for (Rpc rpc : {Rpc::kGetQueue, Rpc::kDeleteQueue, Rpc::kAnnotateRecord, Rpc::kListRecords}) {
      // Hostile queue IDs, and a hostile record ID in a real queue.
      for (const Target& target : {Target{id, "r"}, Target{real.queue_id, id}}) {
        if (rpc != Rpc::kAnnotateRecord && target.queue_id == real.queue_id) continue;
        ClearUpstreamRequests();
        CallOptions options;
        grpc::Status status = CallRpc(stub(), rpc, target, options);
        ++calls;
        EXPECT_NE(status.error_code(), StatusCode::OK);
        const UpstreamRoute route = RouteOf(rpc, target);
        std::vector<LoggedRequest> requests = UpstreamRequests();
        if (status.error_code() == StatusCode::INVALID_ARGUMENT) {
          EXPECT_THAT(requests, ::testing::IsEmpty()) << "rejected, yet sent upstream";
        } else {
          // Exactly one request, and its path splits into exactly the
          // intended segments once decoded: the ID stayed in its segment.
          ASSERT_EQ(requests.size(), 1u) << status.error_message();
          EXPECT_EQ(requests[0].method, route.method);
          EXPECT_TRUE(Matches(route, requests[0].method, requests[0].path))
              << "the ID left its path segment: sent " << requests[0].path << ", meant "
              << DescribeRoute(route);
        }
      }
    }
  }
  std::printf("abuse: %d calls with %zu hostile IDs, all on their intended path\n", calls,
              ids.size());
  ExpectServing();
}

std::string DeepData(int depth) {
  std::string nested;
  for (int i = 0; i < depth; ++i) nested += "{\"k\":";
  nested += "1";
  for (int i = 0; i < depth; ++i) nested += "}";
  return nested;
}

std::string RecordPage(const std::string& data_json) {
  return absl::StrCat(
      "{\"records\":[{\"id\":\"r1\",\"annotation_queue_id\":\"q\",\"source_type\":\"SPANS\","
      "\"data\":",
      data_json,
      ",\"annotations\":[],\"trace_annotations\":[],\"evaluations\":[],\"assigned_users\":[]}],"
      "\"pagination\":{\"has_more\":false}}");
}

TEST_F(AbuseTest, DeepOrHugeDataFromTheUpstreamIsACleanError) {
  struct Case {
    const char* name;
    std::string body;
    std::vector<StatusCode> allowed;
  };
  std::string wide = "{";
  for (int i = 0; i < 200000; ++i) absl::StrAppend(&wide, i ? "," : "", "\"key", i, "\":", i);
  wide += "}";
  const std::vector<Case> cases = {
      {"depth 100000", RecordPage(DeepData(100000)), {StatusCode::INTERNAL}},
      {"depth 65", RecordPage(DeepData(65)), {StatusCode::INTERNAL, StatusCode::OK}},
      {"200k keys", RecordPage(wide), {StatusCode::OK, StatusCode::RESOURCE_EXHAUSTED}},
      {"10 MiB string", RecordPage(absl::StrCat("{\"s\":\"", std::string(10 << 20, 'a'), "\"}")),
       {StatusCode::RESOURCE_EXHAUSTED, StatusCode::OK}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    absl::StatusOr<std::unique_ptr<FakeUpstream>> fake = FakeUpstream::Start(c.body);
    ASSERT_TRUE(fake.ok()) << fake.status();
    StackOptions options;
    options.upstream_url_override = (*fake)->base_url();
    StartGateway(options);
    ASSERT_FALSE(HasFatalFailure());
    for (Rpc rpc : {Rpc::kListRecords, Rpc::kStreamRecords}) {
      grpc::Status status = CallRpc(stub(), rpc, Target{"q", "r1"}, CallOptions{});
      EXPECT_THAT(c.allowed, ::testing::Contains(status.error_code()))
          << RpcName(rpc) << ": " << status.error_code() << " " << status.error_message();
    }
    EXPECT_TRUE(gateway().process().Running()) << "the gateway died";
    EXPECT_GE((*fake)->requests(), 2);
    gateway_.reset();
  }
}

// Opens `count` StreamRecords calls on a big queue without reading, then
// abandons them all (cancel), `batch` at a time in flight.
void OpenAndAbandonStreams(const std::shared_ptr<grpc::Channel>& channel, int count,
                           absl::Duration hold) {
  auto stub = v1::AnnotationQueueService::NewStub(channel);
  grpc::CompletionQueue cq;
  struct Call {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientAsyncReader<v1::StreamRecordsResponse>> reader;
  };
  std::vector<std::unique_ptr<Call>> calls;
  calls.reserve(count);
  v1::StreamRecordsRequest request;
  *request.mutable_queue() = QueueByName("big-queue");
  request.set_page_size(100);
  for (int i = 0; i < count; ++i) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    call->reader = stub->AsyncStreamRecords(&call->context, request, &cq, call.get());
    calls.push_back(std::move(call));
  }
  // Every call started (tag of StartCall); then hold them unread.
  void* tag;
  bool ok;
  for (int i = 0; i < count; ++i) cq.Next(&tag, &ok);
  absl::SleepFor(hold);
  grpc::Status statuses;
  for (auto& call : calls) call->context.TryCancel();
  std::vector<grpc::Status> finished(count);
  for (int i = 0; i < count; ++i) calls[i]->reader->Finish(&finished[i], &finished[i]);
  for (int i = 0; i < count; ++i) cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(AbuseTest, ThousandsOfAbandonedStreamsAndNonReadingClientsLeaveNoTrace) {
  StackOptions options;
  options.seed = "it_big.json";
  StartStack(options);
  ASSERT_FALSE(HasFatalFailure());
  ExpectServing();
  const ProcessStats baseline = ReadProcessStats(gateway().process().pid());
  const int streams = EnvInt("AQGATE_ABUSE_STREAMS", 10000);
  const absl::Time start = absl::Now();
  // Clients that never read: a few channels, each with its share of streams.
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      grpc::ChannelArguments args;
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // own connection each
      auto channel = grpc::CreateCustomChannel(gateway().target(),
                                               grpc::InsecureChannelCredentials(), args);
      OpenAndAbandonStreams(channel, streams / 4, absl::Seconds(1));
    });
  }
  // Meanwhile, others are served.
  const Target other = MakeTarget(stub(), "served-meanwhile");
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(CallRpc(stub(), Rpc::kGetQueue, other, CallOptions{}).ok());
  }
  for (std::thread& t : clients) t.join();
  const absl::Duration took = absl::Now() - start;
  std::printf("abuse: %d streams opened, held unread and abandoned in %s\n", streams,
              absl::FormatDuration(took).c_str());
  EXPECT_LT(took, absl::Seconds(90));
  ExpectBackToBaseline(baseline, absl::Seconds(30));
  ExpectServing();
}

}  // namespace
}  // namespace aqgate::testing
