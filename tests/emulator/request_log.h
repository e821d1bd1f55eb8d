// The log of /v2 requests the emulator answered: method, raw path and query,
// status, fault. Never bodies, never headers (so never keys).
#ifndef AQGATE_TESTS_EMULATOR_REQUEST_LOG_H_
#define AQGATE_TESTS_EMULATOR_REQUEST_LOG_H_

#include <deque>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace aqgate::emulator {

struct LoggedRequest {
  std::string method;
  std::string path;   // percent-encoding intact
  std::string query;  // raw query string
  int status = 0;
  std::string fault;  // empty when none
};

class RequestLog {
 public:
  static constexpr size_t kCapacity = 100000;  // oldest entries drop first

  void Add(LoggedRequest entry);
  void Clear();
  std::string ToJson();  // {"requests": [...]}

 private:
  absl::Mutex mu_;
  std::deque<LoggedRequest> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace aqgate::emulator

#endif  // AQGATE_TESTS_EMULATOR_REQUEST_LOG_H_
