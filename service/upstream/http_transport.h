// The asynchronous HTTP transport interface and the scheduler (clock +
// timers) the retry layer waits on. The production implementation of both is
// CurlTransport (one event-loop thread); tests use MockHttpTransport and
// FakeScheduler from tests/testing_util.
#ifndef AQGATE_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_
#define AQGATE_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_

#include <memory>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/call_context.h"
#include "service/upstream/http_types.h"

namespace aqgate::upstream {

// Any HTTP status is a response (the REST layer maps it); a non-OK status
// means no usable response arrived: it carries an ErrorInfo in domain
// "aqgate" whose reason is one of the kReason* transport reasons
// (transport_errors.h).
using HttpCallback = absl::AnyInvocable<void(absl::StatusOr<HttpResponse>) &&>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  // Starts `request` and returns at once. `done` runs exactly once, on the
  // I/O thread: with the response, or an error when `deadline` passes
  // (DEADLINE_EXCEEDED), `cancellation` fires (CANCELLED), or the transport
  // fails or shuts down. `cancellation` may be null.
  virtual void Send(HttpRequest request, absl::Time deadline,
                    std::shared_ptr<Cancellation> cancellation, HttpCallback done) = 0;
};

// A clock and timers on the I/O thread. Injected so that tests control time.
class Scheduler {
 public:
  virtual ~Scheduler() = default;

  virtual absl::Time Now() = 0;
  // Runs `fn` on the I/O thread at (or soon after) `when`, with OK; or with
  // CANCELLED if the scheduler shuts down first. Exactly once either way.
  virtual void RunAt(absl::Time when, absl::AnyInvocable<void(absl::Status) &&> fn) = 0;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_HTTP_TRANSPORT_H_
