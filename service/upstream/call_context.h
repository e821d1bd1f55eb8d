// What travels with every upstream call: whose credentials, until when, under
// which request ID, and a way for the caller to give up.
#ifndef AQGATE_SERVICE_UPSTREAM_CALL_CONTEXT_H_
#define AQGATE_SERVICE_UPSTREAM_CALL_CONTEXT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace aqgate::upstream {

// Lets a caller abandon calls it started (a gRPC client went away). Thread
// safe. Cancel() runs every registered listener once, on the cancelling
// thread; a listener registered after Cancel() runs at once.
class Cancellation {
 public:
  using Listener = absl::AnyInvocable<void() &&>;

  void Cancel() {
    std::vector<std::pair<uint64_t, Listener>> listeners;
    {
      absl::MutexLock lock(&mu_);
      if (cancelled_) return;
      cancelled_ = true;
      listeners.swap(listeners_);
    }
    for (auto& [key, listener] : listeners) std::move(listener)();
  }

  bool IsCancelled() const {
    absl::MutexLock lock(&mu_);
    return cancelled_;
  }

  // The transport registers how to abort its in-flight request. Listeners
  // must be cheap and must not block (typically: wake the event loop).
  // Returns the key to Forget() the listener with once its request is over
  // (one Cancellation outlives many requests: a stream fetches thousands of
  // pages); 0 when the listener already ran.
  uint64_t OnCancel(Listener listener) {
    {
      absl::MutexLock lock(&mu_);
      if (!cancelled_) {
        listeners_.emplace_back(++last_key_, std::move(listener));
        return last_key_;
      }
    }
    std::move(listener)();
    return 0;
  }

  // Drops a listener that is no longer needed; unknown keys are ignored.
  void Forget(uint64_t key) {
    absl::MutexLock lock(&mu_);
    for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
      if (it->first == key) {
        listeners_.erase(it);
        return;
      }
    }
  }

  // Listeners registered and neither run nor forgotten (for tests).
  size_t pending_listeners() const {
    absl::MutexLock lock(&mu_);
    return listeners_.size();
  }

 private:
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t last_key_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::pair<uint64_t, Listener>> listeners_ ABSL_GUARDED_BY(mu_);
};

struct CallContext {
  // The caller's Arize API key; empty means the client's configured default
  // key. Never logged, never put into an error.
  std::string api_key;
  // The whole call (every retry and backoff included) must finish by then;
  // past it the call completes with DEADLINE_EXCEEDED.
  absl::Time deadline = absl::InfiniteFuture();
  // Sent upstream as `X-Request-Id` and written to logs.
  std::string request_id;
  // Optional; when cancelled, in-flight requests are aborted and the call
  // completes with CANCELLED.
  std::shared_ptr<Cancellation> cancellation;
};

}  // namespace aqgate::upstream

#endif  // AQGATE_SERVICE_UPSTREAM_CALL_CONTEXT_H_
