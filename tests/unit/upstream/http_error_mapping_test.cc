#include "service/upstream/http_error_mapping.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "service/upstream/status_payloads.h"

namespace aqgate::upstream {
namespace {

struct Row {
  int http_status;
  absl::StatusCode code;
  const char* reason;
};

class HttpStatusRowTest : public ::testing::TestWithParam<Row> {};

// Every row of architecture decision 4, plus the by-class fallbacks.
INSTANTIATE_TEST_SUITE_P(
    Decision4, HttpStatusRowTest,
    ::testing::Values(Row{400, absl::StatusCode::kInvalidArgument, "UPSTREAM_BAD_REQUEST"},
                      Row{422, absl::StatusCode::kInvalidArgument, "UPSTREAM_VALIDATION_FAILED"},
                      Row{401, absl::StatusCode::kUnauthenticated, "UPSTREAM_UNAUTHENTICATED"},
                      Row{403, absl::StatusCode::kPermissionDenied, "UPSTREAM_PERMISSION_DENIED"},
                      Row{404, absl::StatusCode::kNotFound, "UPSTREAM_NOT_FOUND"},
                      Row{409, absl::StatusCode::kAlreadyExists, "UPSTREAM_CONFLICT"},
                      Row{429, absl::StatusCode::kResourceExhausted, "UPSTREAM_RATE_LIMITED"},
                      Row{500, absl::StatusCode::kInternal, "UPSTREAM_INTERNAL_ERROR"},
                      Row{501, absl::StatusCode::kUnimplemented, "UPSTREAM_NOT_IMPLEMENTED"},
                      Row{502, absl::StatusCode::kUnavailable, "UPSTREAM_BAD_GATEWAY"},
                      Row{503, absl::StatusCode::kUnavailable, "UPSTREAM_UNAVAILABLE"},
                      Row{504, absl::StatusCode::kDeadlineExceeded, "UPSTREAM_GATEWAY_TIMEOUT"},
                      Row{405, absl::StatusCode::kFailedPrecondition, "UPSTREAM_HTTP_405"},
                      Row{418, absl::StatusCode::kFailedPrecondition, "UPSTREAM_HTTP_418"},
                      Row{507, absl::StatusCode::kInternal, "UPSTREAM_HTTP_507"},
                      Row{302, absl::StatusCode::kUnknown, "UPSTREAM_HTTP_302"},
                      Row{101, absl::StatusCode::kUnknown, "UPSTREAM_HTTP_101"}),
    [](const ::testing::TestParamInfo<Row>& info) { return "Http" + std::to_string(info.param.http_status); });

TEST_P(HttpStatusRowTest, MapsCodeReasonAndMetadata) {
  HttpResponse response;
  response.status = GetParam().http_status;
  response.attempts = 3;
  response.body = R"({"status": 0, "title": "T", "detail": "D", "type": "urn:x", "instance": "/i/1"})";
  absl::Status status = StatusFromHttpResponse(response, ErrorContext{"req-7", absl::Now()});
  EXPECT_EQ(status.code(), GetParam().code);
  EXPECT_EQ(status.message(), "upstream returned HTTP " + std::to_string(GetParam().http_status) + " T: D");
  auto info = GetDetail<google::rpc::ErrorInfo>(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), GetParam().reason);
  EXPECT_EQ(info->domain(), "arize");
  const auto& metadata = info->metadata();
  EXPECT_EQ(metadata.at("http_status"), std::to_string(GetParam().http_status));
  EXPECT_EQ(metadata.at("problem_title"), "T");
  EXPECT_EQ(metadata.at("problem_detail"), "D");
  EXPECT_EQ(metadata.at("problem_type"), "urn:x");
  EXPECT_EQ(metadata.at("problem_instance"), "/i/1");
  EXPECT_EQ(metadata.at("request_id"), "req-7");
  EXPECT_EQ(metadata.at("attempts"), "3");
  EXPECT_FALSE(GetDetail<google::rpc::RetryInfo>(status).has_value());
  EXPECT_FALSE(GetDetail<google::rpc::BadRequest>(status).has_value());
}

TEST(HttpErrorMappingTest, UnreadableErrorBodyStillMapsByStatus) {
  for (const char* body : {"", "<html>bad gateway</html>", "[1,2]", "{\"title\": 5}", "{\"title\""}) {
    HttpResponse response;
    response.status = 404;
    response.body = body;
    absl::Status status = StatusFromHttpResponse(response, ErrorContext{"", absl::Now()});
    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << body;
    EXPECT_EQ(status.message(), "upstream returned HTTP 404") << body;
    auto info = GetDetail<google::rpc::ErrorInfo>(status);
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->metadata().count("problem_title"), 0u);
    EXPECT_EQ(info->metadata().count("request_id"), 0u);
  }
}

TEST(HttpErrorMappingTest, RetryAfterBecomesRetryInfo) {
  HttpResponse response;
  response.status = 429;
  response.headers = {{"retry-after", "7"}};
  absl::Status status = StatusFromHttpResponse(response, ErrorContext{"", absl::Now()});
  auto retry = GetDetail<google::rpc::RetryInfo>(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 7);
  EXPECT_EQ(retry->retry_delay().nanos(), 0);
}

TEST(HttpErrorMappingTest, RetryAfterDateBecomesRetryInfo) {
  HttpResponse response;
  response.status = 503;
  response.headers = {{"retry-after", "Sun, 06 Nov 1994 08:49:47 GMT"}};
  absl::Status status =
      StatusFromHttpResponse(response, ErrorContext{"", absl::FromUnixSeconds(784111777)});
  auto retry = GetDetail<google::rpc::RetryInfo>(status);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 10);
}

TEST(HttpErrorMappingTest, MalformedRetryAfterGivesNoRetryInfo) {
  HttpResponse response;
  response.status = 429;
  response.headers = {{"retry-after", "soon"}};
  absl::Status status = StatusFromHttpResponse(response, ErrorContext{"", absl::Now()});
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(GetDetail<google::rpc::RetryInfo>(status).has_value());
}

TEST(HttpErrorMappingTest, InvalidParamsBecomeBadRequest) {
  HttpResponse response;
  response.status = 422;
  response.body = R"({"title": "Validation failed", "status": 422,
      "invalid-params": [{"name": "name", "reason": "too long"}, "junk", {}],
      "errors": [{"field": "annotator_emails[0]", "message": "unknown user"}]})";
  absl::Status status = StatusFromHttpResponse(response, ErrorContext{"", absl::Now()});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  auto bad = GetDetail<google::rpc::BadRequest>(status);
  ASSERT_TRUE(bad.has_value());
  ASSERT_EQ(bad->field_violations_size(), 2);
  EXPECT_EQ(bad->field_violations(0).field(), "name");
  EXPECT_EQ(bad->field_violations(0).description(), "too long");
  EXPECT_EQ(bad->field_violations(1).field(), "annotator_emails[0]");
  EXPECT_EQ(bad->field_violations(1).description(), "unknown user");
}

TEST(HttpErrorMappingTest, HugeProblemTextIsBounded) {
  HttpResponse response;
  response.status = 400;
  response.body = R"({"title": ")" + std::string(100000, 'x') + R"("})";
  absl::Status status = StatusFromHttpResponse(response, ErrorContext{"", absl::Now()});
  EXPECT_LT(status.message().size(), 1200u);
}

}  // namespace
}  // namespace aqgate::upstream
