#include "service/upstream/retrying_transport.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "service/upstream/gateway_errors.h"
#include "service/upstream/retry_after.h"

namespace aqgate::upstream {

struct RetryingTransport::Config {
  HttpTransport* inner;
  Scheduler* scheduler;
  RetryOptions options;
  ExponentialBackoff backoff;
};

namespace {

// One call: its attempts and waits. Touched only from the I/O thread (the
// transport's and the scheduler's callbacks), so it needs no lock.
struct RetryCall {
  std::shared_ptr<const RetryingTransport::Config> config;
  HttpRequest request;
  absl::Time deadline;
  std::shared_ptr<Cancellation> cancellation;
  uint64_t cancel_listener = 0;  // the key of our listener on `cancellation`
  HttpCallback done;
  int attempts = 0;
  bool waiting = false;
  bool finished = false;
};

void StartAttempt(std::shared_ptr<RetryCall> call);

void Finish(RetryCall& call, absl::StatusOr<HttpResponse> result) {
  if (call.finished) return;
  call.finished = true;
  if (call.cancellation != nullptr) call.cancellation->Forget(call.cancel_listener);
  if (result.ok()) {
    result->attempts = call.attempts;
  } else {
    absl::Status status = result.status();
    SetErrorMetadata(status, "attempts", absl::StrCat(call.attempts));
    result = std::move(status);
  }
  std::move(call.done)(std::move(result));
}

absl::Status CancelledStatus() {
  return GatewayError(absl::StatusCode::kCancelled, kReasonCancelled, "the call was cancelled");
}

void OnResult(std::shared_ptr<RetryCall> call, absl::StatusOr<HttpResponse> result) {
  const auto& config = *call->config;
  if (call->finished) return;
  if (!IsRetryable(result, call->request.idempotency) ||
      call->attempts >= config.options.max_attempts) {
    Finish(*call, std::move(result));
    return;
  }
  const absl::Time now = config.scheduler->Now();
  absl::Duration delay = config.backoff.Delay(call->attempts);
  if (result.ok()) {
    if (std::optional<std::string> header = result->Header("retry-after")) {
      if (std::optional<absl::Duration> asked = ParseRetryAfter(*header, now)) {
        if (*asked > config.options.max_retry_after) {
          Finish(*call, std::move(result));
          return;
        }
        delay = *asked;
      }
    }
  }
  if (now + delay >= call->deadline) {
    Finish(*call, std::move(result));
    return;
  }
  call->waiting = true;
  config.scheduler->RunAt(now + delay, [call](absl::Status status) {
    if (call->finished) return;
    call->waiting = false;
    if (!status.ok()) {
      Finish(*call, std::move(status));
      return;
    }
    StartAttempt(call);
  });
}

void StartAttempt(std::shared_ptr<RetryCall> call) {
  if (call->cancellation != nullptr && call->cancellation->IsCancelled()) {
    Finish(*call, CancelledStatus());
    return;
  }
  ++call->attempts;
  HttpTransport* inner = call->config->inner;
  absl::Time deadline = call->deadline;
  std::shared_ptr<Cancellation> cancellation = call->cancellation;
  inner->Send(call->request, deadline, std::move(cancellation),
              [call](absl::StatusOr<HttpResponse> result) { OnResult(call, std::move(result)); });
}

}  // namespace

bool IsRetryable(const absl::StatusOr<HttpResponse>& result, Idempotency idempotency) {
  const bool idempotent = idempotency == Idempotency::kIdempotent;
  if (result.ok()) {
    const int status = result->status;
    if (status == 429) return true;  // rate limited: the upstream did not act
    return idempotent && (status == 502 || status == 503 || status == 504);
  }
  const std::string reason = ErrorReason(result.status());
  if (reason == kReasonConnectFailed) return true;  // never connected
  return idempotent && (reason == kReasonConnectionError || reason == kReasonTimeout);
}

RetryingTransport::RetryingTransport(HttpTransport* inner, Scheduler* scheduler,
                                     RetryOptions options, UniformRandom random)
    : config_(std::make_shared<Config>(
          Config{inner, scheduler, options, ExponentialBackoff(options.backoff, std::move(random))})) {}

void RetryingTransport::Send(HttpRequest request, absl::Time deadline,
                             std::shared_ptr<Cancellation> cancellation, HttpCallback done) {
  auto call = std::make_shared<RetryCall>();
  call->config = config_;
  call->request = std::move(request);
  call->deadline = deadline;
  call->cancellation = cancellation;
  call->done = std::move(done);
  if (cancellation != nullptr) {
    // A cancel during a backoff wait ends the call at once (in-flight
    // attempts are aborted by the inner transport itself).
    std::weak_ptr<RetryCall> weak = call;
    call->cancel_listener = cancellation->OnCancel([weak] {
      std::shared_ptr<RetryCall> locked = weak.lock();
      if (locked == nullptr) return;
      locked->config->scheduler->RunAt(absl::InfinitePast(), [weak](absl::Status status) {
        std::shared_ptr<RetryCall> call = weak.lock();
        if (!status.ok() || call == nullptr || !call->waiting) return;
        Finish(*call, CancelledStatus());
      });
    });
  }
  StartAttempt(std::move(call));
}

}  // namespace aqgate::upstream
