#include "service/upstream/retrying_transport.h"

#include <optional>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/status_payloads.h"
#include "tests/testing_util/fake_scheduler.h"
#include "tests/testing_util/mock_http_transport.h"

namespace aqgate::upstream {
namespace {

using ::aqgate::testing_util::FailWith;
using ::aqgate::testing_util::FakeScheduler;
using ::aqgate::testing_util::MockHttpTransport;
using ::aqgate::testing_util::RespondWith;
using ::testing::_;
using ::testing::ElementsAre;

// An outcome of one attempt: an HTTP status, or a transport error reason.
struct Outcome {
  const char* name;
  int http_status;             // 0 = transport error
  const char* reason;          // for transport errors
  bool retry_if_idempotent;
  bool retry_if_not_idempotent;
};

absl::Status TransportError(const char* reason) {
  return GatewayError(absl::StatusCode::kUnavailable, reason, "boom");
}

class RetryTest : public ::testing::Test {
 protected:
  RetryTest()
      : retrying_(&transport_, &scheduler_,
                  RetryOptions{4, BackoffOptions{absl::Milliseconds(100), absl::Seconds(1), 2.0},
                               absl::Seconds(60)},
                  [] { return 0.5; }) {}

  // Sends and runs timers until done; returns the result.
  absl::StatusOr<HttpResponse> Run(Idempotency idempotency,
                                   absl::Time deadline = absl::InfiniteFuture(),
                                   std::shared_ptr<Cancellation> cancellation = nullptr) {
    HttpRequest request;
    request.method = idempotency == Idempotency::kIdempotent ? HttpMethod::kGet : HttpMethod::kPost;
    request.url = "http://upstream/v2/annotation-queues";
    request.idempotency = idempotency;
    std::optional<absl::StatusOr<HttpResponse>> result;
    int calls = 0;
    retrying_.Send(request, deadline, std::move(cancellation),
                   [&](absl::StatusOr<HttpResponse> r) {
                     ++calls;
                     result = std::move(r);
                   });
    scheduler_.RunAll();
    EXPECT_EQ(calls, 1);
    return result.value_or(absl::InternalError("never completed"));
  }

  MockHttpTransport transport_;
  FakeScheduler scheduler_;
  RetryingTransport retrying_;
};

class RetryRuleTest : public RetryTest, public ::testing::WithParamInterface<Outcome> {
 protected:
  void Expect(bool idempotent_call) {
    const Outcome& outcome = GetParam();
    const bool retried = idempotent_call ? outcome.retry_if_idempotent : outcome.retry_if_not_idempotent;
    auto& expectation = EXPECT_CALL(transport_, Send(_, _, _, _));
    if (outcome.http_status != 0) {
      expectation.WillOnce(RespondWith(outcome.http_status));
    } else {
      expectation.WillOnce(FailWith(TransportError(outcome.reason)));
    }
    if (retried) expectation.WillOnce(RespondWith(200, "ok"));
    auto result = Run(idempotent_call ? Idempotency::kIdempotent : Idempotency::kNonIdempotent);
    if (retried) {
      ASSERT_TRUE(result.ok());
      EXPECT_EQ(result->status, 200);
      EXPECT_EQ(result->attempts, 2);
      EXPECT_THAT(scheduler_.waits(), ElementsAre(absl::Milliseconds(50)));
    } else {
      EXPECT_THAT(scheduler_.waits(), ElementsAre());
      if (outcome.http_status != 0) {
        ASSERT_TRUE(result.ok());
        EXPECT_EQ(result->status, outcome.http_status);
        EXPECT_EQ(result->attempts, 1);
      } else {
        EXPECT_EQ(ErrorReason(result.status()), outcome.reason);
        EXPECT_EQ(GetDetail<google::rpc::ErrorInfo>(result.status())->metadata().at("attempts"), "1");
      }
    }
  }
};

INSTANTIATE_TEST_SUITE_P(
    Decision5, RetryRuleTest,
    ::testing::Values(Outcome{"Http429", 429, "", true, true},
                      Outcome{"Http502", 502, "", true, false},
                      Outcome{"Http503", 503, "", true, false},
                      Outcome{"Http504", 504, "", true, false},
                      Outcome{"Http500", 500, "", false, false},
                      Outcome{"Http501", 501, "", false, false},
                      Outcome{"Http400", 400, "", false, false},
                      Outcome{"Http401", 401, "", false, false},
                      Outcome{"Http403", 403, "", false, false},
                      Outcome{"Http404", 404, "", false, false},
                      Outcome{"Http409", 409, "", false, false},
                      Outcome{"Http422", 422, "", false, false},
                      Outcome{"ConnectFailed", 0, kReasonConnectFailed, true, true},
                      Outcome{"ConnectionBroken", 0, kReasonConnectionError, true, false},
                      Outcome{"AttemptTimeout", 0, kReasonTimeout, true, false},
                      Outcome{"TlsError", 0, kReasonTlsError, false, false},
                      Outcome{"ResponseTooLarge", 0, kReasonResponseTooLarge, false, false},
                      Outcome{"Cancelled", 0, kReasonCancelled, false, false}),
    [](const ::testing::TestParamInfo<Outcome>& info) { return info.param.name; });

TEST_P(RetryRuleTest, IdempotentCall) { Expect(true); }
TEST_P(RetryRuleTest, NonIdempotentCall) { Expect(false); }

TEST_F(RetryTest, ExponentialBackoffWithJitterUntilAttemptsRunOut) {
  EXPECT_CALL(transport_, Send(_, _, _, _)).Times(4).WillRepeatedly(RespondWith(503));
  auto result = Run(Idempotency::kIdempotent);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(result->attempts, 4);
  // Ceilings 100, 200, 400 ms, times the injected jitter 0.5.
  EXPECT_THAT(scheduler_.waits(),
              ElementsAre(absl::Milliseconds(50), absl::Milliseconds(100), absl::Milliseconds(200)));
}

TEST_F(RetryTest, RetryAfterSecondsWinsOverBackoff) {
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(RespondWith(503, "", {{"retry-after", "3"}}))
      .WillOnce(RespondWith(429, "", {{"retry-after", "0"}}))
      .WillOnce(RespondWith(200));
  const absl::Time start = scheduler_.Now();
  auto result = Run(Idempotency::kIdempotent);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 3);
  EXPECT_THAT(scheduler_.waits(), ElementsAre(absl::Seconds(3)));  // "0" asks for no wait
  EXPECT_EQ(scheduler_.Now() - start, absl::Seconds(3));
}

TEST_F(RetryTest, RetryAfterDateWins) {
  const std::string date = absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT",
                                            scheduler_.Now() + absl::Seconds(12), absl::UTCTimeZone());
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(RespondWith(429, "", {{"retry-after", date}}))
      .WillOnce(RespondWith(201));
  auto result = Run(Idempotency::kNonIdempotent);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 201);
  EXPECT_THAT(scheduler_.waits(), ElementsAre(absl::Seconds(12)));
}

TEST_F(RetryTest, MalformedRetryAfterFallsBackToBackoff) {
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(RespondWith(503, "", {{"retry-after", "soon"}}))
      .WillOnce(RespondWith(200));
  ASSERT_TRUE(Run(Idempotency::kIdempotent).ok());
  EXPECT_THAT(scheduler_.waits(), ElementsAre(absl::Milliseconds(50)));
}

TEST_F(RetryTest, RetryAfterBeyondTheLimitIsNotWaitedFor) {
  EXPECT_CALL(transport_, Send(_, _, _, _)).WillOnce(RespondWith(429, "", {{"retry-after", "61"}}));
  auto result = Run(Idempotency::kIdempotent);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 429);
  EXPECT_THAT(scheduler_.waits(), ElementsAre());
}

TEST_F(RetryTest, NeverWaitsPastTheDeadline) {
  EXPECT_CALL(transport_, Send(_, _, _, _)).WillOnce(RespondWith(503, "", {{"retry-after", "5"}}));
  auto result = Run(Idempotency::kIdempotent, scheduler_.Now() + absl::Seconds(5));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 503);  // the last answer, not a made-up timeout
  EXPECT_THAT(scheduler_.waits(), ElementsAre());
}

TEST_F(RetryTest, RetriesWhileTheDeadlineAllows) {
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(RespondWith(503))   // then wait 50ms (t=50)
      .WillOnce(RespondWith(503))   // then wait 100ms (t=150)
      .WillOnce(RespondWith(503));  // next wait 200ms would end at 350 > 300: stop
  auto result = Run(Idempotency::kIdempotent, scheduler_.Now() + absl::Milliseconds(300));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 3);
}

TEST_F(RetryTest, DeadlineIsPassedToEveryAttempt) {
  const absl::Time deadline = scheduler_.Now() + absl::Seconds(30);
  EXPECT_CALL(transport_, Send(_, deadline, _, _))
      .WillOnce(RespondWith(502))
      .WillOnce(RespondWith(200));
  ASSERT_TRUE(Run(Idempotency::kIdempotent, deadline).ok());
}

TEST_F(RetryTest, CancelDuringBackoffEndsTheCallWithoutAnotherAttempt) {
  auto cancellation = std::make_shared<Cancellation>();
  EXPECT_CALL(transport_, Send(_, _, _, _)).WillOnce(RespondWith(503, "", {{"retry-after", "30"}}));
  std::optional<absl::StatusOr<HttpResponse>> result;
  HttpRequest request;
  retrying_.Send(request, absl::InfiniteFuture(), cancellation,
                 [&](absl::StatusOr<HttpResponse> r) { result = std::move(r); });
  EXPECT_FALSE(result.has_value());
  cancellation->Cancel();
  ASSERT_TRUE(scheduler_.RunNext());  // the cancel notice runs before the 30 s timer
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(scheduler_.Now() - absl::FromUnixSeconds(1767225600), absl::ZeroDuration());
  scheduler_.RunAll();  // the stale timer must not start an attempt
}

TEST_F(RetryTest, FinishedCallsForgetTheirCancellationListener) {
  auto cancellation = std::make_shared<Cancellation>();
  EXPECT_CALL(transport_, Send(_, _, _, _))
      .WillOnce(RespondWith(200))
      .WillOnce(RespondWith(503))
      .WillOnce(RespondWith(200))
      .WillOnce(RespondWith(400));
  EXPECT_TRUE(Run(Idempotency::kIdempotent, absl::InfiniteFuture(), cancellation).ok());
  EXPECT_EQ(cancellation->pending_listeners(), 0u);
  EXPECT_TRUE(Run(Idempotency::kIdempotent, absl::InfiniteFuture(), cancellation).ok());  // retried
  EXPECT_EQ(cancellation->pending_listeners(), 0u);
  EXPECT_EQ(Run(Idempotency::kIdempotent, absl::InfiniteFuture(), cancellation)->status, 400);
  EXPECT_EQ(cancellation->pending_listeners(), 0u);
}

TEST(CancellationTest, ForgottenListenersNeverRunAndLateOnesRunAtOnce) {
  Cancellation cancellation;
  int kept = 0, forgotten = 0, late = 0;
  const uint64_t keep_key = cancellation.OnCancel([&kept] { ++kept; });
  const uint64_t forget_key = cancellation.OnCancel([&forgotten] { ++forgotten; });
  EXPECT_NE(keep_key, forget_key);
  cancellation.Forget(forget_key);
  cancellation.Forget(12345);  // unknown: ignored
  EXPECT_EQ(cancellation.pending_listeners(), 1u);
  cancellation.Cancel();
  cancellation.Cancel();
  EXPECT_EQ(kept, 1);
  EXPECT_EQ(forgotten, 0);
  EXPECT_EQ(cancellation.OnCancel([&late] { ++late; }), 0u);
  EXPECT_EQ(late, 1);
  EXPECT_EQ(cancellation.pending_listeners(), 0u);
}

TEST_F(RetryTest, AlreadyCancelledCallNeverSends) {
  auto cancellation = std::make_shared<Cancellation>();
  cancellation->Cancel();
  EXPECT_CALL(transport_, Send(_, _, _, _)).Times(0);
  auto result = Run(Idempotency::kIdempotent, absl::InfiniteFuture(), cancellation);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled);
}

TEST_F(RetryTest, SchedulerShutdownDuringBackoffCancels) {
  EXPECT_CALL(transport_, Send(_, _, _, _)).WillOnce(RespondWith(503));
  std::optional<absl::StatusOr<HttpResponse>> result;
  retrying_.Send(HttpRequest{}, absl::InfiniteFuture(), nullptr,
                 [&](absl::StatusOr<HttpResponse> r) { result = std::move(r); });
  scheduler_.CancelAll();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status().code(), absl::StatusCode::kCancelled);
}

TEST_F(RetryTest, SingleAttemptConfigurationNeverRetries) {
  RetryingTransport once(&transport_, &scheduler_, RetryOptions{1, {}, absl::Seconds(60)}, [] { return 0.5; });
  EXPECT_CALL(transport_, Send(_, _, _, _)).WillOnce(RespondWith(503));
  std::optional<absl::StatusOr<HttpResponse>> result;
  once.Send(HttpRequest{}, absl::InfiniteFuture(), nullptr,
            [&](absl::StatusOr<HttpResponse> r) { result = std::move(r); });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ((*result)->status, 503);
}

}  // namespace
}  // namespace aqgate::upstream
