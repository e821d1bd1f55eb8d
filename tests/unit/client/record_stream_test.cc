// The resuming record range: transparent resume after UNAVAILABLE with no
// duplicate and no gap, bounded retries with the promised backoff, and no
// retry of errors that are not transient.
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aqgate/client/annotation_queue_client.h"
#include "fake_annotation_queue_service.h"

namespace aqgate::client {
namespace {

using ::testing::ElementsAre;

class RecordStreamTest : public ::testing::Test {
 protected:
  RecordStreamTest() {
    ClientOptions options;
    options.target = server_.target();
    client_ = std::make_unique<AnnotationQueueClient>(*AnnotationQueueClient::Create(options));
    stream_options_.jitter = false;
    stream_options_.sleep = [this](absl::Duration d) { sleeps_.push_back(d); };
  }
  v1::StreamRecordsRequest Request(const std::string& id) {
    v1::StreamRecordsRequest request;
    request.mutable_queue()->set_id(id);
    request.set_max_records_per_message(50);
    return request;
  }
  // Walks the range; returns the record IDs and the final error (OK if none).
  absl::Status Walk(Range<v1::Record> range, std::vector<std::string>* ids) {
    for (absl::StatusOr<v1::Record>& record : range) {
      if (!record.ok()) return record.status();
      ids->push_back(record->id());
    }
    return absl::OkStatus();
  }
  static std::vector<std::string> Expected(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) ids.push_back("rec-" + std::to_string(i));
    return ids;
  }

  testing::FakeServer server_;
  std::unique_ptr<AnnotationQueueClient> client_;
  RecordStreamOptions stream_options_;
  std::vector<absl::Duration> sleeps_;
};

TEST_F(RecordStreamTest, WalksEveryRecordInOrder) {
  std::string id = server_.service().AddQueue("q", 1234);
  std::vector<std::string> ids;
  ASSERT_TRUE(Walk(client_->StreamRecords(Request(id), stream_options_), &ids).ok());
  EXPECT_EQ(ids, Expected(1234));
  EXPECT_TRUE(sleeps_.empty());
}

TEST_F(RecordStreamTest, ResumesAfterUnavailableMidStreamWithoutDuplicateOrGap) {
  std::string id = server_.service().AddQueue("q", 1000);
  server_.service().FailStreams(2, 3);  // two streams break after 3 messages each
  int retries = 0;
  stream_options_.on_retry = [&](int, const absl::Status& s) {
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
    ++retries;
  };
  std::vector<std::string> ids;
  ASSERT_TRUE(Walk(client_->StreamRecords(Request(id), stream_options_), &ids).ok());
  EXPECT_EQ(ids, Expected(1000));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1000u);
  EXPECT_EQ(retries, 2);
  EXPECT_THAT(server_.service().stream_resume_tokens(),
              ElementsAre("", id + "|150", id + "|300"));
  // Progress before each failure resets the count: both are retry #1.
  EXPECT_THAT(sleeps_, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(100)));
}

TEST_F(RecordStreamTest, FailureBeforeAnyMessageRestartsFromTheGivenToken) {
  std::string id = server_.service().AddQueue("q", 200);
  server_.service().FailStreams(2, 0);
  v1::StreamRecordsRequest request = Request(id);
  request.set_resume_token(id + "|100");
  std::vector<std::string> ids;
  ASSERT_TRUE(Walk(client_->StreamRecords(request, stream_options_), &ids).ok());
  std::vector<std::string> expected = Expected(200);
  expected.erase(expected.begin(), expected.begin() + 100);
  EXPECT_EQ(ids, expected);
  EXPECT_THAT(server_.service().stream_resume_tokens(),
              ElementsAre(id + "|100", id + "|100", id + "|100"));
  EXPECT_THAT(sleeps_, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200)));
}

TEST_F(RecordStreamTest, GivesUpAfterTheRetryBudgetWithBackoffGrowingToTheCap) {
  std::string id = server_.service().AddQueue("q", 10);
  server_.service().FailStreams(100, 0);
  stream_options_.max_consecutive_retries = 4;
  stream_options_.max_backoff = absl::Milliseconds(300);
  std::vector<std::string> ids;
  absl::Status status = Walk(client_->StreamRecords(Request(id), stream_options_), &ids);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(ids.empty());
  EXPECT_EQ(server_.service().stream_resume_tokens().size(), 5u);
  EXPECT_THAT(sleeps_, ElementsAre(absl::Milliseconds(100), absl::Milliseconds(200),
                                   absl::Milliseconds(300), absl::Milliseconds(300)));
}

TEST_F(RecordStreamTest, NonTransientErrorsAreNotRetried) {
  std::string id = server_.service().AddQueue("q", 10);
  v1::StreamRecordsRequest request = Request(id);
  request.set_resume_token("not-a-token");
  std::vector<std::string> ids;
  absl::Status status = Walk(client_->StreamRecords(request, stream_options_), &ids);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(server_.service().stream_resume_tokens().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());

  std::vector<std::string> none;
  EXPECT_EQ(Walk(client_->StreamRecords(Request("missing"), stream_options_), &none).code(),
            absl::StatusCode::kNotFound);
}

TEST_F(RecordStreamTest, JitterStaysWithinHalfToFullBackoff) {
  std::string id = server_.service().AddQueue("q", 10);
  server_.service().FailStreams(3, 0);
  stream_options_.jitter = true;
  std::vector<std::string> ids;
  ASSERT_TRUE(Walk(client_->StreamRecords(Request(id), stream_options_), &ids).ok());
  ASSERT_EQ(sleeps_.size(), 3u);
  for (size_t i = 0; i < sleeps_.size(); ++i) {
    absl::Duration full = absl::Milliseconds(100) * (1 << i);
    EXPECT_GE(sleeps_[i], full / 2);
    EXPECT_LE(sleeps_[i], full);
  }
  EXPECT_EQ(ids.size(), 10u);
}

TEST_F(RecordStreamTest, AbandoningTheRangeEarlyCancelsCleanly) {
  std::string id = server_.service().AddQueue("q", 5000);
  int n = 0;
  {
    Range<v1::Record> range = client_->StreamRecords(Request(id), stream_options_);
    for (auto& record : range) {
      ASSERT_TRUE(record.ok());
      if (++n == 10) break;
    }
  }
  EXPECT_EQ(n, 10);
}

}  // namespace
}  // namespace aqgate::client
