// A one-way "stop" flag that sleepers can wait on. Injected latency puts one
// sleeping worker thread behind every request in flight (thousands in the
// concurrency benchmark); a timed wait on absl::Notification makes them all
// contend for one absl::Mutex waiter list (perf: a third of the emulator's
// samples in absl's contention back-off), a condition variable does not.
#ifndef AQGATE_TESTS_EMULATOR_STOP_SIGNAL_H_
#define AQGATE_TESTS_EMULATOR_STOP_SIGNAL_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace aqgate::emulator {

class StopSignal {
 public:
  void Raise() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      raised_ = true;
    }
    raised_cv_.notify_all();
  }

  bool raised() const {
    std::lock_guard<std::mutex> lock(mu_);
    return raised_;
  }

  // Sleeps at least `duration` by the steady clock; false if Raise() came
  // first (or had already come).
  bool SleepFor(std::chrono::steady_clock::duration duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    std::unique_lock<std::mutex> lock(mu_);
    return !raised_cv_.wait_until(lock, deadline, [this] { return raised_; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable raised_cv_;
  bool raised_ = false;
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_STOP_SIGNAL_H_
