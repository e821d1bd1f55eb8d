// Resource figures of another process, read from /proc: thread count
// (/proc/PID/task), resident set (VmRSS) and its peak (VmHWM), plus a
// background sampler that keeps the maxima while a load runs.
#ifndef AQGATE_BENCH_PROC_STATS_H_
#define AQGATE_BENCH_PROC_STATS_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <thread>

#include "absl/time/time.h"

namespace aqgate::bench {

// Number of threads of `pid`; -1 when it cannot be read.
int ThreadCount(pid_t pid);
// A "VmXxx:" line of /proc/PID/status in KiB; -1 when absent/unreadable.
int64_t StatusKib(pid_t pid, const char* field);
inline int64_t RssKib(pid_t pid) { return StatusKib(pid, "VmRSS"); }
inline int64_t PeakRssKib(pid_t pid) { return StatusKib(pid, "VmHWM"); }
// User + system CPU time `pid` has used, in seconds; -1 when unreadable.
double CpuSeconds(pid_t pid);

// Polls a process every `period` until destroyed or Stop(): max threads
// and max VmRSS seen.
class PeakSampler {
 public:
  PeakSampler(pid_t pid, absl::Duration period);
  ~PeakSampler();
  PeakSampler(const PeakSampler&) = delete;
  PeakSampler& operator=(const PeakSampler&) = delete;

  void Stop();
  int max_threads() const { return max_threads_.load(); }
  int64_t max_rss_kib() const { return max_rss_kib_.load(); }

 private:
  void SampleOnce();

  pid_t pid_;
  absl::Duration period_;
  std::atomic<bool> stop_{false};
  std::atomic<int> max_threads_{0};
  std::atomic<int64_t> max_rss_kib_{0};
  std::thread thread_;
};

}  // namespace aqgate::bench

#endif  // AQGATE_BENCH_PROC_STATS_H_
