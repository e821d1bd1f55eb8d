#include "service/upstream/url_builder.h"

#include <gtest/gtest.h>

namespace aqgate::upstream {
namespace {

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a/b?c#d%2F.."), "a%2Fb%3Fc%23d%252F..");
  EXPECT_EQ(PercentEncode("a+b=c d&e"), "a%2Bb%3Dc%20d%26e");
  EXPECT_EQ(PercentEncode("\xC3\xA9"), "%C3%A9");  // é as UTF-8
  EXPECT_EQ(PercentEncode(std::string("\0x", 2)), "%00x");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(UrlBuilderTest, EncodesEverySegmentAsOne) {
  UrlBuilder url("https://api.arize.com/");
  url.Path("v2/annotation-queues").Segment("a/b?c#d%2F..").Path("records").Segment("r 1+2=");
  EXPECT_EQ(url.url(),
            "https://api.arize.com/v2/annotation-queues/a%2Fb%3Fc%23d%252F../records/r%201%2B2%3D");
}

TEST(UrlBuilderTest, DotSegmentsCannotClimbThePath) {
  EXPECT_EQ(UrlBuilder("http://h").Path("v2/q").Segment("..").url(), "http://h/v2/q/%2E%2E");
  EXPECT_EQ(UrlBuilder("http://h").Path("v2/q").Segment(".").url(), "http://h/v2/q/%2E");
  EXPECT_EQ(UrlBuilder("http://h").Path("v2/q").Segment("...").url(), "http://h/v2/q/...");
}

TEST(UrlBuilderTest, EncodesQueryValuesAndSkipsEmptyOnes) {
  UrlBuilder url("http://127.0.0.1:8080/prefix");
  url.Path("v2/annotation-queues")
      .QueryIfNotEmpty("space_id", "")
      .Query("name", "my queue&x=1")
      .QueryIfNotEmpty("cursor", "abc/+=");
  EXPECT_EQ(url.url(),
            "http://127.0.0.1:8080/prefix/v2/annotation-queues?name=my%20queue%26x%3D1&cursor=abc%2F%2B%3D");
}

}  // namespace
}  // namespace aqgate::upstream
