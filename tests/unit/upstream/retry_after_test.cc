#include "service/upstream/retry_after.h"

#include <gtest/gtest.h>

namespace aqgate::upstream {
namespace {

// Sun, 06 Nov 1994 08:49:37 GMT
const absl::Time kNow = absl::FromUnixSeconds(784111777);

TEST(RetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("0", kNow), absl::ZeroDuration());
  EXPECT_EQ(ParseRetryAfter("3", kNow), absl::Seconds(3));
  EXPECT_EQ(ParseRetryAfter(" 120 ", kNow), absl::Seconds(120));
}

TEST(RetryAfterTest, ImfFixdate) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", kNow), absl::Seconds(10));
}

TEST(RetryAfterTest, ObsoleteRfc850Date) {
  EXPECT_EQ(ParseRetryAfter("Sunday, 06-Nov-94 08:49:42 GMT", kNow), absl::Seconds(5));
}

TEST(RetryAfterTest, ObsoleteAsctimeDate) {
  EXPECT_EQ(ParseRetryAfter("Sun Nov  6 08:49:57 1994", kNow), absl::Seconds(20));
}

TEST(RetryAfterTest, DateInThePastMeansNow) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:00:00 GMT", kNow), absl::ZeroDuration());
}

// One test per malformed form.
TEST(RetryAfterTest, RejectsEmpty) { EXPECT_EQ(ParseRetryAfter("", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsBlank) { EXPECT_EQ(ParseRetryAfter("   ", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsNegative) { EXPECT_EQ(ParseRetryAfter("-1", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsPlusSign) { EXPECT_EQ(ParseRetryAfter("+5", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsFraction) { EXPECT_EQ(ParseRetryAfter("1.5", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsUnits) { EXPECT_EQ(ParseRetryAfter("5s", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsHex) { EXPECT_EQ(ParseRetryAfter("0x10", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsInnerSpace) { EXPECT_EQ(ParseRetryAfter("1 0", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsOverflow) {
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsMoreThanAYear) {
  EXPECT_EQ(ParseRetryAfter("31536001", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsDateWithoutZone) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsDateWithOtherZone) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 PST", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsIsoDate) {
  EXPECT_EQ(ParseRetryAfter("1994-11-06T08:49:47Z", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsTrailingGarbageAfterDate) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT junk", kNow), std::nullopt);
}
TEST(RetryAfterTest, RejectsWords) { EXPECT_EQ(ParseRetryAfter("soon", kNow), std::nullopt); }
TEST(RetryAfterTest, RejectsImpossibleDate) {
  EXPECT_EQ(ParseRetryAfter("Sun, 32 Nov 1994 08:49:47 GMT", kNow), std::nullopt);
}

}  // namespace
}  // namespace aqgate::upstream
