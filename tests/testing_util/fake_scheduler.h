// A manual clock and timer queue implementing upstream::Scheduler: nothing
// runs until the test says so, and the clock only moves when a timer runs
// or the test advances it. Records every wait that was asked for, so retry
// tests assert exact backoff delays.
#ifndef AQGATE_TESTS_TESTING_UTIL_FAKE_SCHEDULER_H_
#define AQGATE_TESTS_TESTING_UTIL_FAKE_SCHEDULER_H_

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "service/upstream/http_transport.h"

namespace aqgate::testing_util {

class FakeScheduler : public upstream::Scheduler {
 public:
  explicit FakeScheduler(absl::Time start = absl::FromUnixSeconds(1767225600))  // 2026-01-01
      : now_(start) {}

  absl::Time Now() override {
    absl::MutexLock lock(&mu_);
    return now_;
  }

  void RunAt(absl::Time when, absl::AnyInvocable<void(absl::Status) &&> fn) override {
    absl::MutexLock lock(&mu_);
    if (when > now_) waits_.push_back(when - now_);
    timers_.push_back(Timer{std::max(when, now_), next_sequence_++, std::move(fn)});
  }

  // Runs the earliest pending timer (moving the clock to its time).
  // Returns false when none is pending.
  bool RunNext() {
    absl::AnyInvocable<void(absl::Status) &&> fn;
    {
      absl::MutexLock lock(&mu_);
      if (timers_.empty()) return false;
      auto earliest = std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
        return a.when != b.when ? a.when < b.when : a.sequence < b.sequence;
      });
      now_ = std::max(now_, earliest->when);
      fn = std::move(earliest->fn);
      timers_.erase(earliest);
    }
    std::move(fn)(absl::OkStatus());
    return true;
  }

  // Runs timers until none is left (at most `limit`, against runaway loops).
  int RunAll(int limit = 1000) {
    int ran = 0;
    while (ran < limit && RunNext()) ++ran;
    return ran;
  }

  // Completes every pending timer with CANCELLED, as a shutdown does.
  void CancelAll() {
    std::vector<Timer> timers;
    {
      absl::MutexLock lock(&mu_);
      timers.swap(timers_);
    }
    for (Timer& timer : timers) std::move(timer.fn)(absl::CancelledError("scheduler shut down"));
  }

  void Advance(absl::Duration duration) {
    absl::MutexLock lock(&mu_);
    now_ += duration;
  }

  // Every positive wait asked for so far, in order.
  std::vector<absl::Duration> waits() {
    absl::MutexLock lock(&mu_);
    return waits_;
  }

  std::size_t pending() {
    absl::MutexLock lock(&mu_);
    return timers_.size();
  }

 private:
  struct Timer {
    absl::Time when;
    int sequence;
    absl::AnyInvocable<void(absl::Status) &&> fn;
  };

  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  int next_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Timer> timers_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Duration> waits_ ABSL_GUARDED_BY(mu_);
};

}  // namespace aqgate::testing_util

#endif  // AQGATE_TESTS_TESTING_UTIL_FAKE_SCHEDULER_H_
