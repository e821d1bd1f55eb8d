// Resource readings of a running process from /proc: resident memory, open
// file descriptors, threads. Used to watch the gateway return to baseline.
#ifndef AQGATE_TESTS_RELIABILITY_PROCESS_STATS_H_
#define AQGATE_TESTS_RELIABILITY_PROCESS_STATS_H_

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace aqgate::testing {

struct ProcessStats {
  int64_t rss_kib = -1;  // VmRSS
  int open_fds = -1;     // entries of /proc/<pid>/fd
  int threads = -1;      // Threads
};

// -1 fields when the process is gone or /proc cannot be read.
ProcessStats ReadProcessStats(pid_t pid);

std::string DescribeStats(const ProcessStats& stats);

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_RELIABILITY_PROCESS_STATS_H_
