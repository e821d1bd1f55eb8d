// The retry decorator (architecture decision 5). Per request:
//   - idempotent requests (GET, DELETE, PATCH, annotate, assign) retry on
//     HTTP 429/502/503/504 and on transport errors (connect failure, broken
//     connection, attempt timeout);
//   - non-idempotent ones (create queue, add records) retry only when the
//     upstream surely did not act: HTTP 429 or a connection never made;
//   - the wait is the response's Retry-After when present (it wins over
//     the backoff; one longer than max_retry_after ends the retries),
//     else exponential backoff with full jitter;
//   - no retry starts if its wait would end at or past the deadline: the
//     last result is returned instead;
//   - at most max_attempts attempts, the first included.
// The result carries the attempt count (HttpResponse::attempts, or ErrorInfo
// metadata "attempts"). Waits run on the injected Scheduler, so tests check
// exact delays on a fake clock.
#ifndef AQGATE_SERVICE_UPSTREAM_RETRYING_TRANSPORT_H_
#define AQGATE_SERVICE_UPSTREAM_RETRYING_TRANSPORT_H_

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/upstream/backoff.h"
#include "service/upstream/http_transport.h"

namespace aqgate::upstream {

struct RetryOptions {
  int max_attempts = 4;
  BackoffOptions backoff;
  // A Retry-After longer than this is not waited for.
  absl::Duration max_retry_after = absl::Seconds(60);
};

// Whether `result` may be retried for a request of `idempotency`.
bool IsRetryable(const absl::StatusOr<HttpResponse>& result, Idempotency idempotency);

class RetryingTransport final : public HttpTransport {
 public:
  // `inner` and `scheduler` must outlive every call sent through this.
  RetryingTransport(HttpTransport* inner, Scheduler* scheduler, RetryOptions options,
                    UniformRandom random);

  void Send(HttpRequest request, absl::Time deadline, std::shared_ptr<Cancellation> cancellation,
            HttpCallback done) override;

  struct Config;  // shared by the in-flight calls; defined in the .cc

 private:
  std::shared_ptr<const Config> config_;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_RETRYING_TRANSPORT_H_
