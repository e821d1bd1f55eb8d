// A minimal upstream on an OS-chosen port that answers every request with
// one canned body: for responses the emulator cannot produce (deep or huge
// `data` structs).
#ifndef AQGATE_TESTS_RELIABILITY_FAKE_UPSTREAM_H_
#define AQGATE_TESTS_RELIABILITY_FAKE_UPSTREAM_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace aqgate::testing {

class FakeUpstream {
 public:
  static absl::StatusOr<std::unique_ptr<FakeUpstream>> Start(std::string body);
  ~FakeUpstream();

  std::string base_url() const;
  int requests() const { return requests_; }

 private:
  FakeUpstream() = default;

  std::string body_;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace aqgate::testing

#endif  // AQGATE_TESTS_RELIABILITY_FAKE_UPSTREAM_H_
