// Shutdown under load: SIGTERM with 500 calls in flight against a slow
// upstream. Every call finishes (OK) or gets UNAVAILABLE; none hangs; the
// process exits 0 within the grace period.
#include <csignal>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "tests/integration/harness/stack.h"
#include "tests/reliability/process_stats.h"

namespace aqgate::testing {
namespace {

namespace v1 = ::aqgate::v1;

constexpr int kCalls = 500;
constexpr absl::Duration kGrace = absl::Seconds(3);

class ShutdownUnderLoadTest : public StackTest {};

TEST_F(ShutdownUnderLoadTest, SigtermWith500CallsInFlight) {
  StackOptions options;
  options.gateway_args = {absl::StrCat("--shutdown_grace=", absl::FormatDuration(kGrace))};
  StartStack(options);
  ASSERT_FALSE(HasFatalFailure());
  const int baseline_fds = ReadProcessStats(gateway().process().pid()).open_fds;
  Fault slow;
  slow.kind = "latency";
  slow.latency_ms = 1000;
  slow.count = 100000;
  ASSERT_TRUE(emulator().AddFault(slow).ok());

  auto stub = v1::AnnotationQueueService::NewStub(gateway().NewChannel());
  grpc::CompletionQueue cq;
  struct Call {
    grpc::ClientContext context;
    v1::GetAnnotationQueueResponse response;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<v1::GetAnnotationQueueResponse>> reader;
  };
  std::vector<std::unique_ptr<Call>> calls;
  v1::GetAnnotationQueueRequest request;
  *request.mutable_queue() = QueueById(SeedId("AnnotationQueue", 1));
  for (int i = 0; i < kCalls; ++i) {
    auto call = std::make_unique<Call>();
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    call->reader = stub->AsyncGetAnnotationQueue(&call->context, request, &cq);
    call->reader->Finish(&call->response, &call->status, call.get());
    calls.push_back(std::move(call));
  }
  // Readiness: the gateway holds its upstream connections open (one per
  // in-flight request, up to its per-host cap), i.e. the calls are in.
  ASSERT_TRUE(PollUntil(
      [&] { return ReadProcessStats(gateway().process().pid()).open_fds >= baseline_fds + 32; },
      absl::Seconds(30)))
      << "the calls never reached the upstream";

  const absl::Time signalled = absl::Now();
  gateway().process().Signal(SIGTERM);
  std::map<int, int> by_code;
  int completed = 0;
  void* tag;
  bool ok;
  const auto give_up = std::chrono::system_clock::now() + std::chrono::seconds(30);
  while (completed < kCalls &&
         cq.AsyncNext(&tag, &ok, give_up) == grpc::CompletionQueue::NextStatus::GOT_EVENT) {
    ++by_code[static_cast<Call*>(tag)->status.error_code()];
    ++completed;
  }
  const absl::Duration drained = absl::Now() - signalled;
  std::optional<int> exit_status = gateway().process().Wait(absl::Seconds(15));
  const absl::Duration exited = absl::Now() - signalled;
  std::string summary;
  for (const auto& [code, count] : by_code) absl::StrAppend(&summary, " code", code, "=", count);
  std::printf("shutdown: %d calls in flight, SIGTERM -> all answered in %s, exit in %s;%s\n",
              kCalls, absl::FormatDuration(drained).c_str(),
              absl::FormatDuration(exited).c_str(), summary.c_str());
  EXPECT_EQ(completed, kCalls) << "calls hung after SIGTERM";
  for (const auto& [code, count] : by_code) {
    EXPECT_THAT(code, ::testing::AnyOf(grpc::StatusCode::OK, grpc::StatusCode::UNAVAILABLE))
        << count << " calls ended with code " << code;
  }
  EXPECT_GT(by_code[grpc::StatusCode::OK], 0) << "no in-flight call was let finish";
  ASSERT_TRUE(exit_status.has_value()) << "the gateway did not exit";
  EXPECT_TRUE(WIFEXITED(*exit_status) && WEXITSTATUS(*exit_status) == 0)
      << DescribeWaitStatus(*exit_status);
  EXPECT_LT(exited, kGrace + absl::Seconds(2)) << "exit took longer than the grace period";
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

}  // namespace
}  // namespace aqgate::testing
