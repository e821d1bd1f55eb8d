// StreamRecords over a 10,000-record queue: completeness, resume from a
// mid-stream token, flow control with a slow reader, and cancellation
// stopping upstream fetching (judged by the emulator's request log).
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/stack.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;
constexpr int kRecords = 10000;
constexpr char kBigQueue[] = "big-queue";

class StreamRecordsTest : public StackTest {
 protected:
  void SetUp() override {
    StackOptions options;
    options.seed = "it_big.json";
    StartStack(options);
  }

  v1::StreamRecordsRequest Request(int page_size, int per_message, const std::string& token = "") {
    v1::StreamRecordsRequest request;
    *request.mutable_queue() = QueueByName(kBigQueue);
    request.set_page_size(page_size);
    request.set_max_records_per_message(per_message);
    request.set_resume_token(token);
    return request;
  }

  int ListRecordRequests() {
    int n = 0;
    for (const LoggedRequest& r : UpstreamRequests()) {
      if (r.method == "GET" && absl::EndsWith(r.path, "/records")) ++n;
    }
    return n;
  }
};

TEST_F(StreamRecordsTest, StreamsAllAndResumesFromAMidStreamToken) {
  auto context = Ctx("", "", absl::Seconds(60));
  auto reader = stub().StreamRecords(context.get(), Request(500, 250));
  v1::StreamRecordsResponse message;
  std::vector<std::string> ids;
  std::vector<std::pair<size_t, std::string>> tokens;  // (records so far, token)
  while (reader->Read(&message)) {
    for (const auto& r : message.records()) ids.push_back(r.id());
    tokens.emplace_back(ids.size(), message.resume_token());
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(ids.size(), static_cast<size_t>(kRecords));
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicates";

  // Resume from a token in the middle of an upstream page (message 13 of 40
  // ends at record 3250, inside page 7), with different page sizes.
  const auto& [done, token] = tokens[12];
  ASSERT_EQ(done, 3250u);
  auto resume_context = Ctx("", "", absl::Seconds(60));
  auto resumed = stub().StreamRecords(resume_context.get(), Request(300, 100, token));
  std::vector<std::string> rest;
  while (resumed->Read(&message)) {
    for (const auto& r : message.records()) rest.push_back(r.id());
  }
  status = resumed->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rest, std::vector<std::string>(ids.begin() + done, ids.end()));
}

TEST_F(StreamRecordsTest, SlowReaderKeepsTheGatewayAtMostAPageAhead) {
  // A client with a small, fixed HTTP/2 receive window (no BDP growth), so
  // what the transports may buffer is small next to a page (~100 KB).
  grpc::ChannelArguments args;
  args.SetInt("grpc.http2.bdp_probe", 0);
  args.SetInt("grpc.http2.lookahead_bytes", 16 * 1024);
  args.SetInt("grpc.use_local_subchannel_pool", 1);
  auto stub = v1::AnnotationQueueService::NewStub(
      grpc::CreateCustomChannel(gateway().target(), grpc::InsecureChannelCredentials(), args));
  ClearUpstreamRequests();
  auto context = Ctx();
  auto reader = stub->StreamRecords(context.get(), Request(100, 100));
  v1::StreamRecordsResponse message;
  ASSERT_TRUE(reader->Read(&message));
  // While the reader pauses, the gateway may fetch a page ahead, but it
  // must not walk the queue's 100 pages.
  absl::SleepFor(absl::Milliseconds(500));
  const int fetched = ListRecordRequests();
  std::cerr << "pages fetched while the client paused after 1 message: " << fetched << "\n";
  EXPECT_LE(fetched, 4) << "the gateway read ahead of a paused client";
  context->TryCancel();
  reader->Finish();
}

TEST_F(StreamRecordsTest, CancellationStopsUpstreamFetching) {
  ClearUpstreamRequests();
  auto context = Ctx();
  auto reader = stub().StreamRecords(context.get(), Request(100, 100));
  v1::StreamRecordsResponse message;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(reader->Read(&message));
  context->TryCancel();
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // Readiness signal: the gateway has logged the end of the stream.
  ASSERT_TRUE(PollUntil(
      [&] {
        const std::string log = gateway().Stderr();
        return absl::StrContains(log, "method=StreamRecords") &&
               absl::StrContains(log, "CANCELLED");
      },
      absl::Seconds(10)))
      << gateway().Stderr();
  const int after_cancel = ListRecordRequests();
  absl::SleepFor(absl::Milliseconds(400));  // nothing may happen in this window
  EXPECT_EQ(ListRecordRequests(), after_cancel) << "upstream fetching went on after cancel";
  EXPECT_LT(after_cancel, 10);
}

}  // namespace
}  // namespace aqgate::testing
