// ThreadSanitizer shim for Debian's (uninstrumented) abseil synchronization.
//
// Linked into every executable of a TSan build (-DAQGATE_SANITIZE=thread) and
// nowhere else. libabsl_synchronization.so is not built with -fsanitize=thread,
// so TSan cannot see the happens-before that absl::Mutex, absl::CondVar and
// absl::Notification establish (atomics and futexes inside the library) and
// reports a false race on nearly every field guarded by an absl::Mutex.
//
// This file defines the out-of-line public methods of those classes in the
// executable. Symbols of the executable take precedence over the shared
// library's for every caller (our code, libgrpc, and libabsl's own calls that
// go through its PLT), so each call lands here. Each definition calls the real
// method (dlsym(RTLD_NEXT, <mangled name>)) and tells TSan about the edge:
//   - __tsan_release(key) before anything that releases,
//   - __tsan_acquire(key) after anything that acquires.
// Reader locks use a second key (mutex address + 1) so that readers do not
// synchronize with each other, as in TSan's own reader-writer model.
// Nothing is suppressed: races on data accessed without the lock stay
// visible (tests/sanitize/tsan_shim_test.cc proves it).
//
// One deliberate blind spot: while the real method runs, this thread's memory
// accesses are ignored (__tsan_ignore_thread_begin/end). abseil evaluates
// absl::Condition functions (our instrumented code) inside Lock/Unlock/Await,
// sometimes on the unlocking thread on behalf of a waiter, at points TSan
// cannot order; their reads would be false races. Condition functions only
// read state guarded by the mutex, so only those reads go unchecked.
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

extern "C" {
void __tsan_ignore_thread_begin();
void __tsan_ignore_thread_end();
}

namespace aqgate::tsan_shim {
namespace {

// Resolves the library's definition of `mangled` (the next one after this
// executable's) or aborts: a silently missing edge would bring the false
// races back, a missing symbol means abseil's ABI changed.
void* Real(const char* mangled) {
  void* fn = dlsym(RTLD_NEXT, mangled);
  if (fn == nullptr) {
    std::fprintf(stderr, "tsan_absl_shim: %s not found in abseil: %s\n", mangled,
                 dlerror());
    std::abort();
  }
  return fn;
}

// Function-local statics: resolved once, thread-safe, no static-init order.
#define AQGATE_REAL(type, mangled) \
  static const auto real = reinterpret_cast<type>(Real(mangled))

void* Key(const void* p) { return const_cast<void*>(p); }
// Readers release into this key, writers acquire from it (see header).
void* ReaderKey(const absl::Mutex* mu) {
  return const_cast<char*>(reinterpret_cast<const char*>(mu)) + 1;
}

void AcquireExclusive(const absl::Mutex* mu) {
  __tsan_acquire(Key(mu));
  __tsan_acquire(ReaderKey(mu));
}
void AcquireShared(const absl::Mutex* mu) { __tsan_acquire(Key(mu)); }
void ReleaseExclusive(const absl::Mutex* mu) { __tsan_release(Key(mu)); }
void ReleaseShared(const absl::Mutex* mu) { __tsan_release(ReaderKey(mu)); }

// Brackets a call into the library (see header: absl::Condition functions).
class IgnoreAccesses {
 public:
  IgnoreAccesses() { __tsan_ignore_thread_begin(); }
  ~IgnoreAccesses() { __tsan_ignore_thread_end(); }
  IgnoreAccesses(const IgnoreAccesses&) = delete;
  IgnoreAccesses& operator=(const IgnoreAccesses&) = delete;
};

// Notification::HasBeenNotified() is inline: an instrumented acquire load of
// the private notified_yet_ in the caller's code. Notify() releases into that
// address too, so the inline load synchronizes with it. The mirror's layout
// is checked against the real class.
struct NotificationLayout {
  absl::Mutex mutex;
  std::atomic<bool> notified_yet;
};
static_assert(sizeof(NotificationLayout) == sizeof(absl::Notification),
              "absl::Notification layout changed; update the TSan shim");
void* NotifiedKey(const absl::Notification* n) {
  return const_cast<char*>(reinterpret_cast<const char*>(n)) +
         offsetof(NotificationLayout, notified_yet);
}

}  // namespace
}  // namespace aqgate::tsan_shim

namespace absl {
ABSL_NAMESPACE_BEGIN

using ::aqgate::tsan_shim::AcquireExclusive;
using ::aqgate::tsan_shim::AcquireShared;
using ::aqgate::tsan_shim::IgnoreAccesses;
using ::aqgate::tsan_shim::NotifiedKey;
using ::aqgate::tsan_shim::Real;
using ::aqgate::tsan_shim::ReleaseExclusive;
using ::aqgate::tsan_shim::ReleaseShared;

// ---- Mutex: exclusive ----

void Mutex::Lock() {
  AQGATE_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex4LockEv");
  {
    IgnoreAccesses ignore;
    real(this);
  }
  AcquireExclusive(this);
}

bool Mutex::TryLock() {
  AQGATE_REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex7TryLockEv");
  bool locked;
  {
    IgnoreAccesses ignore;
    locked = real(this);
  }
  if (locked) AcquireExclusive(this);
  return locked;
}

void Mutex::Unlock() {
  AQGATE_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex6UnlockEv");
  ReleaseExclusive(this);
  IgnoreAccesses ignore;
  real(this);
}

void Mutex::LockWhen(const Condition& cond) {
  AQGATE_REAL(void (*)(Mutex*, const Condition&),
              "_ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE");
  {
    IgnoreAccesses ignore;
    real(this, cond);
  }
  AcquireExclusive(this);
}

bool Mutex::LockWhenWithTimeout(const Condition& cond, absl::Duration timeout) {
  AQGATE_REAL(bool (*)(Mutex*, const Condition&, absl::Duration),
              "_ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, timeout);
  }
  AcquireExclusive(this);  // held on return either way
  return met;
}

bool Mutex::LockWhenWithDeadline(const Condition& cond, absl::Time deadline) {
  AQGATE_REAL(bool (*)(Mutex*, const Condition&, absl::Time),
              "_ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, deadline);
  }
  AcquireExclusive(this);
  return met;
}

// ---- Mutex: shared ----

void Mutex::ReaderLock() {
  AQGATE_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex10ReaderLockEv");
  {
    IgnoreAccesses ignore;
    real(this);
  }
  AcquireShared(this);
}

bool Mutex::ReaderTryLock() {
  AQGATE_REAL(bool (*)(Mutex*), "_ZN4absl7debian35Mutex13ReaderTryLockEv");
  bool locked;
  {
    IgnoreAccesses ignore;
    locked = real(this);
  }
  if (locked) AcquireShared(this);
  return locked;
}

void Mutex::ReaderUnlock() {
  AQGATE_REAL(void (*)(Mutex*), "_ZN4absl7debian35Mutex12ReaderUnlockEv");
  ReleaseShared(this);
  IgnoreAccesses ignore;
  real(this);
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  AQGATE_REAL(void (*)(Mutex*, const Condition&),
              "_ZN4absl7debian35Mutex14ReaderLockWhenERKNS0_9ConditionE");
  {
    IgnoreAccesses ignore;
    real(this, cond);
  }
  AcquireShared(this);
}

bool Mutex::ReaderLockWhenWithTimeout(const Condition& cond, absl::Duration timeout) {
  AQGATE_REAL(
      bool (*)(Mutex*, const Condition&, absl::Duration),
      "_ZN4absl7debian35Mutex25ReaderLockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, timeout);
  }
  AcquireShared(this);
  return met;
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, absl::Time deadline) {
  AQGATE_REAL(
      bool (*)(Mutex*, const Condition&, absl::Time),
      "_ZN4absl7debian35Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, deadline);
  }
  AcquireShared(this);
  return met;
}

// ---- Mutex: Await (held exclusively before and after; released while
// waiting, so others' critical sections happen before the return) ----

void Mutex::Await(const Condition& cond) {
  AQGATE_REAL(void (*)(Mutex*, const Condition&),
              "_ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE");
  ReleaseExclusive(this);
  {
    IgnoreAccesses ignore;
    real(this, cond);
  }
  AcquireExclusive(this);
}

bool Mutex::AwaitWithTimeout(const Condition& cond, absl::Duration timeout) {
  AQGATE_REAL(bool (*)(Mutex*, const Condition&, absl::Duration),
              "_ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE");
  ReleaseExclusive(this);
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, timeout);
  }
  AcquireExclusive(this);
  return met;
}

bool Mutex::AwaitWithDeadline(const Condition& cond, absl::Time deadline) {
  AQGATE_REAL(bool (*)(Mutex*, const Condition&, absl::Time),
              "_ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  ReleaseExclusive(this);
  bool met;
  {
    IgnoreAccesses ignore;
    met = real(this, cond, deadline);
  }
  AcquireExclusive(this);
  return met;
}

// ---- CondVar: Wait releases the mutex and reacquires it; Signal releases
// into the condition variable, which a woken waiter acquires ----

void CondVar::Wait(Mutex* mu) {
  AQGATE_REAL(void (*)(CondVar*, Mutex*), "_ZN4absl7debian37CondVar4WaitEPNS0_5MutexE");
  ReleaseExclusive(mu);
  {
    IgnoreAccesses ignore;
    real(this, mu);
  }
  AcquireExclusive(mu);
  __tsan_acquire(this);
}

bool CondVar::WaitWithTimeout(Mutex* mu, absl::Duration timeout) {
  AQGATE_REAL(bool (*)(CondVar*, Mutex*, absl::Duration),
              "_ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE");
  ReleaseExclusive(mu);
  bool timed_out;
  {
    IgnoreAccesses ignore;
    timed_out = real(this, mu, timeout);
  }
  AcquireExclusive(mu);
  __tsan_acquire(this);
  return timed_out;
}

bool CondVar::WaitWithDeadline(Mutex* mu, absl::Time deadline) {
  AQGATE_REAL(bool (*)(CondVar*, Mutex*, absl::Time),
              "_ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  ReleaseExclusive(mu);
  bool timed_out;
  {
    IgnoreAccesses ignore;
    timed_out = real(this, mu, deadline);
  }
  AcquireExclusive(mu);
  __tsan_acquire(this);
  return timed_out;
}

void CondVar::Signal() {
  AQGATE_REAL(void (*)(CondVar*), "_ZN4absl7debian37CondVar6SignalEv");
  __tsan_release(this);
  IgnoreAccesses ignore;
  real(this);
}

void CondVar::SignalAll() {
  AQGATE_REAL(void (*)(CondVar*), "_ZN4absl7debian37CondVar9SignalAllEv");
  __tsan_release(this);
  IgnoreAccesses ignore;
  real(this);
}

// ---- Notification ----

void Notification::Notify() {
  AQGATE_REAL(void (*)(Notification*), "_ZN4absl7debian312Notification6NotifyEv");
  __tsan_release(NotifiedKey(this));
  IgnoreAccesses ignore;
  real(this);
}

void Notification::WaitForNotification() const {
  AQGATE_REAL(void (*)(const Notification*),
              "_ZNK4absl7debian312Notification19WaitForNotificationEv");
  {
    IgnoreAccesses ignore;
    real(this);
  }
  __tsan_acquire(NotifiedKey(this));
}

bool Notification::WaitForNotificationWithTimeout(absl::Duration timeout) const {
  AQGATE_REAL(bool (*)(const Notification*, absl::Duration),
              "_ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE");
  bool notified;
  {
    IgnoreAccesses ignore;
    notified = real(this, timeout);
  }
  if (notified) __tsan_acquire(NotifiedKey(this));
  return notified;
}

bool Notification::WaitForNotificationWithDeadline(absl::Time deadline) const {
  AQGATE_REAL(bool (*)(const Notification*, absl::Time),
              "_ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE");
  bool notified;
  {
    IgnoreAccesses ignore;
    notified = real(this, deadline);
  }
  if (notified) __tsan_acquire(NotifiedKey(this));
  return notified;
}

ABSL_NAMESPACE_END
}  // namespace absl
