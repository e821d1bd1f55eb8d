// The emulator's RFC 3339 timestamps: what it writes, it parses back, and
// years before 1000 keep RFC 3339's four digits.
#include "tests/emulator/time_util.h"

#include "gtest/gtest.h"

namespace aqgate::emulator {
namespace {

TEST(TimeUtilTest, EarlyYearsAreZeroPadded) {
  struct Case {
    int64_t millis;
    const char* expected;
  };
  for (const Case& c : {Case{-62135596800000, "0001-01-01T00:00:00.000Z"},
                        Case{-30641760000000, "0999-01-01T00:00:00.000Z"},
                        Case{1772323200500, "2026-03-01T00:00:00.500Z"}}) {
    EXPECT_EQ(FormatRfc3339Millis(c.millis), c.expected);
    EXPECT_EQ(ParseRfc3339Millis(c.expected), c.millis) << c.expected;
  }
}

}  // namespace
}  // namespace aqgate::emulator
