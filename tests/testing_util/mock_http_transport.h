// A gMock of upstream::HttpTransport plus actions that complete a Send, e.g.
//   EXPECT_CALL(transport, Send(_, _, _, _))
//       .WillOnce(RespondWith(503, "", {{"retry-after", "2"}}))
//       .WillOnce(RespondWith(200, R"({"id": "q1", ...})"));
#ifndef AQGATE_TESTS_TESTING_UTIL_MOCK_HTTP_TRANSPORT_H_
#define AQGATE_TESTS_TESTING_UTIL_MOCK_HTTP_TRANSPORT_H_

#include <memory>
#include <string>
#include <utility>

#include <gmock/gmock.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "service/upstream/call_context.h"
#include "service/upstream/http_transport.h"
#include "service/upstream/http_types.h"

namespace aqgate::testing_util {

class MockHttpTransport : public upstream::HttpTransport {
 public:
  MOCK_METHOD(void, Send,
              (upstream::HttpRequest request, absl::Time deadline,
               std::shared_ptr<upstream::Cancellation> cancellation, upstream::HttpCallback done),
              (override));
};

// Completes the Send at once with an HTTP response.
inline auto RespondWith(int status, std::string body = "", upstream::HttpHeaders headers = {}) {
  return [status, body = std::move(body), headers = std::move(headers)](
             upstream::HttpRequest, absl::Time, std::shared_ptr<upstream::Cancellation>,
             upstream::HttpCallback done) {
    upstream::HttpResponse response;
    response.status = status;
    response.body = body;
    response.headers = headers;
    std::move(done)(std::move(response));
  };
}

// Completes the Send at once with a transport error.
inline auto FailWith(absl::Status status) {
  return [status = std::move(status)](upstream::HttpRequest, absl::Time,
                                      std::shared_ptr<upstream::Cancellation>,
                                      upstream::HttpCallback done) { std::move(done)(status); };
}

}  // namespace aqgate::testing_util

#endif  // AQGATE_TESTS_TESTING_UTIL_MOCK_HTTP_TRANSPORT_H_
