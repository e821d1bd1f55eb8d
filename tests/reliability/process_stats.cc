#include "tests/reliability/process_stats.h"

#include <dirent.h>

#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace aqgate::testing {
namespace {

int CountFds(pid_t pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/fd");
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

}  // namespace

ProcessStats ReadProcessStats(pid_t pid) {
  ProcessStats stats;
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    absl::string_view view(line);
    if (absl::ConsumePrefix(&view, "VmRSS:")) {
      view = absl::StripAsciiWhitespace(view);
      absl::ConsumeSuffix(&view, "kB");
      int64_t kib = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(view), &kib)) stats.rss_kib = kib;
    } else if (absl::ConsumePrefix(&view, "Threads:")) {
      int threads = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(view), &threads)) stats.threads = threads;
    }
  }
  stats.open_fds = CountFds(pid);
  return stats;
}

std::string DescribeStats(const ProcessStats& stats) {
  return absl::StrCat("rss=", stats.rss_kib, "KiB fds=", stats.open_fds,
                      " threads=", stats.threads);
}

}  // namespace aqgate::testing
