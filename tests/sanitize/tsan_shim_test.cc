// Proves that tsan_absl_shim.cc gives TSan abseil's happens-before without
// blinding it: each scenario runs in a child process (a gtest death test)
// and must end with a "ThreadSanitizer: data race" report exactly when a
// shared field is touched outside the synchronization.
//
// Two threads touch `shared` one after the other. They are ordered in time by
// a relaxed atomic flag, which TSan (correctly) does not count as
// synchronization, so only abseil's edges as seen through the shim can make
// the second access "happen after" the first. Built and registered only in
// TSan builds (-DAQGATE_SANITIZE=thread).
#include <dlfcn.h>
#include <stdlib.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aqgate::tsan_shim {
namespace {

using ::testing::ExitedWithCode;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kTsanExitCode = 66;  // TSan's default exitcode after a report
constexpr char kRace[] = "ThreadSanitizer: data race";

// Runs `first` on one thread, then `second` on another once `first` is done.
void RunInOrder(const std::function<void()>& first, const std::function<void()>& second) {
  std::atomic<bool> first_done{false};
  std::thread later([&] {
    while (!first_done.load(std::memory_order_relaxed)) std::this_thread::yield();
    second();
  });
  std::thread earlier([&] {
    first();
    first_done.store(true, std::memory_order_relaxed);
  });
  earlier.join();
  later.join();
}

// Runs a scenario in this (child) process and exits 0; TSan turns the exit
// code into 66 if it reported anything.
[[noreturn]] void RunAndExit(void (*scenario)()) {
  scenario();
  std::exit(0);
}

// `volatile` keeps -O1 from folding the accesses away.
struct Shared {
  absl::Mutex mu;
  volatile int value = 0;
};

void ControlNoSync() {
  Shared s;
  RunInOrder([&] { s.value = 1; }, [&] { s.value = 2; });
}

void MutexBothLocked() {
  Shared s;
  RunInOrder(
      [&] {
        absl::MutexLock lock(&s.mu);
        s.value = 1;
      },
      [&] {
        absl::MutexLock lock(&s.mu);
        s.value = 2;
      });
}

void MutexSecondUnlocked() {
  Shared s;
  RunInOrder(
      [&] {
        absl::MutexLock lock(&s.mu);
        s.value = 1;
      },
      [&] { s.value = 2; });
}

void MutexWriteAfterUnlock() {
  Shared s;
  RunInOrder(
      [&] {
        { absl::MutexLock lock(&s.mu); }
        s.value = 1;  // outside the critical section
      },
      [&] {
        absl::MutexLock lock(&s.mu);
        s.value = 2;
      });
}

void ReaderThenWriter() {
  Shared s;
  RunInOrder(
      [&] {
        absl::ReaderMutexLock lock(&s.mu);
        int v = s.value;
        static_cast<void>(v);
      },
      [&] {
        absl::MutexLock lock(&s.mu);
        s.value = 2;
      });
}

// Readers must not synchronize with each other: a write under a reader lock
// is a race with another reader.
void WriteUnderReaderLock() {
  Shared s;
  RunInOrder(
      [&] {
        absl::ReaderMutexLock lock(&s.mu);
        s.value = 1;
      },
      [&] {
        absl::ReaderMutexLock lock(&s.mu);
        int v = s.value;
        static_cast<void>(v);
      });
}

void TryLockBothLocked() {
  Shared s;
  RunInOrder(
      [&] {
        while (!s.mu.TryLock()) std::this_thread::yield();
        s.value = 1;
        s.mu.Unlock();
      },
      [&] {
        while (!s.mu.TryLock()) std::this_thread::yield();
        s.value = 2;
        s.mu.Unlock();
      });
}

void LockWhenHandOff() {
  Shared s;
  bool ready = false;
  std::thread waiter([&] {
    s.mu.LockWhen(absl::Condition(&ready));
    s.value = 2;
    s.mu.Unlock();
  });
  {
    absl::MutexLock lock(&s.mu);
    s.value = 1;
    ready = true;
  }
  waiter.join();
}

void AwaitWithMethodCondition() {
  Shared s;
  bool ready = false;
  std::thread waiter([&] {
    absl::MutexLock lock(&s.mu);
    auto is_ready = [&]() { return ready; };
    s.mu.AwaitWithTimeout(absl::Condition(&is_ready), absl::Seconds(30));
    s.value = 2;
  });
  {
    absl::MutexLock lock(&s.mu);
    s.value = 1;
    ready = true;
  }
  waiter.join();
}

void NotificationHandOff() {
  Shared s;
  absl::Notification done;
  RunInOrder(
      [&] {
        s.value = 1;
        done.Notify();
      },
      [&] {
        done.WaitForNotification();
        s.value = 2;
      });
}

// HasBeenNotified() is an inline atomic load in this file's code.
void NotificationPolled() {
  Shared s;
  absl::Notification done;
  std::thread poller([&] {
    while (!done.HasBeenNotified()) std::this_thread::yield();
    s.value = 2;
  });
  s.value = 1;
  done.Notify();
  poller.join();
}

void NotificationWriteAfterNotify() {
  Shared s;
  absl::Notification done;
  RunInOrder(
      [&] {
        done.Notify();
        s.value = 1;  // after the hand-off
      },
      [&] {
        done.WaitForNotification();
        s.value = 2;
      });
}

void CondVarHandOff() {
  Shared s;
  absl::CondVar cv;
  bool ready = false;
  std::thread waiter([&] {
    absl::MutexLock lock(&s.mu);
    while (!ready) cv.Wait(&s.mu);
    s.value = 2;
  });
  {
    absl::MutexLock lock(&s.mu);
    s.value = 1;
    ready = true;
    cv.Signal();
  }
  waiter.join();
}

void CondVarWriteAfterSignal() {
  Shared s;
  absl::CondVar cv;
  bool ready = false;
  std::atomic<bool> woken{false};
  std::thread waiter([&] {
    {
      absl::MutexLock lock(&s.mu);
      while (!ready) cv.WaitWithTimeout(&s.mu, absl::Seconds(30));
    }
    woken.store(true, std::memory_order_relaxed);
    s.value = 2;
  });
  {
    absl::MutexLock lock(&s.mu);
    ready = true;
    cv.SignalAll();
  }
  while (!woken.load(std::memory_order_relaxed)) std::this_thread::yield();
  s.value = 1;  // unsynchronized with the waiter's write
  waiter.join();
}

// Calling abseil's real Lock/Unlock (not the shim's) must bring the race
// back: shows the shim, not something else, supplies the edges.
void RealAbseilWithoutShim() {
  using Fn = void (*)(absl::Mutex*);
  auto real_lock = reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "_ZN4absl7debian35Mutex4LockEv"));
  auto real_unlock =
      reinterpret_cast<Fn>(dlsym(RTLD_NEXT, "_ZN4absl7debian35Mutex6UnlockEv"));
  if (real_lock == nullptr || real_unlock == nullptr) std::abort();
  Shared s;
  auto locked_write = [&](int v) {
    real_lock(&s.mu);
    s.value = v;
    real_unlock(&s.mu);
  };
  RunInOrder([&] { locked_write(1); }, [&] { locked_write(2); });
}

class TsanShimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    // The children's reports are this test's expected output: on stderr, not
    // in scripts/sanitize's report folder (log_path), which must stay empty.
    setenv("TSAN_OPTIONS", "halt_on_error=1", /*overwrite=*/1);
  }
};

#define EXPECT_RACE(scenario) \
  EXPECT_EXIT(RunAndExit(scenario), ExitedWithCode(kTsanExitCode), kRace)
#define EXPECT_NO_RACE(scenario) \
  EXPECT_EXIT(RunAndExit(scenario), ExitedWithCode(0), Not(HasSubstr("ThreadSanitizer")))

TEST_F(TsanShimTest, UnsynchronizedWritesAreReported) { EXPECT_RACE(ControlNoSync); }

TEST_F(TsanShimTest, MutexOrdersCriticalSections) { EXPECT_NO_RACE(MutexBothLocked); }

TEST_F(TsanShimTest, AccessWithoutTheMutexIsReported) { EXPECT_RACE(MutexSecondUnlocked); }

TEST_F(TsanShimTest, WriteAfterUnlockIsReported) { EXPECT_RACE(MutexWriteAfterUnlock); }

TEST_F(TsanShimTest, WriterSeesEarlierReader) { EXPECT_NO_RACE(ReaderThenWriter); }

TEST_F(TsanShimTest, ReadersDoNotSynchronizeWithEachOther) {
  EXPECT_RACE(WriteUnderReaderLock);
}

TEST_F(TsanShimTest, TryLockOrdersCriticalSections) { EXPECT_NO_RACE(TryLockBothLocked); }

TEST_F(TsanShimTest, LockWhenHandOff) { EXPECT_NO_RACE(LockWhenHandOff); }

TEST_F(TsanShimTest, AwaitWithInstrumentedCondition) {
  EXPECT_NO_RACE(AwaitWithMethodCondition);
}

TEST_F(TsanShimTest, NotificationHandOff) { EXPECT_NO_RACE(NotificationHandOff); }

TEST_F(TsanShimTest, NotificationPolledWithInlineHasBeenNotified) {
  EXPECT_NO_RACE(NotificationPolled);
}

TEST_F(TsanShimTest, WriteAfterNotifyIsReported) { EXPECT_RACE(NotificationWriteAfterNotify); }

TEST_F(TsanShimTest, CondVarHandOff) { EXPECT_NO_RACE(CondVarHandOff); }

TEST_F(TsanShimTest, WriteAfterCondVarHandOffIsReported) {
  EXPECT_RACE(CondVarWriteAfterSignal);
}

TEST_F(TsanShimTest, RealAbseilWithoutTheShimIsBlind) { EXPECT_RACE(RealAbseilWithoutShim); }

}  // namespace
}  // namespace aqgate::tsan_shim
