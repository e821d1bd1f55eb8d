#include "bench/proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace aqgate::bench {

int ThreadCount(pid_t pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/task");
  DIR* dir = opendir(path.c_str());
  if (dir == nullptr) return -1;
  int count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

int64_t StatusKib(pid_t pid, const char* field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  const std::string prefix = absl::StrCat(field, ":");
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view rest = line;
    if (!absl::ConsumePrefix(&rest, prefix)) continue;
    rest = absl::StripAsciiWhitespace(rest);
    absl::ConsumeSuffix(&rest, "kB");
    int64_t value = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(rest), &value)) return value;
    return -1;
  }
  return -1;
}

double CpuSeconds(pid_t pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command (which may hold spaces) start after the last ')'.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> fields = absl::StrSplit(stat.substr(close + 2), ' ');
  // utime and stime are fields 14 and 15 of the whole line: 11 and 12 here.
  int64_t utime = 0;
  int64_t stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return -1;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

PeakSampler::PeakSampler(pid_t pid, absl::Duration period) : pid_(pid), period_(period) {
  SampleOnce();
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      absl::SleepFor(period_);
      SampleOnce();
    }
  });
}

PeakSampler::~PeakSampler() { Stop(); }

void PeakSampler::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

void PeakSampler::SampleOnce() {
  const int threads = ThreadCount(pid_);
  if (threads > max_threads_.load()) max_threads_.store(threads);
  const int64_t rss = RssKib(pid_);
  if (rss > max_rss_kib_.load()) max_rss_kib_.store(rss);
}

}  // namespace aqgate::bench
