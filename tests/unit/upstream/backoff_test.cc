#include "service/upstream/backoff.h"

#include <gtest/gtest.h>

namespace aqgate::upstream {
namespace {

BackoffOptions Options() {
  return BackoffOptions{absl::Milliseconds(100), absl::Seconds(1), 2.0};
}

TEST(BackoffTest, CeilingDoublesUpToTheMaximum) {
  ExponentialBackoff backoff(Options(), [] { return 0.5; });
  EXPECT_EQ(backoff.Ceiling(1), absl::Milliseconds(100));
  EXPECT_EQ(backoff.Ceiling(2), absl::Milliseconds(200));
  EXPECT_EQ(backoff.Ceiling(3), absl::Milliseconds(400));
  EXPECT_EQ(backoff.Ceiling(4), absl::Milliseconds(800));
  EXPECT_EQ(backoff.Ceiling(5), absl::Seconds(1));
  EXPECT_EQ(backoff.Ceiling(500), absl::Seconds(1));
}

TEST(BackoffTest, FullJitterScalesTheCeiling) {
  double fraction = 0.0;
  ExponentialBackoff backoff(Options(), [&fraction] { return fraction; });
  EXPECT_EQ(backoff.Delay(3), absl::ZeroDuration());
  fraction = 0.25;
  EXPECT_EQ(backoff.Delay(3), absl::Milliseconds(100));
  fraction = 0.999;
  EXPECT_LT(backoff.Delay(3), absl::Milliseconds(400));
}

TEST(BackoffTest, OutOfRangeRandomIsClamped) {
  ExponentialBackoff backoff(Options(), [] { return 7.0; });
  EXPECT_EQ(backoff.Delay(1), absl::Milliseconds(100));
}

TEST(BackoffTest, DefaultRandomStaysInRange) {
  UniformRandom random = DefaultUniformRandom();
  for (int i = 0; i < 1000; ++i) {
    const double value = random();
    ASSERT_GE(value, 0.0);
    ASSERT_LT(value, 1.0);
  }
}

}  // namespace
}  // namespace aqgate::upstream
