// StreamRecords: every record exactly once over many pages, resume from
// every message's token, bad tokens, cancellation stops upstream fetching,
// flow control with a slow reader, mid-stream errors.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "service/core/resume_token.h"
#include "service/upstream/status_payloads.h"
#include "tests/unit/core/core_test_server.h"

namespace aqgate::core::testing {
namespace {

namespace v1 = ::aqgate::v1;
using ::testing::_;

// An upstream queue "q1" whose cursor is the offset of the page's first
// record.
class FakeRecords {
 public:
  explicit FakeRecords(int count, size_t data_bytes = 0) {
    for (int i = 0; i < count; ++i) {
      v1::Record record;
      record.set_id("r" + std::to_string(i));
      record.set_annotation_queue_id("q1");
      if (data_bytes > 0) {
        (*record.mutable_data()->mutable_fields())["blob"].set_string_value(
            std::string(data_bytes, 'x'));
      }
      records_.push_back(record);
    }
  }

  void Serve(const upstream::ListRecordsParams& params,
             upstream::Callback<upstream::RecordPage> done) {
    upstream::RecordPage page;
    {
      absl::MutexLock lock(&mu_);
      ++fetches_;
      size_t offset = 0;
      if (!params.cursor.empty()) {
        EXPECT_TRUE(absl::SimpleAtoi(params.cursor, &offset));
      }
      const size_t end = std::min(records_.size(), offset + static_cast<size_t>(params.limit));
      for (size_t i = offset; i < end; ++i) page.records.push_back(records_[i]);
      if (end < records_.size()) page.next_cursor = std::to_string(end);
    }
    std::move(done)(std::move(page));
  }

  void Erase(const std::string& id) {
    absl::MutexLock lock(&mu_);
    records_.erase(std::remove_if(records_.begin(), records_.end(),
                                  [&](const v1::Record& r) { return r.id() == id; }),
                   records_.end());
  }
  int fetches() {
    absl::MutexLock lock(&mu_);
    return fetches_;
  }

 private:
  absl::Mutex mu_;
  std::vector<v1::Record> records_;
  int fetches_ = 0;
};

struct StreamResult {
  std::vector<v1::StreamRecordsResponse> messages;
  grpc::Status status;
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const auto& m : messages) {
      for (const auto& r : m.records()) ids.push_back(r.id());
    }
    return ids;
  }
};

std::vector<std::string> IdRange(int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back("r" + std::to_string(i));
  return ids;
}

class StreamRecordsTest : public CoreServiceTest {
 protected:
  void ServeFrom(FakeRecords& fake) {
    EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
        .WillRepeatedly([&fake](auto&&, auto&&, upstream::ListRecordsParams params,
                                upstream::Callback<upstream::RecordPage> done) {
          fake.Serve(params, std::move(done));
        });
  }

  StreamResult Stream(int page_size, int per_message, const std::string& token = "") {
    v1::StreamRecordsRequest request;
    request.mutable_queue()->set_id("q1");
    request.set_page_size(page_size);
    request.set_max_records_per_message(per_message);
    request.set_resume_token(token);
    grpc::ClientContext context;
    auto reader = stub().StreamRecords(&context, request);
    StreamResult result;
    v1::StreamRecordsResponse message;
    while (reader->Read(&message)) result.messages.push_back(message);
    result.status = reader->Finish();
    return result;
  }
};

TEST_F(StreamRecordsTest, EveryRecordOnceAndResumeFromEveryToken) {
  FakeRecords fake(23);
  ServeFrom(fake);
  StreamResult all = Stream(5, 2);
  ASSERT_TRUE(all.status.ok()) << all.status.error_message();
  EXPECT_EQ(all.Ids(), IdRange(0, 23));
  EXPECT_EQ(all.messages.size(), 14u);  // 4 pages of 2+2+1, then 2+1
  EXPECT_EQ(fake.fetches(), 5);
  size_t delivered = 0;
  for (const v1::StreamRecordsResponse& message : all.messages) {
    EXPECT_EQ(message.annotation_queue_id(), "q1");
    EXPECT_GE(message.records_size(), 1);
    EXPECT_LE(message.records_size(), 2);
    delivered += message.records_size();
    StreamResult rest = Stream(5, 2, message.resume_token());
    ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
    EXPECT_EQ(rest.Ids(), IdRange(static_cast<int>(delivered), 23))
        << "resuming after record " << delivered;
  }
}

TEST_F(StreamRecordsTest, ResumeWithOtherPageSizesStillHasNoGapOrDuplicate) {
  FakeRecords fake(40);
  ServeFrom(fake);
  StreamResult first = Stream(7, 3);
  ASSERT_TRUE(first.status.ok());
  ASSERT_EQ(first.Ids(), IdRange(0, 40));
  // r0..r5 were delivered by the first two messages.
  StreamResult rest = Stream(11, 4, first.messages[1].resume_token());
  ASSERT_TRUE(rest.status.ok());
  EXPECT_EQ(rest.Ids(), IdRange(6, 40));
}

TEST_F(StreamRecordsTest, ResumeSkipsByRecordIdWhenEarlierRecordsWereDeleted) {
  FakeRecords fake(10);
  ServeFrom(fake);
  StreamResult first = Stream(10, 4);
  ASSERT_TRUE(first.status.ok());
  // After the first message (r0..r3), r1 is deleted: index 4 would now be r5.
  fake.Erase("r1");
  StreamResult rest = Stream(10, 4, first.messages[0].resume_token());
  ASSERT_TRUE(rest.status.ok());
  EXPECT_EQ(rest.Ids(), IdRange(4, 10));
}

TEST_F(StreamRecordsTest, DefaultsAreFiveHundredPerPageAndHundredPerMessage) {
  FakeRecords fake(250);
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillOnce([&fake](auto&&, auto&&, upstream::ListRecordsParams params,
                        upstream::Callback<upstream::RecordPage> done) {
        EXPECT_EQ(params.limit, 500);
        fake.Serve(params, std::move(done));
      });
  StreamResult all = Stream(0, 0);
  ASSERT_TRUE(all.status.ok());
  ASSERT_EQ(all.messages.size(), 3u);
  EXPECT_EQ(all.messages[0].records_size(), 100);
  EXPECT_EQ(all.messages[2].records_size(), 50);
}

TEST_F(StreamRecordsTest, EmptyQueueEndsWithoutMessages) {
  FakeRecords fake(0);
  ServeFrom(fake);
  StreamResult all = Stream(5, 2);
  EXPECT_TRUE(all.status.ok());
  EXPECT_TRUE(all.messages.empty());
}

// A stream's upstream cursor comes from its resume token, so an upstream
// complaint about "cursor" names resume_token.
TEST_F(StreamRecordsTest, AnUpstreamCursorErrorNamesTheResumeToken) {
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillOnce([](auto&&, auto&&, auto&&, upstream::Callback<upstream::RecordPage> done) {
        std::move(done)(UpstreamInvalidFields({"cursor"}));
      });
  StreamResult all = Stream(5, 2);
  EXPECT_EQ(all.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestFields(all.status), ::testing::ElementsAre("resume_token"));
}

TEST_F(StreamRecordsTest, TokenOfAnotherQueueIsRejected) {
  ResumeToken token;
  token.queue_id = "q-other";
  token.page_size = 5;
  const std::string text = EncodeResumeToken(token);
  StreamResult by_id = Stream(5, 2, text);  // StrictMock: no upstream call
  EXPECT_EQ(by_id.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestFields(by_id.status), ::testing::ElementsAre("resume_token"));

  // By name, the check happens after resolution, still before any fetch.
  EXPECT_CALL(api_, ListQueues(_, _, _))
      .WillOnce([](auto&&, auto&&, upstream::Callback<upstream::QueuePage> done) {
        v1::AnnotationQueue queue;
        queue.set_id("q1");
        queue.set_name("q");
        std::move(done)(upstream::QueuePage{{queue}, ""});
      });
  v1::StreamRecordsRequest request;
  request.mutable_queue()->set_name("q");
  request.mutable_queue()->mutable_space()->set_id("sp1");
  request.set_resume_token(text);
  grpc::ClientContext context;
  auto reader = stub().StreamRecords(&context, request);
  v1::StreamRecordsResponse message;
  EXPECT_FALSE(reader->Read(&message));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestFields(status), ::testing::ElementsAre("resume_token"));
}

TEST_F(StreamRecordsTest, MidStreamErrorEndsTheStreamAfterTheFetchedRecords) {
  FakeRecords fake(10);
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillOnce([&fake](auto&&, auto&&, upstream::ListRecordsParams params,
                        upstream::Callback<upstream::RecordPage> done) {
        fake.Serve(params, std::move(done));
      })
      .WillOnce([](auto&&, auto&&, auto&&, upstream::Callback<upstream::RecordPage> done) {
        absl::Status status = absl::UnavailableError("upstream 503");
        google::rpc::ErrorInfo info;
        info.set_domain(upstream::kDomainUpstream);
        info.set_reason("UPSTREAM_UNAVAILABLE");
        upstream::SetDetail(status, info);
        std::move(done)(status);
      });
  StreamResult result = Stream(4, 3);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ErrorInfoOf(result.status)->reason(), "UPSTREAM_UNAVAILABLE");
  EXPECT_EQ(result.Ids(), IdRange(0, 4));
  // The last token resumes where the error struck.
  ::testing::Mock::VerifyAndClearExpectations(&api_);
  ServeFrom(fake);
  StreamResult rest = Stream(4, 3, result.messages.back().resume_token());
  ASSERT_TRUE(rest.status.ok());
  EXPECT_EQ(rest.Ids(), IdRange(4, 10));
}

TEST_F(StreamRecordsTest, CancellationStopsFetchingAndAbortsTheInFlightPage) {
  LogCapture logs;
  FakeRecords fake(100);
  absl::Notification second_fetch_started;
  absl::Notification in_flight_cancelled;
  std::atomic<int> fetches{0};
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillRepeatedly([&](const upstream::CallContext& ctx, auto&&,
                          upstream::ListRecordsParams params,
                          upstream::Callback<upstream::RecordPage> done) {
        if (++fetches == 1) return fake.Serve(params, std::move(done));
        // Later pages hang until the call is cancelled.
        auto shared =
            std::make_shared<upstream::Callback<upstream::RecordPage>>(std::move(done));
        ctx.cancellation->OnCancel([shared, &in_flight_cancelled] {
          in_flight_cancelled.Notify();
          std::move(*shared)(absl::CancelledError("aborted"));
        });
        second_fetch_started.Notify();
      });
  v1::StreamRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_page_size(10);
  request.set_max_records_per_message(5);
  grpc::ClientContext context;
  auto reader = stub().StreamRecords(&context, request);
  v1::StreamRecordsResponse message;
  ASSERT_TRUE(reader->Read(&message));
  ASSERT_TRUE(second_fetch_started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  context.TryCancel();
  EXPECT_TRUE(in_flight_cancelled.WaitForNotificationWithTimeout(absl::Seconds(10)));
  while (reader->Read(&message)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // The server side ended (its log line is written when it finishes) with
  // no fetch after the cancelled one.
  ASSERT_TRUE(logs.WaitFor({"method=StreamRecords", "code=CANCELLED", "upstream_calls=2"}));
  EXPECT_EQ(fetches.load(), 2);
}

TEST_F(StreamRecordsTest, SlowReaderKeepsAtMostAboutTwoPagesBuffered) {
  // 60 pages of one 32 KiB record: far more than gRPC's flow-control
  // windows, so the gateway can only run ahead as far as it chooses to.
  constexpr int kPages = 60;
  FakeRecords fake(kPages, 32 * 1024);
  std::atomic<int> received{0};
  std::atomic<int> max_ahead{0};
  EXPECT_CALL(api_, ListRecords(_, "q1", _, _))
      .WillRepeatedly([&](auto&&, auto&&, upstream::ListRecordsParams params,
                          upstream::Callback<upstream::RecordPage> done) {
        const int ahead = fake.fetches() + 1 - received.load();
        int seen = max_ahead.load();
        while (ahead > seen && !max_ahead.compare_exchange_weak(seen, ahead)) {
        }
        fake.Serve(params, std::move(done));
      });
  v1::StreamRecordsRequest request;
  request.mutable_queue()->set_id("q1");
  request.set_page_size(1);
  // A client that lets the transport buffer little: no BDP-driven window
  // growth, a small read-ahead.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  std::unique_ptr<v1::AnnotationQueueService::Stub> slow_stub = NewStub(args);
  grpc::ClientContext context;
  auto reader = slow_stub->StreamRecords(&context, request);
  v1::StreamRecordsResponse message;
  while (reader->Read(&message)) {
    ++received;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));  // the slow reader
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(received.load(), kPages);
  // Pages fetched beyond what the client has read: the one being written,
  // the one ahead, and what gRPC's own windows hold (a few 32 KiB messages).
  EXPECT_LE(max_ahead.load(), 6) << "the gateway ran ahead of a slow reader";
}

}  // namespace
}  // namespace aqgate::core::testing
